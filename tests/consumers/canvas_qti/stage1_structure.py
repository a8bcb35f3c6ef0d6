"""Stage 1 handlers for questestinterop, objectbank, assessment and section."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .content_package import CPFile, Resource21
from .dom import Node, el
from .identifiers import _Crash, _resolve, fix_identifier
from .stage1_handlers import H, Helper

if TYPE_CHECKING:
    from .stage1_processing import DecVar


class QuesTestInterop(H):
    """imsqtiv1.py QuesTestInterop: the root of a QTI file."""

    kinds: tuple[str, ...] = ("QuesTestInterop",)

    def add_resource(self, r: Resource21) -> None:
        self.conv.cp.add_resource(r)

    def resolve(self, uri: str) -> str | None:
        return _resolve(posixpath.dirname(self.conv.path), uri)

    def bank_id(self) -> str | None:
        return self.conv.file_stem

    def bank_name(self) -> str | None:
        return self.conv.file_stem

    def add_section(self, section: Section) -> None:
        pass

    def helper(self) -> Helper:
        raise _Crash("no InstructureHelperContainer above this element (assert)")

    def md_container(self) -> Helper:
        return self.helper()

    def item_v1(self) -> H:
        return self.helper()


class ObjectBank(Helper):
    """imsqtiv1.py QTIObjectBank."""

    kinds: tuple[str, ...] = ("QTIObjectBank", "Helper")

    def setup(self, attrs: dict[str, str]) -> None:
        self.check(("QuesTestInterop",))
        self.parse(attrs)

    def a_ident(self, value: str) -> None:
        self.question_bank = value

    def bank_id(self) -> str | None:
        return str(self.question_bank) if self.question_bank is not None else None

    def bank_name(self) -> str | None:
        return self.question_bank_name or self.bank_id()

    def set_max_attempts(self, value: str) -> None:
        pass


class Assessment(Helper):
    """imsqtiv1.py QTIAssessment: becomes an assessmentTest."""

    kinds: tuple[str, ...] = ("QTIAssessment", "Helper")

    def setup(self, attrs: dict[str, str]) -> None:
        # GetParser() climbs to the root: without <questestinterop> there is none.
        if not isinstance(self.root(), QuesTestInterop):
            raise _Crash("<assessment> outside <questestinterop> (AttributeError: parser)")
        self.identifier = ""
        self.title = ""
        self.resource = Resource21("imsqti_assessment_xmlv2p1")
        self.sections: list[Section] = []
        self.msg: list[str] = []
        self.files: dict[str, str] = {}
        self.rubric_html: str | None = None
        self.parse(attrs)
        if not self.identifier:
            self.a_ident(self.conv.file_stem or self.conv.random_id())
        self.fname = self.conv.cp.unique_file_name(f"assessmentTests/{self.resource.id}.xml")

    def a_ident(self, value: str) -> None:
        if self.identifier:
            return
        value = value.replace(":", "-")
        self.resource.id = self.identifier = fix_identifier(value)
        self.resource.lom_ident = self.identifier

    def a_title(self, value: str) -> None:
        self.title = value

    def warnings(self) -> list[str]:
        return self.msg

    def item_v1(self) -> H:
        return self

    def add_section(self, section: Section) -> None:
        self.sections.append(section)

    def bank_id(self) -> str | None:
        return self.identifier

    def bank_name(self) -> str | None:
        return self.title

    def close(self) -> None:
        if self.title:
            self.resource.lom_title = self.title
        if self.assessment_type:
            self.resource.inst_md["quiz_type"] = self.assessment_type.lower()
        if self.bb_max_score:
            self.resource.inst_md["max_score"] = self.bb_max_score
        root = self.root()
        assert isinstance(root, QuesTestInterop)
        root.add_resource(self.resource)
        doc = el("assessmentTest", {"identifier": self.identifier, "title": self.title})
        if self.fields:
            md = doc.add(el("instructureMetadata"))
            for k, v in self.fields.items():
                md.add(el("instructureField", {"name": k, "value": v}))
        part = doc.add(el("testPart", {"identifier": "BaseTestPart"}))
        if self.max_attempts:
            part.add(el("itemSessionControl", {"maxAttempts": self.max_attempts}))
        for s in self.sections:
            part.add(s.node())
        self.resource.add_file(CPFile(self.fname, doc=doc), entry=True)
        self.resource.comment = "\n".join(self.msg)


class Section(Helper):
    """imsqtiv1.py QTISection: an assessmentSection."""

    kinds: tuple[str, ...] = ("QTISection", "Helper")

    def setup(self, attrs: dict[str, str]) -> None:
        self.check(("QTIAssessment", "QTISection", "QTIObjectBank", "QuesTestInterop"))
        up = self.up()
        self.question_bank = self if isinstance(up, ObjectBank) else None
        if isinstance(up, Helper):
            self.question_bank = up.question_bank
        self.identifier = ""
        self.title = ""
        self.visible: str | None = None
        self.items: list[Node | Section] = []
        self.refs: dict[str, Node] = {}
        self.shuffle = False
        self.select: str | None = None
        self.with_replacement = False
        self.extensions: list[tuple[str, str]] = []
        self.weights: dict[str, str] = {}
        self.parse(attrs)

    def a_ident(self, value: str) -> None:
        self.identifier = value

    def a_title(self, value: str) -> None:
        self.title = value

    def a_visible(self, value: str) -> None:
        self.visible = value

    def item_v1(self) -> H:
        return self

    def add_section(self, section: Section) -> None:
        self.items.append(section)

    def add_item_ref(self, ref: str, fname: str, weight: str | None = None,
                     label: str | None = None) -> None:
        node = el("assessmentItemRef", {"identifier": ref, "href": f"../{fname}"})
        if label:
            node.attrs["label"] = label
        self.items.append(node)
        self.refs[ref] = node

    def bank_id(self) -> str | None:
        up = self.up()
        return self.identifier if isinstance(up, ObjectBank) else (
            up.bank_id() if isinstance(up, (Helper, QuesTestInterop)) else None)

    def bank_name(self) -> str | None:
        up = self.up()
        return self.title if isinstance(up, ObjectBank) else (
            up.bank_name() if isinstance(up, (Helper, QuesTestInterop)) else None)

    def close(self) -> None:
        for ident, weight in self.weights.items():  # AssessmentSection.ProcessReferences
            if ident in self.refs:
                self.refs[ident].add(el("weight", {"identifier": "0", "value": weight}))
        up = self.up()
        if isinstance(up, (Helper, QuesTestInterop)):
            up.add_section(self)

    def node(self) -> Node:
        attrs = {"identifier": self.identifier}
        if self.title:
            attrs["title"] = self.title
        if self.visible:
            attrs["visible"] = self.visible
        node = el("assessmentSection", attrs)
        if self.shuffle:
            node.add(el("ordering", {"shuffle": "true"}))
        if self.select or self.with_replacement or self.extensions:
            sel = node.add(el("selection"))
            if self.select:
                sel.attrs["select"] = self.select
            if self.with_replacement:
                sel.attrs["withReplacement"] = "True"
            if self.extensions:
                ext = sel.add(el("selectionExtension"))
                for k, v in self.extensions:
                    ext.add(el(k, {}, v))
        for child in self.items:
            node.add(child.node() if isinstance(child, Section) else child)
        return node


class Decl:
    """imsqti.py ResponseDeclaration / OutcomeDeclaration."""

    def __init__(self, identifier: str, cardinality: str, base_type: str, outcome: bool) -> None:
        self.identifier = identifier
        self.cardinality = cardinality
        self.base_type = base_type
        self.outcome = outcome
        self.decvar: DecVar | None = None


class RCond:
    """imsqti.py ResponseCondition (responseIf, responseElseIf*, responseElse?)."""

    def __init__(self, expr: Node | None, rules: list[Node | RCond]) -> None:
        self.branches: list[tuple[Node | None, list[Node | RCond]]] = [(expr, list(rules))]
        self.else_rules: list[Node | RCond] | None = None

    def node(self) -> Node:
        out = el("responseCondition")
        for i, (expr, rules) in enumerate(self.branches):
            branch = out.add(el("responseIf" if i == 0 else "responseElseIf"))
            if expr is not None:
                branch.add(expr)
            for r in rules:
                branch.add(r.node() if isinstance(r, RCond) else r)
        if self.else_rules is not None:
            branch = out.add(el("responseElse"))
            for r in self.else_rules:
                branch.add(r.node() if isinstance(r, RCond) else r)
        return out


class RuleList:
    """Where ResProcessing.AddRespCondition adds the next condition."""

    def __init__(self, rules: list[Node | RCond]) -> None:
        self.rules = rules


def _bv(base_type: str, value: str, identifier: str | None = None) -> Node:
    attrs = {"baseType": base_type}
    if identifier is not None:
        attrs["identifier"] = identifier
    return el("baseValue", attrs, value)


def _var(identifier: str) -> Node:
    return el("variable", {"identifier": identifier})
