"""Link resolution after conversion (Importers::LinkParser, LinkResolver)."""

from __future__ import annotations

import re
import string
from typing import Any

from .dom import Node, inner_html, parse_html
from .ruby import uri_unescape
from .sanitize import sanitize_children

# ---------------------------------------------------------------------------
# After conversion: file import (Qti.convert_files, Migrator#package_course_files), the
# quiz metadata (QuizMetadataConverter), and links (Importers::LinkParser, LinkResolver)
# ---------------------------------------------------------------------------

_URI_CHARS = set(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_REFERENCE_KEYWORDS = ("CANVAS_COURSE_REFERENCE", "CANVAS_OBJECT_REFERENCE", "WIKI_REFERENCE",
                       "IMS_CC_FILEBASE", "IMS-CC-FILEBASE")


def _ruby_relative_url(url: str) -> bool:
    """ImportedHtmlConverter.relative_url?: URI.parse(url).relative?, false if it fails."""
    if any(c not in _URI_CHARS for c in url) or re.search(r"%(?![0-9A-Fa-f]{2})", url):
        return False  # URI::InvalidURIError
    return not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", url) and not url.startswith("//")


class Links:
    """The imported files and how HTML references to them resolve."""

    def __init__(self, imported: dict[str, str]) -> None:
        self.imported = imported  # Canvas path → zip path
        self.lower = {k.lower(): v for k, v in imported.items()}

    def find(self, rel: str) -> str | None:
        """LinkResolver#resolve_relative_file_url: "a/b/c" then "b/c" then "c"."""
        rel = rel.split("?")[0] if "?" in rel else rel
        parts = [p for p in rel.split("/") if p]
        while parts:
            sub = "/".join(parts)
            for key in (sub, sub.replace("+", " ")):
                if key in self.imported:
                    return self.imported[key]
            for key in (sub.lower(), sub.replace("+", " ").lower()):
                if key in self.lower:
                    return self.lower[key]
            parts.pop(0)
        return None

    def convert(self, url: str, node: Node, attr: str) -> str:
        """LinkParser#convert_link + #parse_url for one attribute value."""
        for ref in _REFERENCE_KEYWORDS:
            url = url.replace(f"%24{ref}%24", f"${ref}$")
        cls = node.get("class") or ""
        if re.search(r"wiki_page_migration_id=|discussion_topic_migration_id=", url) or re.search(
                r"\$CANVAS_COURSE_REFERENCE\$/modules/items/", url):
            return url
        m = re.search(r"(?:\$CANVAS_OBJECT_REFERENCE\$|\$WIKI_REFERENCE\$)/([^/]*)/(.*)", url)
        if m:
            if m.group(1) == "attachments":
                zipped = self.imported.get(m.group(2))
                return f"{{{{file:{zipped}}}}}" if zipped else f"{{{{missing-file:{m.group(2)}}}}}"
            return url
        if "$CANVAS_COURSE_REFERENCE$/" in url:
            return url
        m = re.search(r"\$IMS(?:-|_)CC(?:-|_)FILEBASE\$/(.*)", url)
        rel: str | None = None
        if m:
            rel = uri_unescape(m.group(1))
        elif ((attr == "href" and "instructure_inline_media_comment" in cls)
              or (attr == "src" and "equation_image" in cls)
              or re.match(r"/assessment_questions/\d+/files/\d+|/courses/\d+/files/\d+", url)
              or url.startswith("#")):
            return url
        elif _ruby_relative_url(url):
            rel = uri_unescape(url)
        if rel is None:
            return url
        found = self.find(rel)
        return f"{{{{file:{found}}}}}" if found else f"{{{{missing-file:{rel}}}}}"

    def html(self, source: str | None, sanitize: bool = False) -> str | None:
        """migration.convert_html on a stored HTML field."""
        if source is None:
            return None
        doc = parse_html(source)
        if sanitize:
            sanitize_children(doc)
        for node in doc.iter():
            for attr in ("rel", "href", "src", "data", "value"):
                value = node.attrs.get(attr)
                if not value or not value.strip():
                    continue
                if attr == "value" and node.get("name") != "src":
                    continue
                node.attrs[attr] = self.convert(value, node, attr)
        return inner_html(doc)

    def question(self, q: dict[str, Any]) -> None:
        """AssessmentQuestionImporter: the HTML fields of a question and its answers."""
        for key in ("question_text", "correct_comments_html", "incorrect_comments_html",
                    "neutral_comments_html"):
            if q.get(key) is not None:
                q[key] = self.html(q[key])
        for a in q.get("answers", []):
            for key in ("html", "comments_html", "left_html"):
                if a.get(key) is not None:
                    a[key] = self.html(a[key])
        for sub in q.get("questions", []):
            self.question(sub)
