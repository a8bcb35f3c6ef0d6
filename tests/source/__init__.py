"""Tests of cardsmith.source."""
