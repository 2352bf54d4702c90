"""Entities, rules and errors of the task board, free of any web or database concern."""
