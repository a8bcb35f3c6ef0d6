"""Stage 1 handlers for presentation, rubric, objectives, flow and material."""

from __future__ import annotations

import html
import re

from .body import B, _div, _text, _write_html
from .identifiers import _NotModelled
from .ruby import ruby_to_i
from .stage1_handlers import Collect, H
from .stage1_items import Item, _item_of
from .stage1_structure import Assessment


class Presentation(H):
    """imsqtiv1.py Presentation: only Block objects reach the item body."""

    kinds: tuple[str, ...] = ("Presentation",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIItem",))

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        if b.is_block:
            _item_of(self).body.append(b)


class Rubric(H):
    """imsqtiv1.py Rubric: a div.rubric (view All) or rubricBlock in the item body."""

    kinds: tuple[str, ...] = ("Rubric",)

    def init(self, attrs: dict[str, str]) -> None:
        self.view = "all"
        self.check(("QTIItem", "QTIAssessment", "QTISection"))
        self.parse(attrs)
        self.block = _div("rubric") if self.view == "all" else B("rubric", "rubricBlock",
                                                                {"view": self.view})

    def a_view(self, value: str) -> None:
        self.view = value.strip().lower()

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        if b.is_block:
            self.block.children.append(b)

    def close(self) -> None:
        up = self.up()
        if isinstance(up, Item):
            up.body.append(self.block)
        elif isinstance(up, Assessment):
            value = _write_html(self.block)
            if value:
                up.meta("assessment_rubric_html", value)


class Objectives(H):
    """imsqtiv1.py Objectives: metadata (lost for Canvas) unless a view other than All."""

    kinds: tuple[str, ...] = ("Objectives",)

    def init(self, attrs: dict[str, str]) -> None:
        self.view = "all"
        self.check(("QTIItem", "QTIAssessment", "QTISection"))
        self.parse(attrs)
        self.block: B | None = None
        if self.view != "all":
            self.block = B("rubric", "rubricBlock", {"view": self.view})

    def a_view(self, value: str) -> None:
        self.view = value.strip().lower()

    def flow_level(self) -> int:
        return 0

    def append(self, b: B) -> None:
        if b.is_block and self.block is not None:
            self.block.children.append(b)

    def close(self) -> None:
        up = self.up()
        if isinstance(up, Item) and self.block is not None:
            up.body.append(self.block)


class Flow(H):
    """imsqtiv1.py FlowV1: runs of HTML children become one escaped <div class="html|text">."""

    kinds: tuple[str, ...] = ("FlowV1",)
    where: tuple[str, ...] = ("FlowV1", "Presentation")

    def init(self, attrs: dict[str, str]) -> None:
        self.flowclass: str | None = None
        self.check(self.where)
        self.parse(attrs)
        self.level = self.up().flow_level() + 1 if self.up().isa("FlowV1") else 0
        self.children: list[B] = []
        self.container: B | None = None

    def a_class(self, value: str) -> None:
        self.flowclass = value

    def flow_level(self) -> int:
        return self.level

    def append(self, b: B) -> None:
        self.children.append(b)

    def _to_parent(self, b: B) -> None:
        if self.flowclass in ("RESPONSE_BLOCK", "RIGHT_MATCH_BLOCK"):
            if self.container is None:
                self.container = _div(self.flowclass)
                self.container.escaped = True
            self.container.children.append(b)
        else:
            self.up().append(b)

    def _flush(self, buffer: str, is_text: bool) -> None:
        div = _div("text" if is_text else "html")
        div.escaped = True
        div.children.append(_text(buffer))
        self._to_parent(div)

    def close(self) -> None:
        buffer: str | None = None
        is_text = False  # never reset: once plain text is seen, later runs are "text" too
        for child in self.children:
            if child.is_html and not child.escaped:
                if buffer is None:
                    buffer = ""
                if child.kind in ("text", "just_text"):
                    buffer += child.text
                    if child.kind == "just_text":
                        is_text = True
                else:
                    buffer += _write_html(child)
            else:
                if buffer is not None:
                    self._flush(buffer, is_text)
                    buffer = None
                self._to_parent(child)
        if buffer is not None:
            self._flush(buffer, is_text)
        if self.container is not None:
            self.up().append(self.container)


class FlowMat(Flow):
    """imsqtiv1.py FlowMat."""

    kinds: tuple[str, ...] = ("FlowMat", "FlowV1")
    where = ("FlowMat", "ItemFeedback", "ResponseLabel", "Rubric", "Objectives",
             "SolutionMaterial", "HintMaterial")

    def init(self, attrs: dict[str, str]) -> None:
        self.flowclass = None
        self.check(self.where)
        self.parse(attrs)
        self.level = self.up().flow_level() + 1
        self.children = []
        self.container = None


class Material(H):
    """imsqtiv1.py Material: always elided (its label and xml:lang are reset after parsing)."""

    kinds: tuple[str, ...] = ("Material",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("Presentation", "FlowV1", "ResponseLabel", "ResponseThing", "RenderThing",
                    "ItemFeedback", "Rubric", "Objectives", "InterpretVar",
                    "SolutionMaterial", "HintMaterial"))
        up = self.up()
        self.wrapper: Flow | None = None
        if isinstance(up, Presentation):
            self.wrapper = Flow(self.conv, "flow", {}, up)
        elif up.isa("ItemFeedback", "ResponseLabel", "Rubric", "Objectives", "SolutionMaterial"):
            self.wrapper = FlowMat(self.conv, "flow_mat", {}, up)

    def flow_level(self) -> int:
        return (self.wrapper or self.up()).flow_level()

    def append(self, b: B) -> None:
        (self.wrapper or self.up()).append(b)

    def close(self) -> None:
        if self.wrapper is not None:
            self.wrapper.close()


class MatThing(Collect):
    """imsqtiv1.py MatThing (mattext, matemtext, matimage)."""

    kinds: tuple[str, ...] = ("MatThing",)

    def init(self, attrs: dict[str, str]) -> None:
        self.label: str | None = None
        self.type: str | None = None
        self.uri: str | None = None
        self.entity_ref: str | None = None
        self.width: int | None = None
        self.height: int | None = None
        self.parse(attrs)
        self.check(("Material", "WCTMatchingTextExt"))

    def a_label(self, value: str) -> None:
        self.label = value

    def a_uri(self, value: str) -> None:
        self.uri = value.lstrip("/")

    def a_entityref(self, value: str) -> None:
        self.entity_ref = value

    def a_texttype(self, value: str) -> None:
        self.type = value

    def _labelled(self, b: B) -> B:
        if not self.label:
            return b
        span = B("html", "span", {"label": self.label})
        span.children.append(b)
        return span

    def _object(self) -> B:
        item = _item_of(self)
        assert self.uri is not None
        self.uri = item.add_cp_file(self.uri)
        attrs = {"data": self.uri}
        if self.type:
            attrs["type"] = self.type
        return B("html", "object", attrs)


class MatText(MatThing):
    """imsqtiv1.py MatText: text/plain → just_text, anything else kept as HTML source."""

    def close(self) -> None:
        if self.entity_ref:
            return
        if self.uri:
            self.up().append(self._object())
            return
        kind = self.type or "text/html"  # MatText's default is text/html, not the DTD's
        if kind == "text/plain":
            self.up().append(self._labelled(B("just_text", text=self.data)))
        elif kind == "text/rtf":
            raise _NotModelled("mattext text/rtf is not modelled")
        elif self.data:
            self.up().append(_text(self.data))


class MatEmText(MatThing):
    """imsqtiv1.py MatEmText: emphasized text; its HTML markup is dropped."""

    def close(self) -> None:
        if self.entity_ref:
            return
        if self.uri:
            self.up().append(self._object())
            return
        kind = self.type or "text/plain"
        if kind == "text/plain":
            em = B("html", "em")
            em.children.append(_text(self.data))
            self.up().append(self._labelled(em))
        elif kind == "text/html":
            em = B("html", "em")
            plain = re.sub(r"<[^>]*>", "", self.data)
            em.children.append(_text(html.unescape(plain)))
            self.up().append(em)
        elif kind == "text/rtf":
            raise _NotModelled("matemtext text/rtf is not modelled")
        elif self.data:
            self.up().append(_text(self.data))


class MatImage(MatThing):
    """imsqtiv1.py MatImage: an <img>, its file copied by the converter (QTIItem.AddCPFile)."""

    def a_imagtype(self, value: str) -> None:
        self.type = value

    def a_width(self, value: str) -> None:
        self.width = ruby_to_i(value) if re.fullmatch(r"\s*[+-]?\d+\s*", value) else None

    def a_height(self, value: str) -> None:
        self.height = ruby_to_i(value) if re.fullmatch(r"\s*[+-]?\d+\s*", value) else None

    def close(self) -> None:
        if self.entity_ref or not self.uri:
            return
        if self.sniff_hotspot():
            self.up().append(self._object())
            return
        item = _item_of(self)
        self.uri = item.add_cp_file(self.uri)
        attrs = {"src": self.uri.replace("\\", "/"), "alt": self.label or ""}
        if self.width:
            attrs["width"] = str(self.width)
            attrs["height"] = str(self.height)
        self.up().append(B("html", "img", attrs))


class MatBreak(H):
    """imsqtiv1.py MatBreak: <br/>."""

    def close(self) -> None:
        self.up().append(B("html", "br"))
