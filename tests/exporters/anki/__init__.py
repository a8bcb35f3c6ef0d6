"""Tests of the anki."""
