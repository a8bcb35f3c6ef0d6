"""The error a failed Canvas import raises."""

from __future__ import annotations


class CanvasImportError(Exception):
    """Where Canvas's import fails for the whole package: the message says why."""
