"""The GitHub Actions workflows' checks (see BUILD)."""
