"""Stage 2 shared rules: Canvas question types and Qti::HtmlHelper."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .css import at_css
from .dom import Node, inner_html, parse_html, text_of
from .ruby import clear_html, escape_unmatched_brackets, uri_unescape
from .sanitize import sanitize_children

# ---------------------------------------------------------------------------
# Stage 2: canvas-lms gems/plugins/qti_exporter/lib/qti/*.rb
# ---------------------------------------------------------------------------

class _RubyError(Exception):
    """A NoMethodError on nil and the like: the question becomes question_type "Error"."""


def _need(value: Any) -> Any:
    if value is None:
        raise _RubyError("undefined method for nil:NilClass")
    return value


# app/models/assessment_question.rb ALL_QUESTION_TYPES
ALL_QUESTION_TYPES = {
    "multiple_answers_question", "fill_in_multiple_blanks_question", "matching_question",
    "missing_word_question", "multiple_choice_question", "numerical_question",
    "text_only_question", "short_answer_question", "multiple_dropdowns_question",
    "calculated_question", "essay_question", "true_false_question", "file_upload_question"}
UNSUPPORTED_TYPES = {"File Upload", "Hot Spot", "Quiz Bowl", "WCT_JumbledSentence"}
OBJECT_TOKEN = "$CANVAS_OBJECT_REFERENCE$"
_WEBCT_REL = "/webct/RelativeResourceManager/Template/"
_FEEDBACK_EXCLUDED = re.compile(r"general_|_all|wrong|incorrect|correct|(_IC$)|(_C$)", re.I)


def _field(doc: Node, name: str) -> str | None:
    meta = at_css(doc, "instructureMetadata")
    found = at_css(meta, f"instructureField[name={name}]")
    return found.get("value") if found is not None else None


def _blank(s: str | None) -> bool:
    return s is None or not s.strip()


class HtmlHelper:
    """Qti::HtmlHelper: sanitizing and the package's file references (path map)."""

    def __init__(self, path_map: dict[str, str]) -> None:
        self.path_map = path_map
        self.sorted_paths = sorted(path_map, key=len)
        self._ids = 0

    def unique_local_id(self) -> int:
        """rand(100_000) in Canvas: numbered here."""
        self._ids += 1
        return self._ids

    def find_best_path_match(self, path: str) -> str | None:
        """An exact path, else the shortest one ending with it (even "" matches)."""
        if path in self.path_map:
            return self.path_map[path]
        for candidate in self.sorted_paths:
            if candidate.endswith(path):
                return self.path_map[candidate]
        return None

    def sanitize_html(self, node: Node, remove_extraneous: bool = False,
                      block: Callable[[Node], None] | None = None) -> str:
        """Qti::HtmlHelper#sanitize_html!."""
        sanitize_children(node)
        for sub in node.iter():
            for attr in ("rel", "href", "src", "data", "value"):
                if attr not in sub.attrs:
                    continue
                val = uri_unescape(sub.attrs[attr])
                if val.startswith(_WEBCT_REL):
                    val = val.replace(_WEBCT_REL, "").replace("RelativeResourceManager/Template/",
                                                              "")
                    parts = val.split("/")
                    for i in range(len(parts)):
                        found = self.find_best_path_match("/".join(parts[i:]))
                        if found is not None:
                            sub.attrs[attr] = f"{OBJECT_TOKEN}/attachments/{found}"
                            break
                else:
                    found = self.find_best_path_match(re.sub(r"\$[A-Z_]*\$", "", val))
                    if found is not None:
                        sub.attrs[attr] = f"{OBJECT_TOKEN}/attachments/{found}"
        if remove_extraneous:
            while True:
                for from_end in (False, True):
                    edge = list(reversed(node.children)) if from_end else list(node.children)
                    for child in edge:
                        if (child.is_text and re.fullmatch(r"\s+", child.text)) or (
                                not child.is_text and child.tag.lower() == "br"):
                            child.remove()
                        else:
                            break
                kids = node.children
                if not (len(kids) == 1 and kids[0].tag in ("p", "div", "span")):
                    break
                if kids[0].attrs and kids[0].attrs.get("class") not in (
                        "FORMATTED_TEXT_BLOCK", "flow_1"):
                    break
                node = kids[0]
        if block is not None:
            block(node)
        text = inner_html(node).strip().replace(_WEBCT_REL, "")
        return re.sub(r"/?webct/urw/[^/]+/RelativeResourceManager\?contentID=(\d*)",
                      r"$CANVAS_OBJECT_REFERENCE$/attachments/\1", text)

    def sanitize_html_string(self, s: str, remove_extraneous: bool = False) -> str:
        """Qti::HtmlHelper#sanitize_html_string."""
        return self.sanitize_html(parse_html(escape_unmatched_brackets(s)), remove_extraneous)

    def detect_html(self, node: Node) -> tuple[str, str | None]:
        """Qti::HtmlHelper#detect_html: [text, html or None]."""
        text_node = at_css(node, "div.text")
        if text_node is not None:
            return text_of(text_node).strip(), None
        text = clear_html(re.sub(r"\s+", " ", text_of(node))).strip()
        html_node = at_css(node, "div.html") is not None or (
            node.tag.lower() == "div" and re.search(r"\bhtml\b", node.get("class") or "")
            is not None)
        is_html = [False]  # the flavor is never CANVAS for a QTI .zip import

        def look(s: Node) -> None:
            is_html[0] = is_html[0] or not (len(s.children) == 1 and s.children[0].is_text)

        target = parse_html(text_of(node)) if html_node else node
        sanitized = self.sanitize_html(target, True, look)
        html_out = None
        if not _blank(sanitized):
            if is_html[0]:
                html_out = sanitized
            else:
                text = re.sub(r"\s+", " ", sanitized).strip()
        return text, html_out
