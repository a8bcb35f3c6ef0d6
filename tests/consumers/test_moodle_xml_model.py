"""Hand-written Moodle XML read by the model of Moodle's importer (tests/consumers/moodle_xml.py).

Each case is a behaviour read from Moodle's source (or noted in ../shared/notes); they pin the
model so that exporter tests built on it keep meaning what they say.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.consumers import moodle_xml
from tests.consumers.moodle_xml import MoodleImportError

SA = '<answer fraction="100"><text>x</text></answer>'


def question(body: str, qtype: str = "shortanswer", name: str = "N") -> str:
    return f'<question type="{qtype}"><name><text>{name}</text></name>{body}</question>'


def read(*questions: str) -> list[dict[str, Any]]:
    return moodle_xml.read(("<quiz>" + "".join(questions) + "</quiz>").encode())


def text_of(raw: str) -> str:
    body = f"<questiontext><text>{raw}</text></questiontext>{SA}"
    return str(read(question(body))[0]["questiontext"]["text"])


def test_text_outside_cdata_loses_spaces_between_references() -> None:
    assert text_of("&lt; &amp; &gt;") == "<&>"
    assert text_of("a &amp; b") == "a & b"
    assert text_of("<![CDATA[ <p>&lt; &amp;</p> ]]>") == "<p>&lt; &amp;</p>"
    assert text_of("<![CDATA[a]]> <![CDATA[b]]>") == "ab"


def test_nbsp_outside_cdata_and_markup_in_text_refuse_the_file() -> None:
    with pytest.raises(MoodleImportError, match="errorparsingxml"):
        text_of("a&nbsp;b")
    with pytest.raises(MoodleImportError, match="invalidxml"):
        text_of("<p>a</p>")


def test_cr_only_line_ends_glue_lines() -> None:
    xml = "<quiz>\r" + question(f"<questiontext><text><![CDATA[a\rb]]></text></questiontext>{SA}")
    assert moodle_xml.read((xml + "\r</quiz>").encode())[0]["questiontext"]["text"] == "ab"


def test_fractions_must_be_on_the_grade_list() -> None:
    wrong = '<answer fraction="33.33"><text>y</text></answer>'
    with pytest.raises(MoodleImportError, match="invalidgradequestion"):
        read(question(SA + wrong))
    [q] = read(question(SA + wrong.replace("33.33", "33.33333")))
    assert [a["fraction"] for a in q["answers"]] == [1.0, 0.3333333]


def test_cloze_gaps() -> None:
    raw = r"A {1:SA:=a\}b\#c&amp;d#fine~%50%e} B {2:MR:=p~=q~r} C {:NM:=3.5:0.1}"
    body = f'<questiontext format="html"><text><![CDATA[{raw}]]></text></questiontext>'
    [q] = read(question(body, "cloze"))
    assert q["qtype"] == "multianswer" and q["questiontext"]["text"] == "A {#1} B {#2} C {#3}"
    sa, mr, nm = q["subquestions"]
    assert [(a["text"], a["fraction"], a["feedback"]) for a in sa["answers"]] == [
        ("a}b#c&d", 1.0, "fine"), ("e", 0.5, "")]
    assert [a["fraction"] for a in mr["answers"]] == [0.5, 0.5, -0.5]
    assert nm["answers"][0]["tolerance"] == pytest.approx(0.1) and q["defaultmark"] == 4.0
    # 4.5.6: a '#' after '&' or '&amp;' does not end an answer, so references work there.
    for gap, answer in (("a&#125;b", "a}b"), ("e&#126;f", "e~f"), ("k&#92;l&#92;*m", r"k\l\*m"),
                        ("n&#38;o&#60;p&#34;q", 'n&o<p"q'), ("g&#35;h#f&#35;x", "g#h"),
                        (r"p\~q", r"p\~q"), ("r&amp;#35;s", "r&#35;s")):
        _, subs = moodle_xml.extract_cloze(f"{{1:SA:={gap}}}")
        assert subs[0]["answers"][0]["text"] == answer
    assert subs and moodle_xml.extract_cloze("{1:SA:=x&}")[1] == []  # '}' after '&' either
    [q] = read(question(body.replace("#fine", "#fine ").replace("=p~", "= p \n~"), "cloze"))
    assert q["subquestions"][0]["answers"][0]["feedback"] == "fine"  # saved trimmed
    assert q["subquestions"][1]["answers"][0]["text"] == "p"
    with pytest.raises(MoodleImportError, match="invalidmultianswerquestion"):
        read(question(body.replace("=p~=q~r", "=p"), "cloze"))


def test_truefalse_reads_literal_true_false_else_the_order() -> None:
    answers = '<answer fraction="{}"><text>{}</text></answer>'
    [q] = read(question(answers.format(0, "true") + answers.format(100, "false"), "truefalse"))
    assert q["correctanswer"] is False and "warning" not in q
    [q] = read(question(answers.format(0, "True") + answers.format(100, "False"), "truefalse"))
    assert q["correctanswer"] is False  # 'True' is not 'true': the first answer is true
    assert q["warning"].startswith("[truefalseimporterror]")  # and it is still imported
    [q] = read(question(answers.format(100, "Wahr") + answers.format(0, "Falsch"), "truefalse"))
    assert q["correctanswer"] is True


def category(path: str, info: str = "", idnumber: str = "") -> str:
    return (f'<question type="category"><category><text>{path}</text></category>'
            f'<info format="html"><text>{info}</text></info>'
            f"<idnumber>{idnumber}</idnumber></question>")


def test_category_paths() -> None:
    out = read(category("$course$/top/Deck/Sub", "about Sub"), question(SA),
               category("$course$/top/Deck", "about Deck"), category("top/Deck/top"),
               question(SA, name="M"), category("top/Deck", "again"))
    assert out[0]["category"] == ["Deck", "Sub"] and out[0]["context"] == "course"
    assert out[1]["category"] == ["Deck", "Sub"]
    assert out[2]["info_stored"] is True  # Deck was made (without info) by the first path
    assert out[5]["info_stored"] is False  # only an empty description is filled
    assert out[3]["switched"] is False and out[4]["category"] == ["Deck"]
    with pytest.raises(MoodleImportError, match="255"):
        read(category("top/" + "x" * 256), question(SA))


def test_category_contexts() -> None:
    # Each context has its own tree; a path without a known $context$ stays in the context
    # of the current category; '$cat1$' fails the [a-z]+ test and is a category name.
    out = read(category("$course$/top/A"), category("$system$/top/A", "sys"), question(SA),
               category("B"), category("$cat1$/C"), question(SA, name="M"),
               category("$course$/top/A", "course"))
    assert out[1]["created"][0]["context"] == "system" and out[1]["info_stored"] is True
    assert out[2]["context"] == "system" and out[2]["category"] == ["A"]
    assert [c["path"] for c in out[4]["created"]] == [["$cat1$"], ["$cat1$", "C"]]
    assert out[5]["context"] == "system" and out[6]["info_stored"] is True
    with pytest.raises(MoodleImportError, match="idnumber"):
        read(category("$course$/top/K", idnumber="c"), category("$course$/top/L", idnumber="c"),
             question(SA))
    read(category("$course$/top/K", idnumber="c"), category("$system$/top/L", idnumber="c"),
         question(SA))


def test_idnumbers_are_kept_untrimmed_and_dropped_when_used() -> None:
    ids = [question(f"<idnumber>{i}</idnumber>{SA}") for i in (" a ", " a ", "", "b")]
    assert [q["idnumber"] for q in read(*ids)] == [" a ", None, None, "b"]
    with pytest.raises(MoodleImportError, match="100"):
        read(question(f"<idnumber>{'i' * 101}</idnumber>{SA}"))
    assert read(question(f"<idnumber><b>x</b></idnumber>{SA}"))[0]["idnumber"] == "Array"


def tagged(*names: str) -> str:
    tags = "".join(f"<tag><text>{n}</text></tag>" for n in names)
    return question(f"{SA}<tags>{tags}</tags>", name=names[0])


def test_tags() -> None:
    # One per lower-case name, in the order of first use, spelt the last way; a tag the
    # site already has (here: made by an earlier question) keeps its name; 255 characters;
    # control characters (a tab too) vanish and other runs of spaces become one.
    out = read(tagged("Mixed", "C++", "mixed"), tagged("MIXED", "New", "new"),
               tagged("y" * 300, " a\tb  c "))
    assert [q["tags"] for q in out] == [["mixed", "C++"], ["mixed", "new"], ["y" * 255, "ab c"]]
    with pytest.raises(MoodleImportError, match="add_instance"):
        read(tagged("0", "b"))


def test_files_belong_to_the_field_that_holds_them() -> None:
    data = base64.b64encode(b"PNG").decode()
    body = ('<questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a%20b.png">]]>'
            f'</text><file name="a b.png" path="/" encoding="base64">{data}</file></questiontext>'
            f"<generalfeedback><text>g</text></generalfeedback>{SA}")
    [q] = read(question(body))
    assert q["questiontext"]["files"] == {"a b.png": b"PNG"}
    assert q["generalfeedback"]["files"] == {}
    assert moodle_xml.pluginfile_references(q["questiontext"]["text"]) == ["a b.png"]


def test_defaults_and_stops() -> None:
    two = SA + '<answer fraction="0"><text>b</text></answer>'
    assert read(question(two, "multichoice"))[0]["shuffleanswers"] is False
    match = "<subquestion><text>s</text><answer><text>t</text></answer></subquestion>"
    assert read(question(match, "matching"))[0]["shuffleanswers"] is True
    with pytest.raises(MoodleImportError, match="notenoughanswers"):
        read(question(SA, "multichoice"))
    with pytest.raises(MoodleImportError, match="fractionsnomax"):
        read(question('<answer fraction="50"><text>a</text></answer>'))
    with pytest.raises(MoodleImportError, match="xmltypeunsupported"):
        read(question(SA, "stack"))
    with pytest.raises(MoodleImportError, match="noquestionsinfile"):
        moodle_xml.read(b"")
    with pytest.raises(MoodleImportError, match=r"Grades \(1\.0E-5\)"):
        read(question(SA + '<answer fraction="0.001"><text>y</text></answer>'))


def test_match_stem_without_answer_ends_the_import() -> None:
    sub = "<subquestion><text>{}</text><answer><text>{}</text></answer></subquestion>"
    out = read(question(sub.format("s", "t") + sub.format("", "") + sub.format("u", ""),
                        "matching"), question(SA, name="never"))
    assert len(out) == 1 and out[0]["notice"].startswith("[nomatchinganswer]")
    assert [s["answer"] for s in out[0]["subquestions"]] == ["t", ""]


def test_essay_options_as_stored() -> None:
    body = ("<minwordlimit>0</minwordlimit><attachments>0</attachments>"
            "<attachmentsrequired>2</attachmentsrequired>")
    [q] = read(question(body, "essay"))
    assert (q["minwordlimit"], q["maxwordlimit"], q["maxbytes"]) == (0, None, 0)
    assert q["attachmentsrequired"] == 0 and q["responsefieldlines"] == 15
