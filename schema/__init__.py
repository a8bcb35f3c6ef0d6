"""The deck format's JSON Schema, shipped as package data (`deck.schema.json`)."""
