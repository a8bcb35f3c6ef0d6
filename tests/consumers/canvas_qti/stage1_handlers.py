"""Stage 1 handler base classes: one object per QTI 1.2 element (QTIParserV1)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .body import B
from .identifiers import _Crash, _NotModelled, xml_string

if TYPE_CHECKING:
    from .stage1 import Stage1
    from .stage1_processing import DecVar
    from .stage1_structure import Section


# -- the handlers: one object a QTI 1.2 element, as QTIParserV1.startElement creates them

class H:
    """imsqtiv1.py QTIObjectV1: an element being converted."""

    kinds: tuple[str, ...] = ("QTIObjectV1",)

    def __init__(self, conv: Stage1, name: str, attrs: dict[str, str], parent: H | None) -> None:
        self.conv = conv
        self.name = name
        self.parent = parent
        self.data = ""
        self.init(attrs)

    def init(self, attrs: dict[str, str]) -> None:
        self.parse(attrs)

    def parse(self, attrs: dict[str, str]) -> None:
        """QTIObjectV1.ParseAttributes: SetAttribute_<name> for the attributes it knows."""
        for key, value in attrs.items():
            method = getattr(self, "a_" + re.sub(r"\W", "_", key), None)
            if method is not None:
                method(value)

    def isa(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)

    def check(self, kinds: tuple[str, ...], hard: bool = True) -> bool:
        """QTIObjectV1.CheckLocation; with do_assert a QTIException, which kills migrate.py."""
        if self.parent is not None and self.parent.isa(*kinds):
            return True
        if hard:
            raise _Crash(f"<{self.name}> in unexpected location (QTIException: TypeError "
                         "under Python 3)")
        return False

    def up(self) -> H:
        if self.parent is None:
            raise _Crash(f"<{self.name}> outside the QTI structure (assert self.parent)")
        return self.parent

    def item_v1(self) -> H:
        """GetItemV1: the nearest item, section or assessment."""
        return self.up().item_v1()

    def helper(self) -> Helper:
        """GetInstructureHelperContainer."""
        return self.up().helper()

    def md_container(self) -> Helper:
        """GetMDContainer."""
        return self.up().md_container()

    def root(self) -> H:
        return self if self.parent is None else self.parent.root()

    def warnings(self) -> list[str] | None:
        return None if self.parent is None else self.parent.warnings()

    def warn(self, message: str) -> None:
        found = self.warnings()
        if found is not None and message not in found:
            found.append(message)

    def flow_level(self) -> int:
        return self.up().flow_level()

    def add_data(self, data: str) -> None:
        pass

    def append(self, b: B) -> None:
        raise _Crash(f"<{self.name}> has no AppendElement (AttributeError)")

    def close(self) -> None:
        pass

    def label_thing(self) -> str | None:
        raise _Crash(f"<{self.name}> has no GetLabelThing (AttributeError)")

    def sniff_hotspot(self) -> bool:
        return False if self.parent is None else self.parent.sniff_hotspot()


class Collect(H):
    """An element whose text is collected (AddData appends)."""

    def add_data(self, data: str) -> None:
        self.data += data


class Unsupported(H):
    """imsqtiv1.py Unsupported/Skipped: the element and everything inside is dropped."""

    kinds: tuple[str, ...] = ("Unsupported",)


class Raw(H):
    """imsqtiv1.py RawMaterial: a tag inside a mat* element, turned back into text."""

    kinds: tuple[str, ...] = ("RawMaterial",)

    def init(self, attrs: dict[str, str]) -> None:
        up = self.up()
        up.add_data(f"<{self.name}")
        for key, value in attrs.items():
            up.add_data(f' {key}="{xml_string(value)}"')
        up.add_data(">")

    def add_data(self, data: str) -> None:
        self.up().add_data(data)

    def close(self) -> None:
        self.up().add_data(f"</{self.name}>")


class Inert(Collect):
    """A known element with no effect on what Canvas imports (qmd_* details, vocabulary...)."""


class NotModelled(H):
    """A known element this model does not follow (hotspots, sliders, formulas, ...)."""

    def init(self, attrs: dict[str, str]) -> None:
        raise _NotModelled(f"<{self.name}> is not modelled")


class Helper(Collect):
    """imsqtiv1.py InstructureHelperContainer (+ QTIMetadataContainer)."""

    def init(self, attrs: dict[str, str]) -> None:
        self.fields: dict[str, str] = {}
        self.question_type: str | None = None
        self.bb_question_type: str | None = None
        self.bb_max_score: str | None = None
        self.assessment_type: str | None = None
        self.max_attempts: str | None = None
        self.question_bank: Any = None
        self.question_bank_name: str | None = None
        self.setup(attrs)

    def setup(self, attrs: dict[str, str]) -> None:
        self.parse(attrs)

    def helper(self) -> Helper:
        return self

    def md_container(self) -> Helper:
        return self

    def meta(self, key: str, value: str) -> None:
        self.fields[key] = value

    def set_question_type(self, value: str) -> None:
        self.question_type = value
        self.meta("question_type", value)

    def set_max_attempts(self, value: str) -> None:
        self.max_attempts = value

    def set_title(self, title: str) -> None:
        pass

    def add_section(self, section: Section) -> None:
        pass

    def declare_outcome(self, decvar: DecVar) -> None:
        pass

    def bank_id(self) -> str | None:
        return None

    def bank_name(self) -> str | None:
        return None
