"""The HTTP interface: FastAPI app factory, routers, schemas and dependencies."""
