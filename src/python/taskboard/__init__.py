"""Taskboard: the sample multi-user live task board of this reference monorepo."""
