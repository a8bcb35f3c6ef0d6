"""cardsmith's built-in importers, installed as `cardsmith.importers`.

Each source format is one module or package here, with its `Importer`
subclass (see `cardsmith.importer`), registered under the entry-point group
`cardsmith.importers` in pyproject.toml, exactly as a third party's would be.
"""
