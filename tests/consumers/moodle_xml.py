r"""Moodle's Moodle-XML question importer as the tests understand it, in Python.

A model of what Moodle does with a file given to Question bank -> Import -> "Moodle XML
format" of a course (form defaults: match grades 'error', categories and contexts from the
file, stop on error), written from reading Moodle's PHP source
(`question/format/xml/format.php`, `question/format.php`, `lib/xmlize.php`,
`question/type/*/questiontype.php`,
`question/engine/bank.php`, `lib/questionlib.php`, `lib/moodlelib.php`,
`lib/classes/param.php`, `tag/classes/tag.php`) and of the C XML parser PHP uses (libxml2
2.9, through ext/xml), and checked against a real Moodle 4.5.6 site (PHP 8.2, libxml2
2.9.14, PostgreSQL, so names compare case-sensitively): hand-written probe files for each
rule below and cardsmith's exported decks were imported there and what it stored (or why it
refused the file) agreed with this model. No Moodle code is copied: every step is
re-implemented and the comment above it names the function it models. `read()` returns one
dict per question (keys named like Moodle's `$question` fields) or raises
`MoodleImportError` where Moodle stops the import.

What is modelled, in the order Moodle runs it:
1. qformat_default::validate_is_utf8_file - the file must be valid UTF-8 (the import form
   checks the bytes; an XML declaration of another encoding is then obeyed by the parser).
2. qformat_default::readdata - a UTF-8 BOM is dropped; a file with CR but no LF is split
   on CR and the lines glued back together by readquestions (so CR-only line ends vanish).
3. core_xml_parser::parse (lib/xmlize.php) - the text is trimmed and parsed (never with
   is_final, so a missing end tag at the very end is not an error). PHP's parser reports
   text in pieces and xmlize drops every piece that trims to '' (unless it is '0'): the
   pieces are modelled on libxml2's push parser (`_text_pieces`): each entity or
   character reference is a piece, each CDATA section is a piece (kept raw, CR and all),
   literal text is cut before a CR-LF and before the first non-ASCII character, and is
   then delivered in blocks of about 300 bytes. So `&lt; &amp;` reads `<&`, `a &amp; é`
   reads `a &é`, and in CRLF text outside CDATA a line of only spaces or tabs vanishes
   (`a\r\n  \r\nb` reads `a\nb`; an empty line survives). Then the xmlize
   tree: '#' children, '@' attributes, an element holding only text collapses to a string,
   text next to child elements keeps only its last piece.
4. qformat_xml::readquestions / import_question - `<quiz>` root, each `<question type=>`;
   'matching' = 'match', 'cloze' = 'multianswer'; an unknown type is an import error
   (xmltypeunsupported). Types Moodle imports but this model does not (calculated*, the
   drag-and-drop types, gapselect, randomsamatch, ordering) raise NotImplementedError.
5. qformat_xml::import_headers, getpath, import_text_with_files, import_files_as_draft,
   import_question_tags, import_hints, import_answer, import_combined_feedback and the
   per-type import_multichoice / truefalse / shortanswer / numerical / match / essay /
   description / multianswer / category; clean_question_name (PARAM_TEXT, 255 chars via
   shorten_text); the legacy `<image>` + `<image_base64>` pair. A true/false question whose
   answers are not 'true'/'false' is imported with a warning (the question's `warning`).
6. qtype_multianswer_extract_question and qtype_multianswer_validate_question (Cloze), with
   the 4.5.6 answer regex (a `#` after `&` or `&amp;` does not end a gap answer).
7. qformat_default::importprocess - any error of stage 4-6 stops the import; a file without
   questions stops it; every fraction must be within 0.00001 of
   question_bank::fraction_options_full() (match_grade_options, 'error' mode) and is
   replaced by the listed value; then, question by question: create_category_path for
   category questions (one tree per context: `$course$` and `$system$` are known, any other
   or no prefix means the context of the current category), the idnumber rules (unset when
   '', dropped when already used in the category, unique per context for categories),
   database limits (category name 255 characters, idnumber 100), core_tag_tag::set_item_tags
   (see _Bank.tags), and each type's save_question_options (errors that stop the import,
   answers and hints that are not stored, trimming). A save_question_options notice (a match
   stem without an answer) ends the import successfully after that question: the question
   has a `notice` and the questions after it are not returned.

Values are returned as stored: text fields are `{"text", "format", "files"}` with the
format as Moodle's name ("html", "moodle_auto_format", "plain_text", "wiki_like",
"markdown") and files keyed by the stored path below the area, i.e. "name.png" or
"sub/name.png" (the cleaned `name` attribute, not URL-decoded: a text refers to it as
`@@PLUGINFILE@@/` + the URL-encoded name, see `pluginfile_references`). Each question also
gets `category`: the names of the category it lands in below the context's hidden "top"
category, or None for the category picked on the import form, and `context` ("course" or
"system"). A category record has `category` (the path Moodle walked, same form), `context`
(the `$name$` prefix or None), `category_context` (the context used), `switched` (whether
later questions go there), `info` (as read), `info_stored`, `idnumber` (as read) and
`created` (the categories it made: `context`, `path`, `info`, `infoformat`, `idnumber`).
Messages of MoodleImportError start with the Moodle language string id in brackets; the
English wording after it is close to, not always exactly, Moodle's.
"""

from __future__ import annotations

import codecs
import html.entities
import re
import unicodedata
import urllib.parse
import xml.parsers.expat
from typing import Any

__all__ = [
    "GRADE_OPTIONS",
    "MoodleImportError",
    "apply_units",
    "html_entity_decode",
    "match_grade",
    "pluginfile_references",
    "read",
    "shortanswer_matches",
]

_WS = " \t\n\r\0\x0b"  # PHP trim()
_FORMATS = ("moodle_auto_format", "html", "plain_text", "wiki_like", "markdown")
TAG_MAX_LENGTH = 255  # lib/moodlelib.php; PARAM_TAG cuts tag names to this length
CATEGORY_NAME_MAX = 255  # question_categories.name char(255)
IDNUMBER_MAX = 100  # question_bank_entries.idnumber / question_categories.idnumber
# The contexts an import into a course's question bank can name ($course$, $system$); the
# first is the one of the category picked on the form. Course categories are `$cat1$` and
# so on, which the `$([a-z]+)$` test never matches.
IMPORT_CONTEXTS = ("course", "system")
# libxml2 2.9's push parser hands a CDATA section to PHP as it stands in the file, so CR
# survives there (elsewhere CR-LF becomes LF). Read from libxml2's source; Moodle 4.5.6 on
# libxml2 2.9.14 does store CR-LF inside CDATA.
CDATA_KEEPS_CR = True
_BIG_BUFFER = 300  # libxml2 XML_PARSER_BIG_BUFFER_SIZE
_UNMODELLED = ("calculated", "calculatedsimple", "calculatedmulti", "ddwtos", "gapselect",
               "ddimageortext", "ddmarker", "randomsamatch", "ordering")

# question_bank::ensure_fraction_options_initialised: the grades an answer may have.
_RAW_FRACTIONS = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                  0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
GRADE_OPTIONS: tuple[float, ...] = (0.0, 1.0, *_RAW_FRACTIONS,
                                    *(-f for f in reversed(_RAW_FRACTIONS)), -1.0)


class MoodleImportError(Exception):
    """Where Moodle's import stops (the whole file is refused): the message says why."""


def match_grade(fraction: float) -> float | None:
    """match_grade_options in 'error' mode: the listed grade within 0.00001, else None."""
    for value in GRADE_OPTIONS:
        if abs(fraction - value) < 0.00001:
            return value
    return None


# --- PHP semantics -------------------------------------------------------------------

def _trim(value: str) -> str:
    return value.strip(_WS)


_INT_KEY = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
_PHP_NUMBER = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _key(index: Any) -> Any:
    # PHP array keys: a decimal-integer string is the integer.
    if isinstance(index, str) and _INT_KEY.match(index):
        return int(index)
    return index


def _isset(value: Any, index: Any) -> tuple[bool, Any]:
    """isset($value[$index]) and the value it finds."""
    index = _key(index)
    if isinstance(value, dict):
        found = value.get(index)
        return found is not None, found
    if isinstance(value, list):
        if isinstance(index, int) and 0 <= index < len(value):
            return True, value[index]
        return False, None
    if isinstance(value, str) and isinstance(index, int) and -len(value) <= index < len(value):
        return True, value[index]
    return False, None


def _crash(what: str) -> MoodleImportError:
    return MoodleImportError(f"[PHP TypeError] {what}: PHP 8 stops the import here")


def _at(value: Any, *keys: Any) -> Any:
    """An unguarded PHP read `$value[k1][k2]...`: null when missing, TypeError on a string."""
    for index in keys:
        index = _key(index)
        if isinstance(value, dict):
            value = value.get(index)
        elif isinstance(value, list):
            value = value[index] if isinstance(index, int) and 0 <= index < len(value) else None
        elif isinstance(value, str):
            if not isinstance(index, int):
                raise _crash(f"Cannot access offset of type string on string ({index!r})")
            value = value[index] if -len(value) <= index < len(value) else ""
        else:
            value = None
    return value


def _empty(value: Any) -> bool:
    """PHP empty()."""
    return value is None or value is False or value in ("", "0", 0) or value == [] or value == {}


def _number(value: Any) -> tuple[float | None, bool]:
    """A PHP numeric string: (value of its numeric prefix or None, whether it is all numeric)."""
    if isinstance(value, bool):
        return float(value), True
    if isinstance(value, (int, float)):
        return float(value), True
    if not isinstance(value, str):
        return None, False
    found = _PHP_NUMBER.match(value)
    if not found:
        return None, False
    rest = value[found.end():].strip(" \t\n\r\v\f")
    return float(found.group().strip(" \t\n\r\v\f")), rest == ""


def _arith(value: Any, what: str) -> float:
    # PHP 8 arithmetic: a non-numeric string is a TypeError, a leading-numeric one a warning.
    number, _ = _number(value)
    if number is None:
        raise _crash(f"Unsupported operand types: {what} {value!r} is not a number")
    return number


def _db_number(value: Any, what: str, places: int | None = 7) -> float:
    # moodle_database::normalise_value turns '' into 0 for a number column; anything else
    # that is not a number is refused by the database (dml_write_exception).
    if value == "" or value is None:
        return 0.0
    number, whole = _number(value)
    if number is None or not whole:
        raise MoodleImportError(f"[dmlwriteexception] {what} {value!r} is not a number")
    if places is not None:
        if abs(number) >= 10 ** (12 - places):
            raise MoodleImportError(f"[dmlwriteexception] {what} {value!r} is out of range")
        number = round(number, places)
    return number


def _db_int(value: Any, what: str) -> int:
    return int(_db_number(value, what, None))


def _php_float_str(value: float) -> str:
    # (string) of a PHP float: precision 14, and an exponent form always has a '.' in it.
    text = f"{value:.14G}"
    if "E" in text:
        mantissa, exponent = text.split("E")
        if "." not in mantissa:
            mantissa += ".0"
        text = f"{mantissa}E{int(exponent):+d}"
    return text


# --- lib/moodlelib.php / lib/classes/param.php cleaning ----------------------------------

def _tag_norm(tag: str) -> str:
    # php_tag_find: '<a href=..>' and '</a>' both become '<a>'.
    out, started, i = "<", False, 1
    while i < len(tag):
        c = tag[i].lower()
        if c == ">":
            break
        if c.isspace():
            if started:
                break
        else:
            started = True
            if c != "/" or (tag[i - 1] != "<" and tag[i + 1:i + 2] != ">"):
                out += c
        i += 1
    return out + ">"


def strip_tags(text: str, allow: str = "") -> str:
    """PHP strip_tags() (php_strip_tags_ex's states: text, tag, <? ?>, <! >, comment)."""
    allow = allow.lower()
    out: list[str] = []
    tbuf = ""
    state = depth = 0
    in_q = ""
    lc = ""
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        prev = text[i - 1] if i else ""
        if state == 0:
            if c == "<":
                if nxt.isspace() and not allow:
                    out.append(c)
                else:
                    state, lc = 1, "<"
                    tbuf = "<" if allow else ""
            elif c == ">" and depth:
                depth -= 1
            elif c != "\0":
                out.append(c)
        elif state == 1:
            if c == "<":
                if not in_q and not (nxt.isspace() and not allow):
                    depth += 1
            elif c == ">":
                if depth:
                    depth -= 1
                elif not in_q:
                    state, lc = 0, ">"
                    if allow:
                        tbuf += ">"
                        if _tag_norm(tbuf) in allow:
                            out.append(tbuf)
                        tbuf = ""
            elif c == "!" and prev == "<":
                state, lc = 3, c
            elif c == "?" and prev == "<":
                state = 2
            else:
                if c in "\"'" and (not in_q or c == in_q):
                    in_q = "" if in_q else c
                if allow:
                    tbuf += c
        elif state == 2:
            if c == ">" and prev == "?" and lc != '"' and not in_q:
                state, in_q, tbuf = 0, "", ""
            elif c in "\"'" and prev != "\\":
                lc = "" if lc == c else c
            elif c in "lL" and text[max(0, i - 4):i].lower() == "<?xm":
                state = 1
        elif state == 3:
            if c == ">" and not in_q:
                state, tbuf = 0, ""
            elif c in "\"'" and (not in_q or c == in_q):
                in_q = "" if in_q else c
            elif c == "-" and text[max(0, i - 2):i] == "!-":
                state = 4
            elif c in "eE" and text[max(0, i - 6):i].lower() == "doctyp":
                state = 1
        elif c == ">" and text[max(0, i - 2):i] == "--":
            state, in_q, tbuf = 0, "", ""
        i += 1
    return "".join(out)


def _fix_utf8(text: str) -> str:
    return text.replace("\0", "")


_MULTILANG_OLD = re.compile(r'<lang lang="[a-zA-Z0-9_-]+"\s*>\Z')
_MULTILANG_SPAN = re.compile(r'<span(\s+lang="[a-zA-Z0-9_-]+"|\s+class="multilang"){2}\s*>\Z')


def _multilang_ok(text: str, close: str, opening: re.Pattern[str]) -> bool:
    tags = re.findall(r"<.*?>", text, re.S)
    if not tags:
        return False
    open_ = False
    for tag in tags:
        if tag == close:
            if not open_:
                return False
            open_ = False
        elif not opening.match(tag):
            return False
        else:
            open_ = True
    return not open_


def clean_text(text: str) -> str:
    """clean_param(PARAM_TEXT): tags stripped, except well-formed multilang spans."""
    text = _fix_utf8(text)
    if "</lang>" in text:
        kept = strip_tags(text, "<lang>")
        if _multilang_ok(kept, "</lang>", _MULTILANG_OLD):
            return kept
        text = kept
    elif "</span>" in text:
        kept = strip_tags(text, "<span>")
        if _multilang_ok(kept, "</span>", _MULTILANG_SPAN):
            return kept
        text = kept
    return strip_tags(text)


def _clean_file(name: str) -> str:
    # clean_param(PARAM_FILE).
    name = re.sub(r"[\x00-\x1f\x7f&<>\"`|':\\/]", "", _fix_utf8(name))
    return "" if name in (".", "..") else name


def _clean_path(path: str) -> str:
    # clean_param(PARAM_PATH): each part cleaned as a file name, '//' and '/./' collapsed.
    parts = _fix_utf8(path).replace("\\", "/").split("/")
    parts = [p if p == "." and k else _clean_file(p) for k, p in enumerate(parts)]
    path = re.sub(r"//+", "/", "/".join(parts))
    return re.sub(r"/(\./)+", "/", path)


def _clean_tag(tag: str) -> str:
    # clean_param(PARAM_TAG).
    # '~[[:cntrl:]]|[<>`]~u': with /u, [[:cntrl:]] is every Unicode control (Cc) character.
    tag = "".join(c for c in _fix_utf8(tag)
                  if c not in "<>`" and unicodedata.category(c) != "Cc")
    return re.sub(r"\s+", " ", tag).strip(_WS)[:TAG_MAX_LENGTH]


def html_is_blank(text: str) -> bool:
    """html_is_blank(): nothing but tags (other than img/object/...) and spaces."""
    kept = strip_tags(text, "<img><object><applet><input><select><textarea><hr>")
    return _trim(kept) == ""


_ENTITY_IN_TEXT = re.compile(r"&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.I)
_EMPTY_TAG = re.compile(r"<(\s*.+?/\s*|\s*(img|br|input|hr|area|base|basefont|col|frame|"
                        r"isindex|link|meta|param)(\s.+?)?)>\Z", re.I | re.S)


def shorten_text(text: str, ideal: int = 30, exact: bool = False, ending: str = "...") -> str:
    """shorten_text(): cut to `ideal` characters of text, at a space or '.', close tags."""
    if len(re.sub(r"<.*?>", "", text)) <= ideal:
        return text
    total = len(ending)
    truncate = ""
    tags: list[tuple[bool, str]] = []
    for line in re.finditer(r"(<.+?>)?([^<>]*)", text, re.S):
        tag, content = line.group(1), line.group(2)
        if tag:
            if not _EMPTY_TAG.match(tag):
                closing = re.match(r"<\s*/([^\s]+?)\s*>\Z", tag, re.S)
                opening = re.match(r"<\s*([^\s>!]+).*?>\Z", tag, re.S)
                if closing:
                    tags.append((False, closing.group(1).lower()))
                elif opening:
                    tags.append((True, opening.group(1).lower()))
                elif re.match(r"<!--\[if\s.*?\]>\Z", tag, re.S):
                    tags.append((True, "if"))
                elif tag == "<!--<![endif]-->":
                    tags.append((False, "if"))
            truncate += tag
        length = len(_ENTITY_IN_TEXT.sub(" ", content))
        if total + length > ideal:
            left = ideal - total
            entities = 0
            for entity in _ENTITY_IN_TEXT.finditer(content):
                if entity.start() + 1 - entities > left:
                    break
                left -= 1
                entities += len(entity.group())
            breakpos = left + entities
            if not exact:
                while breakpos > 0:
                    char = content[breakpos:breakpos + 1]
                    if char not in ("", "0") and (char in ". " or len(char.encode()) > 2):
                        breakpos += 1
                        break
                    breakpos -= 1
            if breakpos == 0 or breakpos > left + entities:
                breakpos = left + entities
            truncate += content[:breakpos]
            break
        truncate += content
        total += length
        if total >= ideal:
            break
    truncate += ending
    opened: list[str] = []
    for is_open, name in tags:
        if is_open:
            opened.insert(0, name)
        elif name in opened:
            opened.remove(name)
    for name in opened:
        truncate += "<!--<![endif]-->" if name == "if" else f"</{name}>"
    return truncate


def _clean_question_name(name: str) -> str:
    # qformat_default::clean_question_name.
    name = _trim(clean_text(name))
    length = 251
    while len(name) > 255 and length > 0:
        name = shorten_text(name, length)
        length -= 10
    return name


_HTML_ENTITY = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));")


def _html401_allowed(cp: int) -> bool:
    # unicode_cp_is_allowed() for ENT_HTML401.
    return (0x20 <= cp <= 0x7E or cp in (0x09, 0x0A, 0x0D) or 0xA0 <= cp <= 0xD7FF
            or (0xE000 <= cp <= 0x10FFFF and (cp & 0xFFFF) < 0xFFFE
                and not 0xFDD0 <= cp <= 0xFDEF))


def html_entity_decode(text: str) -> str:
    """PHP html_entity_decode($text, ENT_QUOTES, 'UTF-8'): HTML 4.01 names, `;` required."""
    def one(found: re.Match[str]) -> str:
        if found.group(3) is not None:
            code = html.entities.name2codepoint.get(found.group(3))
            return chr(code) if code is not None else found.group()
        digits = found.group(1) or found.group(2)
        cp = int(digits, 10 if found.group(1) else 16) if len(digits) < 12 else -1
        return chr(cp) if _html401_allowed(cp) else found.group()
    return _HTML_ENTITY.sub(one, text)


def _base64_decode(data: str) -> bytes:
    # PHP base64_decode() in non-strict mode: other characters and '=' are skipped.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    values = [alphabet.index(c) for c in data if c in alphabet]
    out = bytearray()
    for start in range(0, len(values) - len(values) % 4, 4):
        a, b, c, d = values[start:start + 4]
        out += bytes(((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d))
    rest = values[len(values) - len(values) % 4:]
    if len(rest) >= 2:
        out.append(((rest[0] << 2) | (rest[1] >> 4)) & 255)
    if len(rest) == 3:
        out.append(((rest[1] & 15) << 4 | (rest[2] >> 2)) & 255)
    return bytes(out)


def pluginfile_references(text: str) -> list[str]:
    """The stored file paths a text asks for: `@@PLUGINFILE@@/a%20b.png` -> 'a b.png'.

    Not an import step: the URL is decoded when a browser fetches it through
    pluginfile.php, which then looks the path up among the files of the same field.
    """
    refs = re.findall(r"@@PLUGINFILE@@/([^\"'<>\s]*)", text)
    return [urllib.parse.unquote(re.split(r"[?#]", ref, maxsplit=1)[0]) for ref in refs]


# --- qtype_numerical_answer_processor / qtype_shortanswer_question ------------------------

_DECSEP, _THOUSANDSSEP = ".", ","  # langconfig of English


def apply_units(response: str | None, units: dict[str, float] | None = None,
                unitsbefore: bool = False) -> tuple[float | None, str | None, float | None]:
    """qtype_numerical_answer_processor::apply_units on an English site: value, unit, factor.

    Spaces vanish; with a '.' or several ',' every ',' is a thousands separator, else the
    thousands separator ',' is removed: "3,5" is 35.
    """
    units = units or {}
    if response is None or _trim(response) == "":
        return None, None, None
    text = response.replace(" ", "")
    text = re.sub(r"(?:e|E|(?:x|\*|\u00d7)10(?:\^|\*\*))([+-]?[0-9]+)", r"e\1", text)
    if "." in text or text.count(",") > 1:
        text = text.replace(",", "")
    else:
        text = text.replace(_THOUSANDSSEP, "").replace(_DECSEP, ".").replace(",", ".")
    number = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?"
    found = re.search(number + r"\Z" if unitsbefore else r"\A" + number, text)
    if not found:
        return None, None, None
    unit = text[:found.start()] if unitsbefore else text[found.end():]
    multiplier = 1 / units[unit] if unit in units else None
    return float(found.group()), unit, multiplier


def _apply_unit(response: str, units: dict[str, float], unitsbefore: bool) -> float | None:
    # qtype_numerical::apply_unit.
    value, _, multiplier = apply_units(response, units, unitsbefore)
    if value is not None and multiplier is not None:
        value *= multiplier
    return value


def _is_valid_number(text: str) -> bool:
    # qtype_numerical::is_valid_number: a value and no unit ('0' counts as no unit).
    value, unit, _ = apply_units(text)
    return value is not None and unit in ("", "0", None)


def shortanswer_matches(answer: str, response: str, usecase: bool = False) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard: `*` runs match anything."""
    answer = unicodedata.normalize("NFC", answer)
    response = unicodedata.normalize("NFC", response)
    bits = re.split(r"(?<!\\)\*+", answer)
    pattern = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    flags = 0 if usecase else re.IGNORECASE
    return re.fullmatch(pattern, _trim(response), flags) is not None


# --- lib/xmlize.php core_xml_parser, fed the way libxml2 reports text ---------------------

def _complex_pieces(raw: bytes) -> list[bytes]:
    # xmlParseCharDataComplex: CR-LF and lone CR become LF, flushed at 300 bytes.
    pieces: list[bytes] = []
    buf = bytearray()
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == 0x0D:
            buf.append(0x0A)
            i += 2 if raw[i + 1:i + 2] == b"\n" else 1
        else:
            width = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            buf += raw[i:i + width]
            i += width
        if len(buf) >= _BIG_BUFFER:
            pieces.append(bytes(buf))
            buf.clear()
    if buf:
        pieces.append(bytes(buf))
    return pieces


def _fast(byte: int) -> bool:
    return 0x20 <= byte <= 0x7F or byte in (0x09, 0x0A)


def _text_pieces(raw: bytes) -> list[str]:
    """How libxml2's xmlParseCharData hands a run of literal text (UTF-8) to PHP."""
    pieces: list[bytes] = []
    start = i = 0
    while i < len(raw):
        byte = raw[i]
        if _fast(byte):
            i += 1
            continue
        if byte == 0x0D and raw[i + 1:i + 2] == b"\n":
            if i > start:
                pieces.append(raw[start:i])
            start, i = i + 1, i + 2
            if i >= len(raw) or _fast(raw[i]):
                continue
        elif i > start:
            pieces.append(raw[start:i])
            start = i
        pieces += _complex_pieces(raw[start:])
        return [p.decode("utf-8") for p in pieces]
    if len(raw) > start:
        pieces.append(raw[start:])
    return [p.decode("utf-8") for p in pieces]


class _Tree:
    """core_xml_parser's start/end/character handlers building the xmlize array."""

    def __init__(self) -> None:
        self.root: dict[Any, Any] = {}
        self.stack: list[dict[Any, Any]] = []  # the entries whose '#' is open

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.stack:
            entry: dict[Any, Any] = {"@": attrs, "#": {}}
            self.root[name] = entry
        else:
            content = self.stack[-1]["#"]
            if _empty(content.get(name)):
                content[name] = []
            entry = {"@": attrs} if attrs else {}
            entry["#"] = {}
            content[name].append(entry)
        self.stack.append(entry)

    def end(self) -> None:
        entry = self.stack.pop()
        content = entry["#"]
        if not content:
            entry["#"] = ""
        elif 0 in content and len(content) == 1:
            entry["#"] = content[0]

    def characters(self, data: str) -> None:
        if _trim(data) == "" or not self.stack:
            return
        content = self.stack[-1]["#"]
        if not content or any(isinstance(k, str) for k in content):
            # max(array_keys()) is a tag name as soon as there is one: text key 0 is reset.
            content[0] = data
        else:
            content[0] += data


def _xmlize(data: bytes) -> dict[Any, Any]:
    tree = _Tree()
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = False
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", data)
    encoding = "utf-8"
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
    state: dict[str, Any] = {"text": None, "ref": None, "refbuf": [], "cdata": None, "cbuf": []}

    def utf8(raw: bytes) -> bytes:
        return raw if encoding == "utf-8" else raw.decode(encoding).encode("utf-8")

    def flush(end: int) -> None:
        if state["text"] is not None:
            for piece in _text_pieces(utf8(data[state["text"]:end])):
                tree.characters(piece)
            state["text"] = None
        if state["ref"] is not None:
            tree.characters("".join(state["refbuf"]))
            state["ref"], state["refbuf"] = None, []

    def characters(text: str) -> None:
        at = parser.CurrentByteIndex
        if state["cdata"] is not None:
            state["cbuf"].append(text)
        elif at < 0 or data[at:at + 1] == b"&":
            if state["text"] is not None or (state["ref"] is not None and state["ref"] != at):
                flush(at)
            state["ref"] = at
            state["refbuf"].append(text)
        else:
            if state["ref"] is not None:
                flush(at)
            if state["text"] is None:
                state["text"] = at

    def cdata_start() -> None:
        flush(parser.CurrentByteIndex)
        state["cdata"], state["cbuf"] = parser.CurrentByteIndex, []

    def cdata_end() -> None:
        raw = data[state["cdata"] + 9:parser.CurrentByteIndex]
        text = utf8(raw).decode("utf-8") if CDATA_KEEPS_CR else "".join(state["cbuf"])
        tree.characters(text)
        state["cdata"] = None

    def start(name: str, attrs: dict[str, str]) -> None:
        flush(parser.CurrentByteIndex)
        tree.start(name, attrs)

    def end(name: str) -> None:
        flush(parser.CurrentByteIndex)
        tree.end()

    def other(*_: Any) -> None:
        flush(parser.CurrentByteIndex)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartCdataSectionHandler = cdata_start
    parser.EndCdataSectionHandler = cdata_end
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    try:
        parser.Parse(data, False)  # core_xml_parser never passes is_final
    except xml.parsers.expat.ExpatError as error:
        raise MoodleImportError(
            f"[errorparsingxml] Error parsing XML: {xml.parsers.expat.ErrorString(error.code)}"
            f" at line {error.lineno}, char {error.offset}") from None
    return tree.root


# --- qtype_multianswer_extract_question ---------------------------------------------------

_ALT_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
# ANSWER_ALTERNATIVE_ANSWER_REGEX of 4.5.6 is `.+?(?<!\\|&|&amp;)(?=[~#}]|$)`: a '#' right
# after '&' or '&amp;' is part of an entity reference, not the start of the feedback.
_ALT_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_ALT_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALT = f"({_ALT_FRACTION})?({_ALT_ANSWER})(#({_ALT_FEEDBACK}))?"
_GAP_TYPES = (r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
              r"(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
              r"(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
              r"(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|"
              r"(MULTIRESPONSE_HS|MRHS)")
_GAP_START = re.compile(r"\{([0-9]*):(" + _GAP_TYPES + "):", re.S)
_GAP = re.compile(_GAP_START.pattern + f"({_ALT}(~{_ALT})*)" + r"\}", re.S)
_ALT_RE = re.compile("~?" + _ALT, re.S)
_NUMBER_RE = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
_NUMERICAL_ALT = re.compile(f"^({_NUMBER_RE})(:{_NUMBER_RE})?$", re.S)
LAYOUT_DROPDOWN, LAYOUT_VERTICAL, LAYOUT_HORIZONTAL = 0, 1, 2  # qtype_multichoice_base
# Group of ANSWER_REGEX -> (qtype, usecase or single, shuffleanswers, layout); the order is
# the order of the if-chain in qtype_multianswer_extract_question.
_GAP_KINDS: tuple[tuple[int, str, int, int, int], ...] = (
    (3, "numerical", 0, 0, 0), (7, "shortanswer", 0, 0, 0), (8, "shortanswer", 1, 0, 0),
    (4, "multichoice", 1, 0, LAYOUT_DROPDOWN), (9, "multichoice", 1, 1, LAYOUT_DROPDOWN),
    (5, "multichoice", 1, 0, LAYOUT_VERTICAL), (10, "multichoice", 1, 1, LAYOUT_VERTICAL),
    (6, "multichoice", 1, 0, LAYOUT_HORIZONTAL), (11, "multichoice", 1, 1, LAYOUT_HORIZONTAL),
    (12, "multichoice", 0, 0, LAYOUT_VERTICAL), (13, "multichoice", 0, 0, LAYOUT_HORIZONTAL),
    (14, "multichoice", 0, 1, LAYOUT_VERTICAL), (15, "multichoice", 0, 1, LAYOUT_HORIZONTAL),
)


_UNESCAPED_CLOSE = re.compile(r"(?<!\\)\}")


def _find_gap(text: str) -> re.Match[str] | None:
    # preg_match(ANSWER_REGEX). A gap needs a '}' (not after '\') past its start; without
    # one PCRE fails (or gives up at its backtrack limit), so skip the exponential search.
    start = _GAP_START.search(text)
    if not start or not _UNESCAPED_CLOSE.search(text, start.end() + 1):
        return None
    return _GAP.search(text)


def _unquote(text: str) -> str:
    return html_entity_decode(text).replace("\\}", "}").replace("\\#", "#")


def extract_cloze(text: str) -> tuple[str, list[dict[str, Any]]]:
    """qtype_multianswer_extract_question: the text with `{#n}` and each gap's question.

    An answer ends at the first `~`, `#` or `}` not after a backslash (a `#` after `&` or
    `&amp;` does not end it either); answers and feedback are then entity-decoded and only
    `\\}` and `\\#` are undone. So `&#125;`, `&#35;` and `&#126;` stand for `}` `#` `~` in
    an answer and `\\~` keeps its backslash; feedback ends at the first `~` or `}` not after
    a backslash.
    """
    subquestions: list[dict[str, Any]] = []
    while (gap := _find_gap(text)) is not None:
        _, qtype, flag, shuffle, layout = next(k for k in _GAP_KINDS if gap.group(k[0]))
        sub: dict[str, Any] = {"qtype": qtype, "defaultmark": float(gap.group(1) or "1"),
                               "questiontext": gap.group(0), "answers": []}
        if qtype == "shortanswer":
            sub["usecase"] = bool(flag)
        elif qtype == "multichoice":
            sub.update(single=bool(flag), shuffleanswers=bool(shuffle), layout=layout,
                       answernumbering="0")
        specific = False
        remaining = gap.group(16)
        while (alt := _ALT_RE.search(remaining)) is not None:
            percent = alt.group(2) or ""
            if alt.group(1) == "=":
                fraction = 1.0
            elif percent not in ("", "0"):  # PHP: '0' is false
                fraction = 0.01 * float(percent.replace(",", "."))
                specific = True
            else:
                fraction = 0.0
            answer: dict[str, Any] = {"fraction": fraction,
                                      "feedback": _unquote(alt.group(5) or "")}
            number = _NUMERICAL_ALT.match(alt.group(3)) if qtype == "numerical" else None
            if number:
                answer["text"] = number.group(1)
                answer["tolerance"] = number.group(6) if number.group(5) is not None else "0"
            else:
                answer["text"] = _unquote(alt.group(3))
                if qtype == "numerical":
                    answer["tolerance"] = ""  # left unset by Moodle
            sub["answers"].append(answer)
            remaining = remaining.split(alt.group(0), 1)[1]
        if qtype == "multichoice" and not sub["single"]:
            # Multiresponse: positive grades are rescaled to add up to 1; without any %n%
            # each wrong answer cancels one right one.
            total = sum(a["fraction"] for a in sub["answers"] if a["fraction"] > 0)
            if total:
                for a in sub["answers"]:
                    if a["fraction"] > 0:
                        a["fraction"] /= total
                    elif not specific:
                        a["fraction"] = -(1.0 / total)
        subquestions.append(sub)
        text = f"{{#{len(subquestions)}}}".join(text.split(gap.group(0), 1))
    return text, subquestions


def validate_cloze(subquestions: list[dict[str, Any]]) -> list[str]:
    """qtype_multianswer_validate_question: the messages, in Moodle's order."""
    if not subquestions:
        return ["[questionsmissing] No valid embedded answers (Cloze) parts found."]
    errors: dict[str, str] = {}
    for number, sub in enumerate(subquestions, 1):
        prefix = f"sub_{number}_"
        count, maxgrade = 0, False
        for key, answer in enumerate(sub["answers"]):
            text = _trim(answer["text"])
            if text == "":
                continue
            count += 1
            if sub["qtype"] == "numerical" and not (_is_valid_number(text) or text == "*"):
                errors[f"{prefix}answer[{key}]"] = (
                    "[answermustbenumberorstar] The answer must be a number, for example "
                    "-1.234 or 3e8, or '*'.")
            if answer["fraction"] == 1:
                maxgrade = True
            if sub["qtype"] == "multichoice" and not sub["single"] and answer["fraction"] > 0:
                maxgrade = True
        if sub["qtype"] == "multichoice" and count < 2:
            errors[f"{prefix}answer[0]"] = (
                "[notenoughanswers] This type of question requires at least 2 choices")
        elif count == 0:
            errors[f"{prefix}answer[0]"] = (
                "[notenoughanswers] This type of question requires at least 1 answers")
        if not maxgrade:
            errors[f"{prefix}fraction[0]"] = (
                "[fractionsnomax] One of the answers should have a score of 100% so it is "
                "possible to get full marks for this question.")
    return list(errors.values())


# --- qformat_xml import functions ---------------------------------------------------------

def _trans_format(name: Any) -> str:
    # qformat_xml::trans_format (an unknown name is html, with a debugging message).
    if isinstance(name, (dict, list)):
        raise _crash("trim(): argument must be of type string, array given")
    name = _trim("" if name is None else str(name))
    return name if name in _FORMATS else "html"


def _trans_single(value: Any) -> bool:
    # qformat_xml::trans_single: 'false', '' and '0' are false, anything else true.
    if isinstance(value, (dict, list)):
        raise _crash("trim(): argument must be of type string, array given")
    value = _trim(str(value))
    return not (value == "false" or value in ("", "0"))


def _field(text: str = "", fmt: str = "html",
           files: dict[str, bytes] | None = None) -> dict[str, Any]:
    return {"text": text, "format": fmt, "files": files or {}}


class _Importer:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        # qformat_default::error: counted; importprocess stops when there is any.
        self.errors.append(message)

    def getpath(self, xml: Any, path: list[Any], default: Any, istext: bool = False,
                error: str = "") -> Any:
        # qformat_xml::getpath.
        for index in path:
            found, xml = _isset(xml, index)
            if not found:
                if error:
                    self.error(error)
                    return False
                return default
        if istext:
            if not isinstance(xml, str):
                self.error("[invalidxml] Invalid XML file - string expected (use CDATA?)")
                return False
            xml = _trim(xml)
        return xml

    def text(self, xml: Any, path: list[Any], default: str = "") -> str:
        value = self.getpath(xml, path, default, True)
        return value if isinstance(value, str) else ""

    def files(self, xml: Any) -> dict[str, bytes]:
        # import_files_as_draft + file_storage::create_file_from_string's checks.
        files: dict[str, bytes] = {}
        if _empty(xml):
            return files
        seen: set[str] = set()
        for entry in xml if isinstance(xml, list) else list(xml.values()):
            name = self.text(entry, ["@", "name"])
            path = self.text(entry, ["@", "path"], "/")
            if path + name in seen:
                continue  # 'Duplicate file in XML' (debugging only)
            content = _at(entry, "#")
            if not isinstance(content, str):
                raise _crash("base64_decode(): argument must be of type string")
            stored_path, stored_name = _clean_path(path), _clean_file(name)
            if not (stored_path.startswith("/") and stored_path.endswith("/")):
                raise MoodleImportError(f"[storedfileproblem] Invalid file path {path!r}")
            if stored_name == "":
                raise MoodleImportError(f"[storedfileproblem] Invalid file name {name!r}")
            key = stored_path[1:] + stored_name
            if key in files:
                raise MoodleImportError(f"[storedfilenotcreated] File exists: {key}")
            files[key] = _base64_decode(content)
            seen.add(path + name)
        return files

    def text_with_files(self, data: Any, path: list[Any], default: str = "",
                        default_format: str = "html") -> dict[str, Any]:
        # qformat_xml::import_text_with_files: the <file>s of the same element.
        return _field(self.text(data, [*path, "#", "text", 0, "#"], default),
                      _trans_format(self.getpath(data, [*path, "@", "format"], default_format)),
                      self.files(self.getpath(data, [*path, "#", "file"], [], False)))

    def import_text(self, texts: Any) -> str:
        # qformat_xml::import_text: trim($text[0]['#']).
        if _empty(texts):
            return ""
        data = _at(texts, 0, "#")
        if isinstance(data, (dict, list)):
            raise _crash("trim(): argument must be of type string, array given")
        return _trim("" if data is None else str(data))

    def legacy_image(self, question: Any, field: dict[str, Any]) -> None:
        # The <image> + <image_base64> pair of old files becomes a file and an <img>.
        data = self.getpath(question, ["#", "image_base64", "0", "#"], None)
        name = self.getpath(question, ["#", "image", "0", "#"], None)
        if _empty(data) or _empty(name):
            return
        if not isinstance(data, str) or not isinstance(name, str):
            raise _crash("base64_decode()/str_replace() given an array")
        stored = _clean_file(name.replace("/", "_"))
        if stored == "":
            raise MoodleImportError(f"[storedfileproblem] Invalid file name {name!r}")
        if stored in field["files"]:
            raise MoodleImportError(f"[storedfilenotcreated] File exists: {stored}")
        field["files"][stored] = _base64_decode(data)
        field["text"] += f' <img src="@@PLUGINFILE@@/{stored}" />'

    def tags(self, question: Any) -> list[str]:
        # import_question_tags, coursetags first as importprocess merges them; the names
        # as read (trimmed), which _Bank.tags turns into the stored ones.
        raw: list[str] = []
        for holder in ("coursetags", "tags"):
            found, tags = True, question
            for index in ("#", holder, 0, "#", "tag"):
                found, tags = _isset(tags, index)
                if not found:
                    break
            if found and not _empty(tags):
                raw += [self.text(tag, ["#", "text", 0, "#"]) for tag in tags]
        return raw

    def hints(self, question: Any, withparts: bool, fmt: str) -> list[dict[str, Any]]:
        # import_hints / import_hint, then question_type::save_hints (empty ones dropped).
        found, hints = _isset(_at(question, "#"), "hint")
        stored: list[dict[str, Any]] = []
        for hint in hints if found and isinstance(hints, list) else []:
            content = _at(hint, "#")
            if not isinstance(content, dict):
                raise _crash("array_key_exists(): argument #2 must be of type array")
            if "hintcontent" in content:
                field = self.text_with_files(hint, ["#", "hintcontent", 0], "", fmt)
                flags = [self.getpath(hint, ["#", k, 0, "#"], 0) for k in (
                    "statenumberofcorrectresponses", "clearincorrectresponses")]
            else:
                field = self.text_with_files(hint, [], "", fmt)
                flags = ["shownumcorrect" in content, "clearwrong" in content]
            if html_is_blank(field["text"]):
                field["text"] = ""
            if _empty(field["text"]) and not (withparts and any(not _empty(f) for f in flags)):
                continue
            stored.append(field)
        return stored

    def headers(self, question: Any) -> dict[str, Any]:
        # qformat_xml::import_headers on top of qformat_default::defaultquestion.
        name = self.getpath(question, ["#", "name", 0, "#", "text", 0, "#"], "", True,
                            "[xmlimportnoname] Missing question name in XML file")
        qo: dict[str, Any] = {"name": _clean_question_name(name if isinstance(name, str) else "")}
        qo["questiontext"] = self.text_with_files(question, ["#", "questiontext", 0])
        self.legacy_image(question, qo["questiontext"])
        qo["idnumber"] = self.getpath(question, ["#", "idnumber", 0, "#"], None)
        fmt = qo["questiontext"]["format"]
        qo["generalfeedback"] = self.text_with_files(question, ["#", "generalfeedback", 0],
                                                     "", fmt)
        qo["defaultmark"] = self.getpath(question, ["#", "defaultgrade", 0, "#"], 1)
        qo["penalty"] = self.penalty(question)
        qo["tags"] = self.tags(question)
        return qo

    def penalty(self, question: Any) -> Any:
        penalty = self.getpath(question, ["#", "penalty", 0, "#"], 0.3333333)
        # Fix problematic rounding from old files.
        return 0.3333333 if abs(_arith(penalty, "penalty") - 0.3333333) < 0.005 else penalty

    def fraction(self, answer: Any) -> float:
        return _arith(self.getpath(answer, ["@", "fraction"], 0), "fraction") / 100

    def combined_feedback(self, question: Any, qo: dict[str, Any]) -> None:
        # import_combined_feedback with shownumcorrect.
        fmt = qo["questiontext"]["format"]
        for field in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            qo[field] = self.text_with_files(question, ["#", field, 0], "", fmt)
        content = _at(question, "#")
        qo["shownumcorrect"] = isinstance(content, dict) and "shownumcorrect" in content
        if isinstance(content, dict) and "correctresponsesfeedback" in content:
            qo["shownumcorrect"] = _trans_single(
                self.getpath(question, ["#", "correctresponsesfeedback", 0, "#"], 1))

    def answers(self, question: Any) -> list[Any]:
        found = _at(question, "#", "answer")
        return found if isinstance(found, list) else []

    def multichoice(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        qo["single"] = _trans_single(self.getpath(q, ["#", "single", 0, "#"], "true"))
        qo["shuffleanswers"] = _trans_single(self.getpath(q, ["#", "shuffleanswers", 0, "#"],
                                                          "false"))
        qo["answernumbering"] = self.getpath(q, ["#", "answernumbering", 0, "#"], "abc")
        if _empty(qo["answernumbering"]):
            qo["answernumbering"] = "abc"
        qo["showstandardinstruction"] = self.getpath(
            q, ["#", "showstandardinstruction", 0, "#"], "1")
        qo["answers"] = [{"text": self.text_with_files(a, [], "", fmt),
                          "fraction": self.fraction(a),
                          "feedback": self.text_with_files(a, ["#", "feedback", 0], "", fmt)}
                         for a in self.answers(q)]
        self.combined_feedback(q, qo)
        qo["hints"] = self.hints(q, True, fmt)
        return qo

    def truefalse(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        first = True
        for answer in self.answers(q):
            text = self.text(answer, ["#", "text", 0, "#"])
            feedback = self.text_with_files(answer, ["#", "feedback", 0], "", fmt)
            if text not in ("true", "false"):
                # An old file: the first answer is taken as 'true', the others as 'false';
                # Moodle shows a warning (truefalseimporterror) and imports the question.
                text = "true" if first else "false"
                qo["warning"] = ("[truefalseimporterror] The true/false question could not be "
                                 "imported properly: the answers were taken in order")
            hundred = _loose_equals_100(_at(answer, "@", "fraction"))
            if text == "true":
                qo["correctanswer"] = hundred
                qo["feedbacktrue"] = feedback
            else:
                qo["correctanswer"] = not hundred
                qo["feedbackfalse"] = feedback
            first = False
        qo["hints"] = self.hints(q, False, fmt)
        return qo

    def shortanswer(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        qo["usecase"] = self.getpath(q, ["#", "usecase", 0, "#"], 0)
        qo["answers"] = [{"text": self.text(a, ["#", "text", 0, "#"]),
                          "fraction": self.fraction(a),
                          "feedback": self.text_with_files(a, ["#", "feedback", 0], "", fmt)}
                         for a in self.answers(q)]
        qo["hints"] = self.hints(q, False, fmt)
        return qo

    def numerical(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        qo["answers"] = []
        for a in self.answers(q):
            fraction = self.fraction(a)
            qo["answers"].append({
                "text": self.text(a, ["#", "text", 0, "#"]),
                "feedback": self.text_with_files(a, ["#", "feedback", 0], "", fmt),
                "tolerance": self.getpath(a, ["#", "tolerance", 0, "#"], 0),
                # A <fraction> element (deprecated) wins over the attribute.
                "fraction": self.getpath(a, ["#", "fraction", 0, "#"], fraction)})
        units = self.getpath(q, ["#", "units", 0, "#", "unit"], [])
        qo["units"] = [(self.getpath(u, ["#", "multiplier", 0, "#"], 1),
                        self.text(u, ["#", "unit_name", 0, "#"]))
                       for u in (units if isinstance(units, list) else [])]
        qo["unitsleft"] = self.getpath(q, ["#", "unitsleft", 0, "#"], 0)
        qo["hints"] = self.hints(q, False, fmt)
        return qo

    def match(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        qo["shuffleanswers"] = _trans_single(self.getpath(q, ["#", "shuffleanswers", 0, "#"], 1))
        subs = _at(q, "#", "subquestion")
        qo["subquestions"] = [{"text": self.text_with_files(s, [], "", fmt),
                               "answer": self.text(s, ["#", "answer", 0, "#", "text", 0, "#"])}
                              for s in (subs if isinstance(subs, list) else [])]
        self.combined_feedback(q, qo)
        qo["hints"] = self.hints(q, True, fmt)
        return qo

    def essay(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        fmt = qo["questiontext"]["format"]
        for field, default in (("responseformat", "editor"), ("responsefieldlines", 15),
                               ("responserequired", 1), ("minwordlimit", None),
                               ("maxwordlimit", None), ("attachments", 0),
                               ("attachmentsrequired", 0), ("filetypeslist", None),
                               ("maxbytes", None)):
            qo[field] = self.getpath(q, ["#", field, 0, "#"], default)
        qo["graderinfo"] = self.text_with_files(q, ["#", "graderinfo", 0], "", fmt)
        qo["responsetemplate"] = _field(
            self.text(q, ["#", "responsetemplate", 0, "#", "text", 0, "#"]),
            _trans_format(self.getpath(q, ["#", "responsetemplate", 0, "@", "format"], fmt)))
        qo["hints"] = []
        return qo

    def description(self, q: Any) -> dict[str, Any]:
        qo = self.headers(q)
        qo["defaultmark"] = 0
        qo["hints"] = []
        return qo

    def multianswer(self, q: Any) -> dict[str, Any] | None:
        # qformat_xml::import_multianswer: the gaps are read from the question text.
        questiontext = self.text_with_files(q, ["#", "questiontext", 0])
        text, subquestions = extract_cloze(questiontext["text"])
        errors = validate_cloze(subquestions)
        if errors:
            self.error("[invalidmultianswerquestion] Invalid embedded answers (Cloze) question"
                       f" ({' '.join(errors)})")
            return None
        content = _at(q, "#")
        if isinstance(content, dict) and content.get("name") is not None:
            name = _clean_question_name(self.import_text(_at(content, "name", 0, "#", "text")))
        else:
            name = _clean_question_name(shorten_text(text, 80)) or "Question name"
        questiontext["text"] = text
        qo: dict[str, Any] = {"name": name, "questiontext": questiontext,
                              "subquestions": subquestions}
        self.legacy_image(q, questiontext)
        qo["idnumber"] = self.getpath(q, ["#", "idnumber", 0, "#"], None)
        fmt = questiontext["format"]
        qo["generalfeedback"] = self.text_with_files(q, ["#", "generalfeedback", 0], "", fmt)
        qo["defaultmark"] = sum(s["defaultmark"] for s in subquestions)  # no <defaultgrade>
        qo["penalty"] = self.penalty(q)
        qo["hints"] = self.hints(q, True, fmt)
        qo["tags"] = self.tags(q)
        return qo

    def category(self, q: Any) -> dict[str, Any]:
        # qformat_xml::import_category.
        content = _at(q, "#")
        qo: dict[str, Any] = {
            "category": self.import_text(_at(content, "category", 0, "#", "text")),
            "info": _field("", "moodle_auto_format")}
        if isinstance(content, dict) and "info" in content:
            qo["info"] = _field(self.import_text(_at(content, "info", 0, "#", "text")),
                                _trans_format(_at(content, "info", 0, "@", "format")))
        qo["idnumber"] = self.getpath(q, ["#", "idnumber", 0, "#"], None)
        return qo

    def question(self, q: Any) -> dict[str, Any] | None:
        # qformat_xml::import_question.
        qtype = _at(q, "@", "type")
        readers = {"multichoice": self.multichoice, "truefalse": self.truefalse,
                   "shortanswer": self.shortanswer, "numerical": self.numerical,
                   "description": self.description, "matching": self.match,
                   "match": self.match, "cloze": self.multianswer,
                   "multianswer": self.multianswer, "essay": self.essay,
                   "category": self.category}
        if qtype in _UNMODELLED:
            raise NotImplementedError(f"Moodle imports qtype {qtype!r}; this model does not")
        if not isinstance(qtype, str) or qtype not in readers:
            self.error(f"[xmltypeunsupported] Question type {qtype} is not supported by XML "
                       "import")
            return None
        qo = readers[qtype](q)
        if qo is not None:
            qo["qtype"] = {"matching": "match", "cloze": "multianswer"}.get(qtype, qtype)
        return qo


def _loose_equals_100(value: Any) -> bool:
    # PHP 8 `$value == 100`: numeric strings compare as numbers, others as strings.
    number, whole = _number(value)
    if isinstance(value, str) and not whole:
        return value == "100"
    return number == 100


# --- qformat_default::importprocess --------------------------------------------------------

class _Bank:
    """The database side: categories, id numbers, each type's save_question_options."""

    def __init__(self) -> None:
        # Category records keyed by (context, "top", name, ...); each context has its "top".
        self.categories: dict[tuple[str, ...], dict[str, Any]] = {
            (context, "top"): {"info": ""} for context in IMPORT_CONTEXTS}
        self.category_idnumbers: dict[str, set[str]] = {c: set() for c in IMPORT_CONTEXTS}
        self.current: tuple[str, ...] | None = None  # the category chosen on the form
        self.idnumbers: dict[tuple[str, ...] | None, set[str]] = {}
        self.site_tags: dict[str, str] = {}  # the tag collection: lower-case name -> name

    def context(self) -> str:
        return self.current[0] if self.current else IMPORT_CONTEXTS[0]

    def create_category_path(self, qo: dict[str, Any]) -> dict[str, Any]:
        # qformat_default::create_category_path + split_category_path.
        names = [clean_text(_trim(raw.replace("//", "/")))
                 for raw in re.split(r"(?<!/)/(?!/)", qo["category"])]
        prefix = None
        found = re.match(r"\$([a-z]+)\$\n?\Z", names[0])
        if found:
            prefix = found.group(1)
            names.pop(0)
        # context_to_string_translator::string_to_context knows the import's contexts; an
        # unknown name (and no prefix) means the context of the current category.
        context = prefix if prefix in IMPORT_CONTEXTS else self.context()
        if names and (names[0] != "top" or len(names) < 3):
            names.insert(0, "top")
        info, idnumber = qo["info"], qo["idnumber"]
        parent: tuple[str, ...] | None = None
        category: tuple[str, ...] | None = None
        info_stored = False
        created: list[dict[str, Any]] = []
        last = len(names) - 1
        for key, name in enumerate(names):
            if parent is None:
                category = parent = (context, "top")
            elif (*parent, name) in self.categories:
                category = parent = (*parent, name)
                record = self.categories[category]
                if key == last and info["text"] != "" and record["info"] == "":
                    # Only an empty description is filled (and its format with it); the
                    # id number test compares NULL with '', so an id number never is.
                    record.update(info=info["text"], infoformat=info["format"])
                    info_stored = True
            else:
                category = None  # the failed get_record leaves false behind
                if name == "top":
                    continue
                if len(name) > CATEGORY_NAME_MAX:
                    raise MoodleImportError(
                        f"[dmlwriteexception] Category name of {len(name)} characters is longer"
                        f" than question_categories.name ({CATEGORY_NAME_MAX}): {name[:40]}...")
                record = {"info": "", "infoformat": "moodle_auto_format", "idnumber": None}
                if key == last and info["text"] != "":
                    record.update(info=info["text"], infoformat=info["format"])
                    info_stored = True
                if key == last and isinstance(idnumber, str) and idnumber != "":
                    used = self.category_idnumbers[context]
                    if len(idnumber) > IDNUMBER_MAX or idnumber in used:
                        raise MoodleImportError(
                            f"[dmlwriteexception] Category idnumber {idnumber!r} is too long or "
                            "already used in this context")
                    used.add(idnumber)
                    record["idnumber"] = idnumber
                category = parent = (*parent, name)
                self.categories[category] = record
                created.append(record)
                record.update(context=context, path=list(category[2:]))
        if category is not None:
            self.current = category
        return {"qtype": "category", "category": list(parent or ())[2:], "context": prefix,
                "category_context": context, "switched": category is not None, "info": info,
                "info_stored": info_stored, "idnumber": idnumber, "created": created}

    def tags(self, raw: list[str]) -> list[str]:
        # core_tag_tag::set_item_tags -> create_if_missing / get_by_name_bulk / add: names
        # are trimmed and PARAM_TAG-cleaned; one tag per lower-case name, in the order of
        # its first use, named by its last spelling - unless the site (here: an earlier
        # question of the file) already has that tag, whose name is kept. A name that
        # cleans to '0' is looked up but never created, and PHP then calls a method on null.
        if not raw:
            return []
        cleaned = [_clean_tag(_trim(t)) for t in raw if _trim(t) != ""]
        if "0" in cleaned:
            raise MoodleImportError("[PHP Error] Call to a member function add_instance() on "
                                    "null: a tag named '0' stops the import")
        spelling: dict[str, str] = {}
        for clean in cleaned:
            if clean != "":
                spelling.pop(clean.lower(), None)
                spelling[clean.lower()] = clean
        order = list(dict.fromkeys(c.lower() for c in cleaned if c != ""))
        for name in order:
            self.site_tags.setdefault(name, spelling[name])
        return [self.site_tags[name] for name in order]

    def idnumber(self, value: Any) -> str | None:
        # importprocess: '' is no id number; one already in the category is dropped.
        if value is None:
            return None
        # (string) of an array is only a PHP warning, and 'Array' is what is stored.
        idnumber: str = value if isinstance(value, str) else "Array"
        used = self.idnumbers.setdefault(self.current, set())
        if idnumber == "" or idnumber in used:
            return None
        if len(idnumber) > IDNUMBER_MAX:
            raise MoodleImportError(
                f"[dmlwriteexception] idnumber of {len(idnumber)} characters is longer than "
                f"question_bank_entries.idnumber ({IDNUMBER_MAX})")
        used.add(idnumber)
        return idnumber

    def save(self, qo: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in qo.items() if k not in ("units", "unitsleft")}
        out["category"] = list(self.current)[2:] if self.current else None
        out["context"] = self.context()
        out["idnumber"] = self.idnumber(qo["idnumber"])
        out["tags"] = self.tags(qo["tags"])
        out["defaultmark"] = _db_number(qo["defaultmark"], "defaultmark")
        out["penalty"] = _db_number(qo["penalty"], "penalty")
        saver = getattr(self, "save_" + qo["qtype"], None)
        if saver is not None:
            saver(qo, out)
        return out

    def save_multichoice(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_multichoice::save_question_options: an answer array never equals '' in PHP 8,
        # so every <answer> counts; blank ones are then not stored. A single-answer question
        # without a 100% answer only gets a notice that the import ignores.
        if len(qo["answers"]) < 2:
            raise MoodleImportError(
                "[notenoughanswers] This type of question requires at least 2 choices "
                f"(question {qo['name']!r}; the questions before it are saved)")
        out["answers"] = [a for a in qo["answers"] if _trim(a["text"]["text"]) != ""]

    def save_truefalse(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_truefalse::save_question_options writes both answers; a missing one leaves
        # NULL in NOT NULL columns (Moodle 4.5.6: dml_write_exception).
        if "feedbacktrue" not in qo or "feedbackfalse" not in qo:
            raise MoodleImportError(
                "[dmlwriteexception] A true/false question needs an answer read as 'true' and "
                f"one read as 'false' (question {qo['name']!r})")
        out["correctanswer"] = bool(qo["correctanswer"])

    def save_shortanswer(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_shortanswer::save_question_options then save_question_answers.
        if max((a["fraction"] for a in qo["answers"]), default=-1) != 1:
            raise MoodleImportError(
                "[fractionsnomax] One of the answers should have a score of 100% so it is "
                f"possible to get full marks for this question (question {qo['name']!r}; the "
                "questions before it are saved)")
        out["usecase"] = bool(_db_int(qo["usecase"], "usecase"))
        out["answers"] = [dict(a, text=_trim(a["text"])) for a in qo["answers"]
                          if not _blank_answer(a)]

    def save_numerical(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_numerical::save_units and save_question_options (no grade sanity check).
        units: dict[str, float] = {}
        for multiplier, name in qo["units"]:
            if not _empty(multiplier) and not _empty(name) and name not in units:
                units[name] = _apply_unit(str(multiplier), {}, False) or 0.0
        left = not _empty(qo["unitsleft"])
        out["unitsleft"] = left  # save_unit_options
        out["answers"] = []
        for a in qo["answers"]:
            if _blank_answer(a):
                continue
            value = None if _trim(a["text"]) == "*" else _apply_unit(a["text"], units, left)
            if value is None and _trim(a["text"]) != "*":
                raise MoodleImportError(
                    f"[dmlwriteexception] Numerical answer {a['text']!r} is not a number: NULL "
                    f"in question_answers.answer (question {qo['name']!r})")
            tolerance = a["tolerance"]
            tol = _apply_unit(str(tolerance), units, left) if _trim(str(tolerance)) else None
            out["answers"].append({"text": a["text"], "value": value,
                                   "fraction": float(_number(a["fraction"])[0] or 0),
                                   "tolerance": tol or 0.0, "feedback": a["feedback"]})
        out["units"] = units

    def save_match(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_match::save_question_options: empty pairs are dropped; a stem without an
        # answer gives a notice: importprocess shows it and ends the import (successfully)
        # after this question, so the rest of the file is not imported.
        out["subquestions"] = []
        for sub in qo["subquestions"]:
            answer = _trim(sub["answer"])
            if sub["text"]["text"] == "" and answer == "":
                continue
            out["subquestions"].append({"text": sub["text"], "answer": answer})
        for sub in out["subquestions"]:
            if sub["text"]["text"] != "" and sub["answer"] == "":
                out["notice"] = ("[nomatchinganswer] You must specify an answer matching the "
                                 f"question (question {qo['name']!r}; the import ends here)")

    def save_essay(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # qtype_essay::save_question_options: a required attachment count only with
        # attachments, maxbytes 0 when missing.
        for field in ("responsefieldlines", "responserequired", "attachments",
                      "attachmentsrequired"):
            out[field] = _db_int(qo[field], field)
        if out["attachments"] == 0 and out["attachmentsrequired"] > 0:
            out["attachmentsrequired"] = 0
        for field in ("minwordlimit", "maxwordlimit"):
            # import_essay sets minwordenabled = !empty(...), and isset() of false is true.
            out[field] = None if qo[field] is None else _db_int(qo[field], field)
        out["maxbytes"] = 0 if qo["maxbytes"] is None else _db_int(qo["maxbytes"], "maxbytes")

    def save_multianswer(self, qo: dict[str, Any], out: dict[str, Any]) -> None:
        # Each gap is saved as its own question of its type (the checks already passed);
        # question_type::import_or_save_files trims each answer and feedback text it saves.
        subs = []
        for sub in qo["subquestions"]:
            sub = dict(sub)
            sub["answers"] = [dict(a, feedback=_trim(a["feedback"])) for a in sub["answers"]]
            if sub["qtype"] == "multichoice":
                sub["answers"] = [dict(a, text=_trim(a["text"])) for a in sub["answers"]
                                  if _trim(a["text"]) != ""]
            elif sub["qtype"] == "shortanswer":
                sub["answers"] = [dict(a, text=_trim(a["text"])) for a in sub["answers"]
                                  if not (_trim(a["text"]) == "" and a["fraction"] == 0
                                          and html_is_blank(a["feedback"]))]
            else:
                answers = []
                for a in sub["answers"]:
                    star = _trim(a["text"]) == "*"
                    tolerance = a["tolerance"]
                    tol = _apply_unit(tolerance, {}, False) if _trim(tolerance) else None
                    answers.append(dict(a, value=None if star else _apply_unit(a["text"], {},
                                                                                False),
                                        tolerance=tol or 0.0))
                sub["answers"] = answers
            subs.append(sub)
        out["subquestions"] = subs


def _blank_answer(answer: dict[str, Any]) -> bool:
    # question_type::is_answer_empty.
    return (_trim(answer["text"]) == "" and _number(answer["fraction"])[0] == 0
            and html_is_blank(answer["feedback"]["text"]))


def _check_grades(questions: list[dict[str, Any]]) -> None:
    # importprocess: every fraction must be one of Moodle's grades (matchgrades 'error').
    messages = []
    for qo in questions:
        answers = qo.get("answers") if qo["qtype"] in ("multichoice", "shortanswer",
                                                      "numerical") else None
        if not answers:
            continue
        bad = []
        for answer in answers:
            value = _number(answer["fraction"])[0]
            grade = None if value is None else match_grade(value)
            if grade is None:
                bad.append(answer["fraction"])
            else:
                answer["fraction"] = grade
        if bad:
            grades = ", ".join(_php_float_str(b) if isinstance(b, float) else str(b)
                               for b in bad)
            messages.append(f"[invalidgradequestion] Grades ({grades}) do not match grade "
                            f"options - question '{qo['name']}' skipped.")
    if messages:
        raise MoodleImportError(" ".join(messages))


def read(data: bytes) -> list[dict[str, Any]]:
    """Every question of a Moodle XML file, in file order, as Moodle's importer would store it.

    Raises MoodleImportError where Moodle stops the import (see the module docstring).
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise MoodleImportError("[importwrongfileencoding] The file you selected does not "
                                "seem to use the UTF-8 character encoding.") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"")  # readdata explodes on CR, readquestions glues
    tree = _xmlize(data.strip(_WS.encode()))
    importer = _Importer()
    entries = _at(tree, "quiz", "#", "question")
    questions = []
    for entry in entries if isinstance(entries, list) else []:
        qo = importer.question(entry)
        if qo:
            questions.append(qo)
    if not questions:
        raise MoodleImportError(" ".join(
            [*importer.errors, "[noquestionsinfile] There are no questions in the import file"]))
    if importer.errors:
        raise MoodleImportError(" ".join(
            [*importer.errors, "[importparseerror] Errors found parsing the import file. No "
             "questions have been imported."]))
    _check_grades(questions)
    bank = _Bank()
    stored = []
    for qo in questions:
        if qo["qtype"] == "category":
            stored.append(bank.create_category_path(qo))
        else:
            stored.append(bank.save(qo))
            if "notice" in stored[-1]:
                break  # importprocess: `return true` after a save_question_options notice
    return stored
