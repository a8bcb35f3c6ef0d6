"""cardsmith's built-in exporters, registered through the `cardsmith.exporters` entry points."""
