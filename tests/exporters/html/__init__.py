"""Tests of the html."""
