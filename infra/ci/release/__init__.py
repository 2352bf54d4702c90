"""The release tests: versions and the changelog from conventional commits (commitizen)."""
