"""The QTI 2.1 content package stage 1 builds (imscp.py ContentPackage, CPResource, CPFile)."""

from __future__ import annotations

from .dom import Node
from .identifiers import _resolve_cp, fix_identifier, relative_url

# -- the content package being built (imscp.py ContentPackage, CPResource, CPFile)

class CPFile:
    """A file of a resource: generated (doc) or copied from the zip (source)."""

    def __init__(self, href: str, source: str | None = None, doc: Node | None = None) -> None:
        self.href = href
        self.source = source
        self.doc = doc


class Resource21:
    """A resource of the version 2 manifest."""

    def __init__(self, rtype: str) -> None:
        self.id: str | None = None
        self.type = rtype
        self.label: str | None = None
        self.files: list[CPFile] = []
        self.entry: CPFile | None = None
        self.lom_title: str | None = None
        self.lom_ident: str | None = None
        self.inst_md: dict[str, str] = {}
        self.interaction_types: list[str] = []
        self.comment = ""

    def add_file(self, f: CPFile, entry: bool = False) -> None:
        if any(x.href == f.href for x in self.files):
            return
        self.files.append(f)
        if entry:
            self.entry = f


class Package21:
    """The converter's output: imscp.py ContentPackage."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.file_space: set[str] = set()
        self.resources: list[Resource21] = []

    def unique_file_name(self, name: str, save: bool = True) -> str:
        parts = name.split(".")
        stem = parts[0] or "file"
        i = 0
        while True:
            parts[0] = f"{stem}-{i}" if i else stem
            candidate = ".".join(parts)
            if not save:
                return candidate
            if candidate in self.file_space:
                i += 1
                continue
            self.file_space.add(candidate)
            return candidate

    def add_resource(self, r: Resource21) -> None:
        if not r.id or r.id in self.ids:
            base = fix_identifier(r.lom_ident) if r.lom_ident else "resource"
            candidate, n = base, 1
            while candidate in self.ids:
                candidate, n = f"{base}-{n}", n + 1
            r.id = candidate
        self.ids.add(r.id)
        self.resources.append(r)

    def output_files(self, zipped: dict[str, bytes]) -> dict[str, str]:
        """Copied files of the output package: path → zip path of the bytes.

        CPFile.DumpToDirectory: only relative hrefs are written, at ResolveCPURI(href);
        a source missing from the zip is reported and skipped (IOError).
        """
        out: dict[str, str] = {}
        for r in self.resources:
            for f in r.files:
                if (f.doc is None and f.source is not None and f.source in zipped
                        and relative_url(f.href)):
                    out[_resolve_cp(f.href)] = f.source
        return out
