"""The package: unzip, manifest, quiz metadata, and the `read`/`convert` entry points."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from typing import Any

from .assessment import _item_kind, _test
from .content_package import Package21
from .css import at_css, css
from .dom import from_et, text_of
from .errors import CanvasImportError
from .identifiers import _Crash, _NotModelled
from .items import ItemConverter
from .links import Links
from .ruby import cgi_unescape
from .stage1 import Stage1


def _unzip(package: bytes) -> dict[str, bytes]:
    """Migrator#unzip_archive: the files of the zip (directories and unsafe names left out)."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            files: dict[str, bytes] = {}
            for info in archive.infolist():
                name = info.filename
                if info.is_dir() or name.startswith("/") or ".." in name.split("/"):
                    continue
                files[name] = archive.read(info)
            return files
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as err:
        raise CanvasImportError(f"Could not unzip archive file: {err}") from err


_QTI2_NAMESPACES = ("http://www.imsglobal.org/xsd/imsqti_v2p0",
                    "http://www.imsglobal.org/xsd/imsqti_v2p1",
                    "http://www.imsglobal.org/xsd/qti/qtiv2p0",
                    "http://www.imsglobal.org/xsd/qti/qtiv2p1")


def _is_qti2(manifest: bytes) -> bool:
    """Qti::Converter.is_qti_2 (approximated: any such namespace URI in the manifest)."""
    text = manifest.decode("utf-8", "replace")
    if any(ns in text for ns in _QTI2_NAMESPACES):
        return True
    m = re.search(r"<(?:\w+:)?schema>([^<]*)<", text)
    return bool(m and re.search(r"QTIv2\.", m.group(1), re.I))


def _quiz_meta(zipped: dict[str, bytes], quizzes: list[dict[str, Any]]) -> None:
    """QuizMetadataConverter#post_process_assessments / #get_quiz_meta (title, description)."""
    raw = zipped.get("imsmanifest.xml")
    if raw is None:
        return
    manifest = from_et(ET.fromstring(raw))
    by_path = {f"{q['migration_id']}/assessment_meta.xml": q for q in quizzes}
    for res in css(manifest, "resource"):
        if not (res.get("type") or "").endswith("learning-application-resource"):
            continue
        for f in css(res, "file"):
            href = f.get("href") or ""
            if not href.endswith("assessment_meta.xml") or href not in by_path:
                continue
            path = posixpath.normpath(href)
            if path not in zipped:
                continue
            meta = from_et(ET.fromstring(zipped[path]))
            quiz = by_path[href]
            for key in ("title", "description"):
                node = at_css(meta, key)
                if node is not None:
                    quiz[key] = text_of(node)


def read(package: bytes) -> list[dict[str, Any]]:
    """Every assessment (quiz or question bank) of a QTI .zip, as Canvas would create it.

    Each dict: `kind` ("quiz" or "question_bank"), `ident` (after Canvas's renaming),
    `title`, `description` (from `<ident>/assessment_meta.xml`, or None), `questions`
    (Canvas's question hashes, see the module docstring) and `files` (the package files
    Canvas imports, by their path in the zip). In HTML, a reference to an imported file
    reads `{{file:<path in zip>}}`, one Canvas cannot resolve `{{missing-file:<path>}}`.
    Raises CanvasImportError where Canvas's import fails as a whole, and
    NotImplementedError for QTI this model does not follow.
    """
    zipped = _unzip(package)
    if "imsmanifest.xml" in zipped and _is_qti2(zipped["imsmanifest.xml"]):
        raise NotImplementedError("a QTI 2 package skips the converter: not modelled")
    try:
        pkg = Stage1(zipped).run()
    except _Crash as err:
        raise CanvasImportError(f"Couldn't convert QTI 1.2 to 2.1: {err}") from err
    except _NotModelled as err:
        raise NotImplementedError(str(err)) from err
    return convert(pkg, zipped, pkg.output_files(zipped))


def convert(pkg: Package21, zipped: dict[str, bytes], written: dict[str, str]
            ) -> list[dict[str, Any]]:
    """Stage 2 on a converted package: Qti::Converter#export and the import that follows.

    `written` maps the paths of the files copied into the converted package to the zip
    paths their bytes come from.
    """
    entries = {r.entry.href for r in pkg.resources if r.entry is not None}
    file_map: dict[str, None] = {}
    for r in pkg.resources:  # Qti.convert_files: every <file> that is no resource's href
        for f in r.files:
            if f.href not in entries:
                file_map.setdefault(cgi_unescape(f.href), None)
    imported: dict[str, str] = {}
    for path in file_map:  # Migrator#package_course_files: only files that exist
        local = posixpath.normpath(path) if path else path
        if local in written:
            imported[path] = written[local]
    links = Links(imported)
    path_map = {p: p for p in file_map}
    questions: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for r in pkg.resources:
        if not r.type.startswith("imsqti_item_xmlv2p") or r.entry is None or r.entry.doc is None:
            continue
        try:
            kind, interaction, custom = _item_kind(r, r.entry.doc)
            q = ItemConverter(r.entry.doc, r.comment, r.lom_title, interaction, custom, kind,
                              path_map).convert()
        except _NotModelled as err:
            raise NotImplementedError(str(err)) from err
        links.question(q)
        questions.append(q)
        if q.get("migration_id"):
            by_id[q["migration_id"]] = q
    quizzes: list[dict[str, Any]] = []
    for r in pkg.resources:
        if r.type in ("imsqti_assessment_xmlv2p1", "imsqti_test_xmlv2p1") and (
                r.entry is not None and r.entry.doc is not None):
            quiz = _test(r, r.entry.doc, by_id)
            if quiz is not None:
                quizzes.append(quiz)
    _quiz_meta(zipped, quizzes)
    files = {zip_path: zipped[zip_path] for zip_path in imported.values()}
    out: list[dict[str, Any]] = []
    for quiz in quizzes:
        out.append({"kind": "quiz", "ident": quiz.get("migration_id"), "title": quiz.get("title"),
                    "description": links.html(quiz.get("description"), sanitize=True),
                    "questions": quiz["questions"], "files": files})
    banks: dict[str, dict[str, Any]] = {}
    in_quiz = {id(q) for q in questions if q.get("migration_id") in {
        ref for quiz in quizzes for ref in _refs(quiz["questions"])}}
    for q in questions:
        bank = q.get("question_bank_id") or q.get("question_bank_name")
        if bank is None and id(q) in in_quiz:
            continue
        key = bank if bank is not None else ""
        if key not in banks:
            banks[key] = {"kind": "question_bank", "ident": key,
                          "title": q.get("question_bank_name") or (
                              key or "Imported Questions"),
                          "description": None, "questions": [], "files": files}
        banks[key]["questions"].append(q)
    out.extend(banks.values())
    return out


def _refs(questions: list[dict[str, Any]]) -> Iterator[str]:
    for q in questions:
        if q.get("question_type") == "question_group":
            yield from _refs(q.get("questions", []))
        elif q.get("migration_id"):
            yield str(q["migration_id"])
