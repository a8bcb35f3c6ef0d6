"""Stage 1 identifier, path and URI rules (QTIMigrationTool imscp.py / xmlutils.py)."""

from __future__ import annotations

import re
import string

# ---------------------------------------------------------------------------
# Stage 1: QTIMigrationTool (lib/imsqtiv1.py, lib/imsqti.py, lib/imscp.py, lib/xmlutils.py)
# ---------------------------------------------------------------------------

_NMTOKEN = set(string.ascii_letters + string.digits + "_-.:")
_NMSTART = set(string.ascii_letters + "_")
_PCHAR = set(string.ascii_letters + string.digits + "-_.!~*':@&=+$,")
_SCHEME = set(string.ascii_letters + string.digits + "+-.")
QTI_EXTENSIONS = (".xml", ".dat", ".qti")


class _Crash(Exception):
    """Where migrate.py dies (Python 3 TypeError from `raise QTIException`, asserts, ...)."""


class _NotModelled(NotImplementedError):
    pass


def fix_identifier(value: str) -> str:
    """imscp.py CPResource.FixIdentifier: non-NMTOKEN characters → `_`, `ID_` before a bad start."""
    out = ""
    for c in value:
        if c not in _NMTOKEN:
            c = "_"
        if not out and c not in _NMSTART:
            out = "ID_"
        out += c
    return out


def check_nmtoken(token: str, prefix: str, warnings: list[str] | None = None) -> str:
    """imsqtiv1.py QTIObjectV1.CheckNMTOKEN: bad ASCII → `-`, prefix before a bad start."""
    token = token.strip()
    out, bad = "", False
    for c in token:
        if c not in _NMTOKEN and ord(c) < 128:
            bad, c = True, "-"
        if not out and c not in _NMSTART:
            bad, out = True, prefix
        out += c
    if bad and warnings is not None:
        # ExtendedTextInteraction reads this comment back to undo renamed blank ids.
        warnings.append(f'Warning: replacing bad NMTOKEN "{token}" with "{out}"')
    return out


def read_identifier(value: str, prefix: str, warnings: list[str] | None = None) -> str:
    """QTIObjectV1.ReadIdentifier: CheckNMTOKEN, then `:` and `.` → `_`."""
    return check_nmtoken(value.strip(), prefix, warnings).replace(":", "_").replace(".", "_")


def _d2l_strip(value: str) -> str:
    # imsqtiv1.py D2L_IDENTIFIER_REPLACER, applied to response and choice idents
    return re.sub(r"_(?:ans|str)$", "", value, flags=re.I)


def decode_path_segment(seg: str) -> str:
    """xmlutils.py DecodePathSegment: %XX → chr(0xXX) (not UTF-8); a bad escape eats a character."""
    out, hexstr = "", ""
    for c in seg:
        if c == "%":
            hexstr = "0x"
        elif hexstr:
            if c in string.hexdigits:
                hexstr += c
            else:
                out += "%" + hexstr[2:]
                hexstr = ""
        else:
            out += c
        if len(hexstr) == 4:
            out += chr(int(hexstr, 16))
            hexstr = ""
    return out


def encode_path_segment(seg: str) -> str:
    """xmlutils.py EncodePathSegment."""
    out = ""
    for c in seg:
        if c in _PCHAR:
            out += c
        elif ord(c) > 255:
            out += "?"
        else:
            out += "%" + format(ord(c), "02x")
    return out


def relative_url(uri: str) -> bool:
    """xmlutils.py RelativeURL."""
    parts = uri.split(":")
    if len(parts) > 1:
        if not parts[0]:
            raise _Crash("RelativeURL: IndexError on a URI starting with ':'")
        if parts[0][0] not in string.ascii_letters:
            return True
        return not all(c in _SCHEME for c in parts[0])
    return True


def xml_string(s: str | None) -> str:
    """xmlutils.py XMLString (how the converter writes text into its XML)."""
    out = []
    for c in s or "":
        if c == "&":
            out.append("&amp;")
        elif c == "<":
            out.append("&lt;")
        elif c == ">":
            out.append("&gt;")
        elif c == '"':
            out.append("&quot;")
        elif ord(c) > 128:
            out.append(f"&#{ord(c)};")
        else:
            out.append(c)
    return "".join(out)


def _resolve(base_dir: str, uri: str) -> str | None:
    """QuesTestInterop/Manifest.ResolveURI: a zip path, or None above the package root."""
    parts = [p for p in base_dir.split("/") if p]
    for seg in uri.split("/"):
        if seg == ".":
            continue
        if seg == "..":
            if not parts:
                return None
            parts.pop()
        elif seg:
            parts.append(decode_path_segment(seg))
    return "/".join(parts)


def _resolve_cp(uri: str) -> str:
    """imscp.py ResolveCPURI: where a CPFile is written in the output package."""
    parts: list[str] = []
    for seg in uri.split("/"):
        if seg == ".":
            continue
        if seg == "..":
            if parts:
                parts.pop()
        elif seg:
            parts.append(decode_path_segment(seg))
    return "/".join(parts)
