"""Reading a deck file and checking it: YAML, schema, rules, texts, media."""
