"""Tests of cardsmith.build."""
