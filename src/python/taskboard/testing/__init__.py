"""Support for the test suite (and benchmarks): throwaway PostgreSQL servers and databases."""
