"""Stage 1 handlers for response_*, render_*, response labels, feedback and solutions."""

from __future__ import annotations

import re
from typing import Any

from .body import B, _div, _text
from .identifiers import _Crash, _d2l_strip, _NotModelled, read_identifier
from .stage1_handlers import Collect, H
from .stage1_items import _item_of
from .stage1_material import Flow, Presentation


class ResponseThing(H):
    """imsqtiv1.py ResponseThing: response_lid, response_str, response_num, response_grp."""

    kinds: tuple[str, ...] = ("ResponseThing",)
    base_type = "identifier"

    def init(self, attrs: dict[str, str]) -> None:
        self.cardinality = "single"
        self.identifier: str | None = None
        self.pre: list[B] = []
        self.post: list[B] = []
        self.interaction: B | None = None
        self.parse(attrs)
        self.check(("Presentation", "FlowV1"))
        self.wrapper: Flow | None = None
        if isinstance(self.up(), Presentation):
            self.wrapper = Flow(self.conv, "flow", {}, self.up())

    def a_rcardinality(self, value: str) -> None:
        self.cardinality = value.lower()

    def a_ident(self, value: str) -> None:
        self.identifier = read_identifier(_d2l_strip(value), "RESPONSE_", self.warnings())

    a_respident = a_ident

    def flow_level(self) -> int:
        return (self.wrapper or self.up()).flow_level()

    def append(self, b: B) -> None:
        (self.post if self.interaction is not None else self.pre).append(b)

    def bad_interaction(self, render: str) -> None:
        self.warn(f"Warning: ignoring <{self.name}> x <{render}>")

    def close(self) -> None:
        target: H = self.wrapper or self.up()
        item = _item_of(self)
        inter = self.interaction
        prompt = (inter is not None and inter.is_block and bool(self.pre)
                  and all(c.is_inline for c in self.pre))
        if prompt and inter is not None:
            inter.prompt = (inter.prompt or []) + self.pre
        else:
            for c in self.pre:
                target.append(c)
        item.declare_response(self.identifier, self.cardinality, self.base_type)
        if inter is not None:
            item.bind(inter, self.identifier)
            target.append(inter)
        for c in self.post:
            target.append(c)
        if self.wrapper is not None:
            self.wrapper.close()


class ResponseLid(ResponseThing):
    kinds: tuple[str, ...] = ("ResponseLID", "ResponseThing")


class ResponseStr(ResponseThing):
    kinds: tuple[str, ...] = ("ResponseStr", "ResponseThing")
    base_type = "string"


class ResponseNum(ResponseThing):
    kinds: tuple[str, ...] = ("ResponseNum", "ResponseThing")
    base_type = "integer"

    def a_numtype(self, value: str) -> None:
        self.base_type = "integer" if value.lower() == "integer" else "float"


class ResponseGrp(ResponseThing):
    kinds: tuple[str, ...] = ("ResponseGrp", "ResponseThing")
    base_type = "pair"


class RenderThing(H):
    """imsqtiv1.py RenderThing."""

    kinds: tuple[str, ...] = ("RenderThing",)

    def init(self, attrs: dict[str, str]) -> None:
        self.pre: list[B] = []
        self.post: list[B] = []
        self.labels: list[Any] = []
        self.thing: str | None = None
        self.max: int | None = None
        self.check(("ResponseThing",))
        self.parse(attrs)
        self.setup()

    def setup(self) -> None:
        pass

    def response(self) -> ResponseThing:
        up = self.up()
        assert isinstance(up, ResponseThing)
        return up

    def a_maxnumber(self, value: str) -> None:
        self.max = int(value) if re.fullmatch(r"\s*[+-]?\d+\s*", value) else None

    def label_thing(self) -> str | None:
        return self.thing

    def append(self, b: B) -> None:
        (self.post if self.labels else self.pre).append(b)

    def append_label(self, label: Any) -> None:
        if self.post:  # "Error: deleting material between response_labels"
            self.post = []
        self.labels.append(label)


class RenderChoice(RenderThing):
    """imsqtiv1.py RenderChoice: choiceInteraction (lid), associateInteraction (grp)."""

    kinds: tuple[str, ...] = ("RenderChoice", "RenderThing")

    def setup(self) -> None:
        resp = self.response()
        self.inter_name: str | None = None
        if isinstance(resp, ResponseLid):
            self.inter_name = ("orderInteraction" if resp.cardinality == "ordered"
                               else "choiceInteraction")
            self.thing = "simpleChoice"
        elif isinstance(resp, ResponseGrp) and resp.cardinality != "ordered":
            self.inter_name = "associateInteraction"
            self.thing = "simpleAssociableChoice"
        else:
            resp.bad_interaction(self.name)

    def close(self) -> None:
        resp = self.response()
        for c in self.pre:
            resp.append(c)
        if self.inter_name is not None:
            inter = resp.interaction
            if inter is None:
                attrs: dict[str, str] = {}
                if self.inter_name == "choiceInteraction":
                    attrs["maxChoices"] = str(self.max or 1)
                inter = B("interaction", self.inter_name, attrs)
            inter.choices.extend(self.labels)
            resp.interaction = inter
        for c in self.post:
            resp.append(c)


class RenderFib(RenderThing):
    """imsqtiv1.py RenderFib: extendedTextInteraction (or textEntryInteraction)."""

    kinds: tuple[str, ...] = ("RenderFib", "RenderThing")

    def init(self, attrs: dict[str, str]) -> None:
        self.fibtype = "string"
        self.children: list[Any] = []
        super().init(attrs)

    def a_fibtype(self, value: str) -> None:
        v = value.strip().lower()
        if v in ("string", "integer"):
            self.fibtype = v
        elif v in ("decimal", "scientific"):
            self.fibtype = "float"

    def setup(self) -> None:
        resp = self.response()
        if isinstance(resp, ResponseNum):
            self.thing = "str"
            if self.fibtype != resp.base_type:
                resp.base_type = self.fibtype = "float"
        elif isinstance(resp, ResponseStr):
            self.thing = "str"
            self.fibtype = "string"
        else:
            self.thing = None
            resp.bad_interaction(self.name)

    def append(self, b: B) -> None:
        self.children.append(b)

    def append_label(self, label: Any) -> None:
        self.children.append(label)
        self.labels.append(label)

    def close(self) -> None:
        if self.thing is None:
            return
        resp = self.response()
        if self.labels and len(self.children) > len(self.labels):
            if resp.cardinality != "single":
                raise _NotModelled("render_fib with labels and material, cardinality multiple")
            for child in self.children:
                if isinstance(child, str):
                    resp.interaction = B("interaction", "textEntryInteraction")
                else:
                    resp.append(child)
        else:
            resp.interaction = B("interaction", "extendedTextInteraction")


class ResponseLabel(Collect):
    """imsqtiv1.py ResponseLabel: a simpleChoice, simpleAssociableChoice or fib label."""

    kinds: tuple[str, ...] = ("ResponseLabel",)

    def init(self, attrs: dict[str, str]) -> None:
        self.rshuffle: int | None = 0
        self.identifier: str | None = None
        self.children: list[B] = []
        self.thing = self.up().label_thing()
        self.parse(attrs)
        self.check(("FlowLabel", "RenderThing"))

    def a_rshuffle(self, value: str) -> None:
        low = value.lower()
        self.rshuffle = 1 if low == "yes" else 0 if low == "no" else None

    def a_rarea(self, value: str) -> None:
        if value.strip().lower() not in ("rectangle", "ellipse", "bounded"):
            raise _Crash(f"unknown rarea {value!r} (QTIException)")

    def a_ident(self, value: str) -> None:
        self.identifier = read_identifier(_d2l_strip(value), "RESPONSE_", self.warnings())

    def flow_level(self) -> int:
        return self.up().flow_level()

    def append(self, b: B) -> None:
        self.children.append(b)

    def close(self) -> None:
        if not self.identifier:
            return
        up = self.up()
        if not isinstance(up, (RenderThing, FlowLabel)):
            return
        if self.thing in ("simpleChoice", "simpleAssociableChoice"):
            choice = B("choice", self.thing, {"identifier": self.identifier,
                                              "fixed": "false" if self.rshuffle else "true"})
            data = self.data.strip()
            if data and not self.children:
                choice.children.append(_text(data))
            elif not data:
                choice.children.extend(self.children)
            up.append_label(choice)
        elif self.thing == "str":
            up.append_label(self.identifier)


class FlowLabel(H):
    """imsqtiv1.py FlowLabel: transparent for response_labels."""

    kinds: tuple[str, ...] = ("FlowLabel",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("RenderThing", "FlowLabel"))

    def flow_level(self) -> int:
        return self.up().flow_level()

    def label_thing(self) -> str | None:
        return self.up().label_thing()

    def append_label(self, label: Any) -> None:
        up = self.up()
        assert isinstance(up, (RenderThing, FlowLabel))
        up.append_label(label)


class ItemFeedback(H):
    """imsqtiv1.py ItemFeedback: a modalFeedback, its ident through ReadIdentifier."""

    kinds: tuple[str, ...] = ("ItemFeedback",)

    def init(self, attrs: dict[str, str]) -> None:
        self.feedback = B("feedback", "modalFeedback")
        self.parse(attrs)
        self.check(("QTIItem",))

    def a_ident(self, value: str) -> None:
        self.feedback.attrs["identifier"] = read_identifier(value, "FEEDBACK_", self.warnings())

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        self.feedback.children.append(b)

    def close(self) -> None:
        _item_of(self).feedback.append(self.feedback)


class Solution(H):
    """imsqtiv1.py Solution: a div class="solution" in the feedback."""

    kinds: tuple[str, ...] = ("Solution",)
    where = ("ItemFeedback",)
    css_class = "solution"
    hard = True

    def init(self, attrs: dict[str, str]) -> None:
        self.style = "complete"
        self.parse(attrs)
        self.ok = self.check(self.where, hard=self.hard)
        self.div = _div(self.css_class if self.style == "complete"
                        else f"{self.css_class}.{self.style}")

    def a_feedbackstyle(self, value: str) -> None:
        self.style = value.strip().lower()

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        self.div.children.append(b)

    def close(self) -> None:
        if self.ok:
            self.up().append(self.div)


class Hint(Solution):
    kinds: tuple[str, ...] = ("Hint",)
    css_class = "hint"
    hard = False


class SolutionMaterial(H):
    kinds: tuple[str, ...] = ("SolutionMaterial",)
    where = ("Solution",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(self.where)

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        self.up().append(b)


class HintMaterial(SolutionMaterial):
    kinds: tuple[str, ...] = ("HintMaterial",)
    where = ("Hint",)
