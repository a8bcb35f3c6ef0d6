"""cardsmith test suite."""
