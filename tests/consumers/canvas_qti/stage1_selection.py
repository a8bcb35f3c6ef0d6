"""Stage 1 handlers for selection/ordering, outcomes processing and manifest parts."""

from __future__ import annotations

import posixpath

from .content_package import CPFile, Resource21
from .identifiers import QTI_EXTENSIONS, _Crash, _resolve, fix_identifier
from .stage1_handlers import Collect, H
from .stage1_processing import SelectionOrdering
from .stage1_structure import Section


def _section_of(h: H) -> Section | None:
    node: H | None = h
    while node is not None and not isinstance(node, SelectionOrdering):
        node = node.parent
    return node.section if isinstance(node, SelectionOrdering) else None


class Selection(Collect):
    kinds: tuple[str, ...] = ("Selection",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("SelectionOrdering",))
        self.parse(attrs)

    def a_sequence_type(self, value: str) -> None:
        section = _section_of(self)
        if section is not None and value.lower() == "repeat":
            section.with_replacement = True


class SelectionNumber(Collect):
    where = ("Selection",)
    key = ""

    def init(self, attrs: dict[str, str]) -> None:
        self.check(self.where)

    def close(self) -> None:
        section, data = _section_of(self), self.data.strip()
        if section is None or not data:
            return
        if self.key:
            section.extensions.append((self.key, data))
        else:
            section.select = data


class SourceBankRef(SelectionNumber):
    key = "sourcebank_ref"


class SelectionExtension(H):
    kinds: tuple[str, ...] = ("SelectionExtension",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("Selection",))


class PointsPerItem(SelectionNumber):
    where = ("SelectionExtension",)
    key = "points_per_item"


class SourceBankContext(PointsPerItem):
    key = "sourcebank_context"


class SourceBankIsExternal(PointsPerItem):
    key = "sourcebank_is_external"


class OutcomesProcessing(Collect):
    kinds: tuple[str, ...] = ("OutcomesProcessing",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTISection", "QTIAssessment"))
        self.weights: dict[str, str] = {}

    def close(self) -> None:
        up = self.up()
        if isinstance(up, Section):
            up.weights = self.weights


class ObjectsCondition(Collect):
    kinds: tuple[str, ...] = ("ObjectsCondition",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("ResProcessing", "OutcomesProcessing"))
        self.weight: str | None = None
        self.identity: str | None = None

    def close(self) -> None:
        up = self.up()
        if isinstance(up, OutcomesProcessing) and self.identity and self.weight:
            up.weights[self.identity] = self.weight


class OutcomesMetadata(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.mdname: str | None = None
        self.check(("ObjectsCondition",))
        self.parse(attrs)

    def a_mdname(self, value: str) -> None:
        self.mdname = value

    def a_pname(self, value: str) -> None:
        self.mdname = value

    def close(self) -> None:
        up = self.up()
        assert isinstance(up, ObjectsCondition)
        data = self.data.strip()
        if self.name == "outcomes_metadata" and (self.mdname or "").lower() == "ident":
            up.identity = fix_identifier(data.replace(":", "-"))
        if self.name == "objects_parameter" and (self.mdname or "").lower() == "qmd_weighting":
            up.weight = data


class ItemRef(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.ref: str | None = None
        self.check(("QTISection",))
        self.parse(attrs)

    def a_linkrefid(self, value: str) -> None:
        self.ref = fix_identifier(value.replace(":", "-"))

    def close(self) -> None:
        up = self.up()
        if self.ref and isinstance(up, Section):
            up.add_item_ref(self.ref, self.conv.cp.unique_file_name(
                f"assessmentItems/{self.ref}.xml", save=False))


class SelectionMetadata(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.parent = self.item_v1()
        self.check(("QTISection",))

    def close(self) -> None:
        data = self.data.strip()
        up = self.up()
        if data and isinstance(up, Section):
            ref = fix_identifier(data)
            up.add_item_ref(ref, self.conv.cp.unique_file_name(
                f"assessmentItems/{ref}.xml", save=False))


class Manifest(H):
    """imsqtiv1.py Manifest: the <file>s of imsmanifest.xml go into one webcontent resource."""

    kinds: tuple[str, ...] = ("Manifest",)

    def init(self, attrs: dict[str, str]) -> None:
        conv = self.conv
        self.files: dict[str, str] = {}
        if conv.path.endswith("imsmanifest.xml"):
            self.resource = Resource21("webcontent")
            self.base: str | None = posixpath.dirname(conv.path)
            conv.cp.add_resource(self.resource)
            conv.manifest = self
        elif conv.manifest is not None:
            self.resource = conv.manifest.resource
            self.base = conv.manifest.base
            self.files = conv.manifest.files
        else:
            self.resource = Resource21("webcontent")
            self.base = None

    def add_file(self, uri: str) -> None:
        if uri[-4:].lower() in QTI_EXTENSIONS or uri in self.files:
            return
        if self.base is None:  # ResolveURI on self.path None
            raise _Crash("<manifest> outside imsmanifest.xml (TypeError in ResolveURI)")
        self.resource.add_file(CPFile(uri, source=_resolve(self.base, uri)))
        self.files[uri] = uri


class ManifestPart(H):
    """Resources, Resource, File: only a <file href> inside manifest/resources/resource counts."""

    ok = False

    def init(self, attrs: dict[str, str]) -> None:
        need = {"resources": "Manifest", "resource": "resources", "file": "resource"}[self.name]
        up = self.parent
        self.kinds = (self.name,)
        self.ok = up is not None and (up.isa(need) and (
            not isinstance(up, ManifestPart) or up.ok))
        if self.ok and self.name == "file" and "href" in attrs:
            manifest = self.up().up().up()  # file → resource → resources → manifest
            if isinstance(manifest, Manifest):
                manifest.add_file(attrs["href"])
