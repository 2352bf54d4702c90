"""Data access: every SQL query of the service lives here, behind small typed methods."""
