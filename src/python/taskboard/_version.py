"""Taskboard's release version: written by `cz bump` (.cz.toml `version_files`), never by hand."""

__version__ = "0.1.0"
