"""Tests of cardsmith.text."""
