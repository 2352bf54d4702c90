"""The repository's MCP server for AI assistants: the build graph, affected targets, tests."""
