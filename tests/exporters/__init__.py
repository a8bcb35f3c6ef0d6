"""Tests of each exporter through its real consumer."""
