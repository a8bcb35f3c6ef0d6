"""Tests of the gift."""
