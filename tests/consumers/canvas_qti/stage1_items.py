"""Stage 1 handlers for item and the metadata elements."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .body import B, _add_all, _b_nodes
from .content_package import CPFile, Resource21
from .dom import Node, el
from .identifiers import _Crash, _NotModelled, encode_path_segment, fix_identifier, relative_url
from .stage1_handlers import Collect, H, Helper
from .stage1_structure import (
    Assessment,
    Decl,
    ObjectBank,
    QuesTestInterop,
    RCond,
    RuleList,
    Section,
    _bv,
    _var,
)

if TYPE_CHECKING:
    from .stage1_processing import DecVar


class Item(Helper):
    """imsqtiv1.py QTIItem: becomes an assessmentItem."""

    kinds: tuple[str, ...] = ("QTIItem", "Helper")

    def setup(self, attrs: dict[str, str]) -> None:
        up = self.up()
        if isinstance(up, Helper) and up.question_bank:
            self.meta("question_bank", up.bank_name() or "")
            bank_id = up.bank_id()
            if bank_id:
                self.meta("question_bank_iden", bank_id)
        if not isinstance(self.root(), QuesTestInterop):
            raise _Crash("<item> outside <questestinterop> (AttributeError: parser)")
        self.identifier = ""
        self.title = ""
        self.label: str | None = None
        self.resource = Resource21("imsqti_item_xmlv2p0")
        self.resource.id = self.conv.random_id()
        self.msg: list[str] = []
        self.variables: dict[str, Decl | None] = {"FEEDBACK": None}
        self.responses: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}
        self.interactions: dict[str, B] = {}
        self.doc_vars: dict[str, Decl] = {}
        self.body: list[B] = []
        self.rp: RuleList | None = None
        self.feedback: list[B] = []
        self.feedback_declared = False
        self.lom_title: str | None = None
        self.fname = ""
        self.parse(attrs)
        if not self.fname:
            self.fname = self.conv.cp.unique_file_name(f"assessmentItems/{self.resource.id}.xml")
        scope: H | None = up
        while scope is not None and not isinstance(scope, Assessment):
            scope = scope.parent
        self.files: dict[str, str] = scope.files if isinstance(scope, Assessment) else {}

    def a_ident(self, value: str) -> None:
        if self.identifier:
            return
        value = value.replace(":", "-")
        self.resource.id = self.identifier = fix_identifier(value)
        self.resource.lom_ident = self.identifier
        self.fname = self.conv.cp.unique_file_name(f"assessmentItems/{self.resource.id}.xml")

    def a_title(self, value: str) -> None:
        self.title = value

    def a_label(self, value: str) -> None:
        self.label = self.resource.label = value

    def warnings(self) -> list[str]:
        return self.msg

    def item_v1(self) -> H:
        return self

    def set_title(self, title: str) -> None:
        if not self.title:
            self.lom_title = title

    # variables (QTIItem.DeclareResponse, DeclareOutcome, GetOutcome, ...)
    def _unique(self, base: str) -> str:
        for n in range(1, 100):
            candidate = base + str(n).zfill(2)
            if candidate not in self.variables:
                return candidate
        raise _Crash(f"too many similar variables {base}")

    def _declare_doc(self, d: Decl) -> None:
        if d.identifier in self.doc_vars:  # AssessmentItem.DeclareVariable
            raise _Crash(f"duplicate variable {d.identifier} (QTIException)")
        self.doc_vars[d.identifier] = d

    def declare_response(self, identifier: str | None, cardinality: str, base_type: str) -> str:
        identifier = identifier or "no_id"
        name = self._unique(identifier) if identifier in self.variables else identifier
        self.responses[identifier] = name
        d = Decl(name, cardinality, base_type, outcome=False)
        self._declare_doc(d)
        self.variables[name] = d
        return name

    def response(self, identifier: str | None) -> Decl | None:
        if identifier is not None and identifier in self.responses:
            return self.variables[self.responses[identifier]]
        return None

    def declare_outcome(self, decvar: DecVar) -> None:
        ident = decvar.identifier or "SCORE"
        name = self._unique(ident) if ident in self.variables else ident
        self.outcomes[ident] = name
        d = Decl(name, "single", decvar.base_type, outcome=True)
        d.decvar = decvar
        self._declare_doc(d)
        self.variables[name] = d

    def outcome(self, identifier: str) -> Decl:
        if identifier in self.outcomes:
            d = self.variables[self.outcomes[identifier]]
            assert d is not None
            return d
        name = self._unique(identifier) if identifier in self.variables else identifier
        self.outcomes[identifier] = name
        d = Decl(name, "single", "float", outcome=True)
        self._declare_doc(d)
        self.variables[name] = d
        return d

    def declare_feedback(self) -> None:
        if not self.feedback_declared:
            self._declare_doc(Decl("FEEDBACK", "multiple", "identifier", outcome=True))
            self.feedback_declared = True

    def rules(self) -> RuleList:
        if self.rp is None:
            self.rp = RuleList([])
        return self.rp

    def bind(self, interaction: B, identifier: str | None) -> None:
        d = self.response(identifier)
        if d is None:
            raise _Crash("BindResponse on an undeclared response (AttributeError)")
        interaction.attrs = {"responseIdentifier": d.identifier, **interaction.attrs}
        self.interactions[d.identifier] = interaction

    def add_cp_file(self, uri: str) -> str:
        """QTIItem.AddCPFile: a matimage file is copied beside the items, by its base name."""
        uri = uri.replace("%%LINKPATH%%", "")
        if uri in self.files:
            return self.files[uri]
        root = self.root()
        source: str | None = None
        location = uri
        if relative_url(uri) and isinstance(root, QuesTestInterop):
            source = root.resolve(uri)
            if source is not None and source in self.conv.zipped:
                name = self.conv.cp.unique_file_name(posixpath.basename(source))
                location = encode_path_segment(name)
        self.resource.add_file(CPFile(location, source=source))
        self.files[uri] = location
        return location

    def close(self) -> None:
        up = self.up()
        if isinstance(up, Section):
            assert self.resource.id is not None
            up.add_item_ref(self.resource.id, self.fname, None, self.resource.label)
        rules = self.rules()
        for d in list(self.doc_vars.values()):  # decvar min/max become extra conditions
            dv = d.decvar
            if dv is None:
                continue
            for bound, op in ((dv.min, "lt"), (dv.max, "gt")):
                if bound:
                    val = str(int(bound)) if dv.base_type == "integer" else str(bound)
                    base = "integer" if dv.base_type == "integer" else "float"
                    rules.rules.append(RCond(
                        el(op, {}, _var(d.identifier), _bv(base, val)),
                        [el("setOutcomeValue", {"identifier": d.identifier}, _bv(base, val))]))
        if self.title:
            self.lom_title = self.title
        self.resource.lom_title = self.lom_title
        for inter in self.interactions.values():
            if inter.name not in self.resource.interaction_types:
                self.resource.interaction_types.append(inter.name)
        if self.bb_question_type:
            self.resource.inst_md["bb_question_type"] = self.bb_question_type
        if self.question_type:
            self.resource.inst_md["question_type"] = self.question_type
        root = self.root()
        assert isinstance(root, QuesTestInterop)
        root.add_resource(self.resource)
        self.resource.add_file(CPFile(self.fname, doc=self.document()), entry=True)
        self.resource.comment = "\n".join(self.msg)

    def document(self) -> Node:
        attrs = {"identifier": self.identifier, "title": self.title}
        if self.label:
            attrs["label"] = self.label
        doc = el("assessmentItem", {**attrs, "adaptive": "false", "timeDependent": "false"})
        if self.fields:
            md = doc.add(el("instructureMetadata"))
            for k, v in self.fields.items():
                md.add(el("instructureField", {"name": k, "value": v}))
        for outcome in (False, True):
            for name in sorted(self.doc_vars):
                d = self.doc_vars[name]
                if d.outcome == outcome:
                    doc.add(el("outcomeDeclaration" if outcome else "responseDeclaration",
                               {"identifier": d.identifier, "cardinality": d.cardinality,
                                "baseType": d.base_type}))
        body = doc.add(el("itemBody"))
        for b in self.body:
            _add_all(body, _b_nodes(b))
        if self.rp is not None and self.rp.rules:
            rp = doc.add(el("responseProcessing"))
            for r in self.rp.rules:
                rp.add(r.node() if isinstance(r, RCond) else r)
        for fb in self.feedback:
            node = doc.add(el("modalFeedback", {"outcomeIdentifier": "FEEDBACK",
                                                "showHide": "show",
                                                "identifier": fb.attrs.get("identifier", "")}))
            for c in fb.children:
                _add_all(node, _b_nodes(c))
        return doc


class ItemMetadata(H):
    kinds: tuple[str, ...] = ("ItemMetadata",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIItem",))


class QTIMetadata(H):
    kinds: tuple[str, ...] = ("QTIMetadata",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("ItemMetadata", "QTIObjectBank", "QTIAssessment", "QTISection"))


class AssessmentMetadata(H):
    kinds: tuple[str, ...] = ("AssessmentMetadata",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIAssessment",))


class SectionMetadata(H):
    kinds: tuple[str, ...] = ("SectionMetadata",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTISection",))


# imsqtiv1.py MDFieldMap (labels lower-cased, a "qmd_" prefix dropped)
_QUESTION_TYPE_LABELS = {"itemtype", "item type", "question type", "question_type",
                         "questiontype"}
_POINT_LABELS = {"points_possible", "cc_weighting", "weighting"}
_MAPPED_LABELS = (_QUESTION_TYPE_LABELS | _POINT_LABELS | {
    "maximumscore", "marks", "name", "syllabusarea", "author", "creator", "owner", "status",
    "layoutstatus", "timelimit", "cc_maxattempts", "cc_profile", "bank_title",
    "original_answer_ids", "assessment_question_identifierref", "wct_results_showfeedback",
    "wct_results_showtotalscore", "wct_attempt_attemptsallowed", "wct_results_scoring",
    "wct_fib_questiontext", "wct_questiontype", "wct_questioncategory", "wct_calc_questiontext",
    "assessmenttype", "respondusapi_qpoints", "respondusapi_qtype"})


class MetadataField(H):
    """imsqtiv1.py QTIMetadataField: fieldlabel/fieldentry, dispatched through MDFieldMap."""

    kinds: tuple[str, ...] = ("QTIMetadataField",)

    def init(self, attrs: dict[str, str]) -> None:
        self.label: str | None = None
        self.entry: str | None = None
        self.check(("QTIMetadata",), hard=False)

    def close(self) -> None:
        label = self.label
        if label is None or label not in _MAPPED_LABELS:
            return
        if self.entry is None:
            raise _Crash(f"qtimetadatafield {label} without fieldentry (TypeError)")
        data = self.entry.strip()
        if not data:
            return
        container = self.helper()
        if label in _QUESTION_TYPE_LABELS or label == "respondusapi_qtype":
            container.set_question_type(data)
        elif label in _POINT_LABELS:
            container.meta("points_possible", data)
        elif label in ("original_answer_ids", "assessment_question_identifierref", "cc_profile"):
            if label != "cc_profile" or isinstance(container, Item):
                container.meta(label, data)
        elif label == "bank_title":
            if isinstance(container, ObjectBank):
                container.question_bank_name = data
        elif label == "cc_maxattempts":
            container.set_max_attempts(data)
        elif label == "assessmenttype":
            container.assessment_type = data
        elif label == "respondusapi_qpoints":
            container.bb_max_score = data
            container.meta("max_score", data)
        elif label == "name":
            container.set_title(data)
        elif label.startswith("wct_"):
            raise _NotModelled(f"WebCT metadata {label} is not modelled")


class FieldLabel(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIMetadataField",))

    def close(self) -> None:
        up = self.up()
        assert isinstance(up, MetadataField)
        label = self.data.strip().lower()
        up.label = label[4:] if label.startswith("qmd_") else label


class FieldEntry(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIMetadataField",))

    def close(self) -> None:
        up = self.up()
        assert isinstance(up, MetadataField)
        up.entry = self.data.strip()


class ItemType(Collect):
    """imsqtiv1.py QMDItemType (<qmd_itemtype>)."""

    def close(self) -> None:
        if self.data.strip():
            self.helper().set_question_type(self.data.strip())


class MaxScore(Collect):
    """imsqtiv1.py BBMaxScore (<qmd_absolutescore_max>)."""

    def close(self) -> None:
        if self.data.strip():
            container = self.helper()
            container.bb_max_score = self.data.strip()
            container.meta("max_score", self.data.strip())


class Checked(Collect):
    """An element whose only effect is CheckLocation (duration, itemcontrol)."""

    where: tuple[str, ...] = ()

    def init(self, attrs: dict[str, str]) -> None:
        self.check(self.where)


class Duration(Checked):
    where = ("QTIItem", "QTIAssessment", "QTISection")


class ItemControl(Checked):
    where = ("QTIItem",)


def _item_of(h: H) -> Item:
    found = h.item_v1()
    if not isinstance(found, Item):
        raise _Crash(f"<{h.name}> needs an item, found <{found.name}> (AttributeError)")
    return found
