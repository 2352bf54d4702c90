"""Routers, one per tag; operation ids are `<tag>-<name>`."""
