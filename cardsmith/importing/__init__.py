"""Bringing existing material in: a source file, through an importer, to a checked deck file."""
