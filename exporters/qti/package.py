"""The QTI package's files: the manifest, each assessment and its Canvas settings, the media.

The manifest is plain IMS Content Packaging 1.1: one `imsqti_xmlv1p2`
resource an assessment, its `assessment_meta.xml` (title, description and
quiz settings, which Canvas reads from `<ident>/assessment_meta.xml`) as a
dependency, and one `webcontent` resource listing every picture and sound,
which Canvas imports only when the manifest lists it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass
class Assessment:
    """One quiz of the package: its ident, title, description (HTML) and items (UTF-8 XML)."""

    ident: str
    title: str
    description: str
    items: list[bytes] = field(default_factory=list)
    points: float = 0.0


def assessment_xml(a: Assessment) -> list[bytes]:
    """The QTI 1.2 document of one assessment, its items in one section, in pieces:
    joined, a large deck's document would exist twice."""
    head = (f'{_HEAD}<questestinterop xmlns="{_QTI}" xmlns:xsi="{_XSI}" '
            f'xsi:schemaLocation="{_QTI} {_QTI}/ims_qtiasiv1p2p1.xsd">\n'
            f"<assessment ident={quoteattr(a.ident)} title={quoteattr(a.title)}>\n"
            '<qtimetadata><qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel>'
            "<fieldentry>1</fieldentry></qtimetadatafield></qtimetadata>\n"
            '<section ident="root_section">\n')
    pieces = [head.encode()]
    for i, item in enumerate(a.items):
        if i:
            pieces.append(b"\n")
        pieces.append(item)
    pieces.append(b"\n</section>\n</assessment>\n</questestinterop>\n")
    return pieces


def meta_xml(a: Assessment, quiz_type: str, shuffle: bool) -> str:
    """Canvas's own settings of one quiz (`assessment_meta.xml`)."""
    values = [("title", escape(a.title)), ("description", escape(a.description)),
              ("shuffle_answers", "true" if shuffle else "false"),
              ("scoring_policy", "keep_highest"), ("quiz_type", quiz_type),
              ("points_possible", _points(a.points)), ("allowed_attempts", "-1"),
              ("show_correct_answers", "true"), ("one_question_at_a_time", "false")]
    fields = "".join(f"  <{k}>{v}</{k}>\n" for k, v in values)
    return (f'{_HEAD}<quiz identifier={quoteattr(a.ident)} xmlns="{_CANVAS}" '
            f'xmlns:xsi="{_XSI}" xsi:schemaLocation="{_CANVAS} '
            f'https://canvas.instructure.com/xsd/cccv1p0.xsd">\n{fields}</quiz>\n')


def manifest_xml(ident: str, assessments: Sequence[Assessment], media: Sequence[str]) -> str:
    """The package's `imsmanifest.xml`."""
    resources = []
    for a in assessments:
        resources.append(
            f'<resource identifier={quoteattr(a.ident)} type="imsqti_xmlv1p2">'
            f'<file href="{a.ident}/{a.ident}.xml"/>'
            f'<dependency identifierref="{a.ident}_meta"/></resource>')
        resources.append(
            f'<resource identifier="{a.ident}_meta" '
            'type="associatedcontent/imscc_xmlv1p1/learning-application-resource" '
            f'href="{a.ident}/assessment_meta.xml">'
            f'<file href="{a.ident}/assessment_meta.xml"/></resource>')
    if media:
        files = "".join(f"<file href={quoteattr(path)}/>" for path in media)
        resources.append(f'<resource identifier="{ident}_media" type="webcontent">{files}'
                         "</resource>")
    return (f'{_HEAD}<manifest identifier={quoteattr(ident)} xmlns="{_CP}" '
            f'xmlns:xsi="{_XSI}" xsi:schemaLocation="{_CP} '
            f'http://www.imsglobal.org/xsd/imscp_v1p1.xsd">\n<organizations/>\n<resources>\n'
            + "\n".join(resources) + "\n</resources>\n</manifest>\n")


def _points(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
