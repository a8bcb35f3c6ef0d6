"""The Canvas QTI model reads hand-written QTI 1.2 the way Canvas does (the field notes' facts)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from tests.consumers import canvas_qti

FILE = '<resource identifier="f" type="webcontent"><file href="images/a.png"/></resource>'
META = ('<resource identifier="m" type="associatedcontent/imscc_xmlv1p1/learning-application-'
        'resource"><file href="{0}/assessment_meta.xml"/></resource>')


def package(items: str, ident: str = "deck", resources: str = "", meta: str = "",
            files: dict[str, bytes] | None = None) -> bytes:
    qti = (f'<questestinterop><assessment ident="{ident}" title="Deck"><section ident="s">'
           f"{items}</section></assessment></questestinterop>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", f"<manifest><resources>{resources}</resources>"
                         "</manifest>")
        archive.writestr(f"{ident}/{ident}.xml", qti)
        if meta:
            archive.writestr(meta, "<quiz><title>T</title><description>About</description></quiz>")
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def item(qtype: str, response: str, conditions: str, extra: str = "",
         text: str = "&lt;p&gt;Q&lt;/p&gt;") -> str:
    return (f'<item ident="q1" title="Q"><itemmetadata><qtimetadata><qtimetadatafield>'
            f"<fieldlabel>question_type</fieldlabel><fieldentry>{qtype}</fieldentry>"
            f"</qtimetadatafield></qtimetadata></itemmetadata><presentation><material>"
            f'<mattext texttype="text/html">{text}</mattext></material>{response}</presentation>'
            f'<resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes>'
            f"{conditions}</resprocessing>{extra}</item>")


def lid(choices: list[str], ident: str = "response1", prompt: str = "") -> str:
    labels = "".join(f'<response_label ident="{c}"><material><mattext texttype="text/plain">'
                     f"{c}</mattext></material></response_label>" for c in choices)
    return f'<response_lid ident="{ident}">{prompt}<render_choice>{labels}</render_choice>' + (
        "</response_lid>")


def cond(value: str, score: str = "", resp: str = "response1", action: str = "Set",
         feedback: str = "", body: str = "") -> str:
    test = body or f'<varequal respident="{resp}">{value}</varequal>'
    setvar = f'<setvar varname="SCORE" action="{action}">{score}</setvar>' if score else ""
    show = f'<displayfeedback linkrefid="{feedback}"/>' if feedback else ""
    return f'<respcondition continue="Yes"><conditionvar>{test}</conditionvar>{setvar}{show}' + (
        "</respcondition>")


def question(data: bytes) -> dict[str, Any]:
    quiz = canvas_qti.read(data)[0]
    assert quiz["kind"] == "quiz"
    return quiz["questions"][0]  # type: ignore[no-any-return]


def test_choice_weights_and_true_false() -> None:
    # the last condition testing a choice sets its weight
    right = item("multiple_choice_question", lid(["a", "b"]), cond("b", "100"))
    assert [a["weight"] for a in question(package(right))["answers"]] == [0, 100]
    late_feedback = item("multiple_choice_question", lid(["a", "b"]),
                         cond("b", "100") + cond("b", feedback="b_fb"))
    assert [a["weight"] for a in question(package(late_feedback))["answers"]] == [0, 0]
    # true/false needs choice texts reading "true" and "false"
    tf = "true_false_question"
    english = question(package(item(tf, lid(["true", "false"]), cond("true", "100"))))
    german = question(package(item(tf, lid(["Wahr", "Falsch"]), cond("Wahr", "100"))))
    assert (english["question_type"], german["question_type"]) == (tf, "multiple_choice_question")


def test_short_answers_essays_and_numerical_answers() -> None:
    fib = ('<response_str ident="response1"><render_fib><response_label ident="a"/>'
           "</render_fib></response_str>")
    q = question(package(item("short_answer_question", fib, cond("Paris", "100") + cond("Lyon"))))
    assert [a["text"] for a in q["answers"]] == ["Paris", "Lyon"]
    assert [a["weight"] for a in q["answers"]] == [100, 100]
    none = question(package(item("short_answer_question", fib, cond("", body="<other/>"))))
    assert none["question_type"] == "essay_question"
    fib = ('<response_str ident="response1"><render_fib fibtype="Decimal">'
           '<response_label ident="a"/></render_fib></response_str>')
    bare = question(package(item("numerical_question", fib, cond("3.14", "100"))))
    assert bare["answers"] == []
    ranged = ('<and><vargte respident="response1">1</vargte>'
              '<varlte respident="response1">2</varlte></and>')
    q = question(package(item("numerical_question", fib, cond("", "100", body=ranged))))
    assert q["answers"][0]["numerical_answer_type"] == "range_answer"
    assert (q["answers"][0]["start"], q["answers"][0]["end"]) == (1.0, 2.0)


def test_matching_and_fill_in_multiple_blanks() -> None:
    left = '<material><mattext texttype="text/plain">L</mattext></material>'
    lids = lid(["m1", "a1b"], "response_1", left) + lid(["m1", "a1b"], "response_2", left)
    pairs = cond("m1", "50", "response_1", "Add") + cond("a1b", "50", "response_2", "Add")
    q = question(package(item("matching_question", lids, pairs)))
    assert [m["match_id"] for m in q["matches"]] == [1, 1]  # both idents read as "1"
    set_pairs = pairs.replace('action="Add"', 'action="Set"')
    unmatched = question(package(item("matching_question", lids, set_pairs)))
    assert all("match_id" not in a for a in unmatched["answers"])
    blanks = lid(["red", "Red"], "response_color") + lid(["blue"], "response_sky")
    q = question(package(item("fill_in_multiple_blanks_question", blanks, "",
                              text="Roses are [color], skies [sky]")))
    assert [(a["blank_id"], a["text"], a["weight"]) for a in q["answers"]] == [
        ("color", "red", 100), ("color", "Red", 100), ("sky", "blue", 100)]


def test_feedback_is_filed_by_ident() -> None:
    def fb(ident: str) -> str:
        return (f'<itemfeedback ident="{ident}"><material><mattext texttype="text/plain">{ident}'
                "</mattext></material></itemfeedback>")
    extra = fb("general_fb") + fb("wrong_fb") + fb("correct_choice_fb")
    q = question(package(item("multiple_choice_question", lid(["a"]), cond("a", "100"), extra)))
    assert (q["neutral_comments"], q["incorrect_comments"]) == ("general_fb", "wrong_fb")
    assert q["correct_comments"] == "correct_choice_fb"  # per-answer feedback misfiled


def test_idents_assessment_meta_and_files() -> None:
    q = item("essay_question", "", "")
    renamed = canvas_qti.read(package(q, "1st-deck", META.format("1st-deck"),
                                      "1st-deck/assessment_meta.xml"))[0]
    assert (renamed["ident"], renamed["description"]) == ("ID_1st-deck", None)
    kept = canvas_qti.read(package(q, "d1", META.format("d1"), "d1/assessment_meta.xml"))[0]
    assert (kept["ident"], kept["title"], kept["description"]) == ("d1", "T", "About")
    img = '&lt;img src="%24IMS-CC-FILEBASE%24/images/a.png"&gt;&lt;img src="images/a.png"&gt;'
    q = item("essay_question", "", "", text=img)  # files only when listed in the manifest
    listed = canvas_qti.read(package(q, resources=FILE, files={"images/a.png": b"A"}))[0]
    assert listed["files"] == {"images/a.png": b"A"}
    assert listed["questions"][0]["question_text"].count("{{file:images/a.png}}") == 2
    unlisted = canvas_qti.read(package(q, files={"images/a.png": b"A"}))[0]
    assert unlisted["files"] == {}
    assert "{{missing-file:" in unlisted["questions"][0]["question_text"]


def test_whole_package_failures() -> None:
    with pytest.raises(canvas_qti.CanvasImportError):
        canvas_qti.read(b"not a zip")
    with pytest.raises(canvas_qti.CanvasImportError):
        canvas_qti.read(package("<item ident='q'><presentation>"))  # XML that does not parse
    with pytest.raises(canvas_qti.CanvasImportError):  # the converter crashes
        canvas_qti.read(package('<item ident="q"><presentation><response_label ident="x"/>'
                                "</presentation></item>"))
