"""Stage 2: which converter reads an item, and AssessmentTestConverter."""

from __future__ import annotations

import re
from typing import Any

from .content_package import Resource21
from .css import at_css, css
from .dom import Node, text_of
from .identifiers import _NotModelled
from .ruby import ruby_to_f, ruby_to_i


def _item_kind(res: Resource21, doc: Node) -> tuple[str, str | None, str | None]:
    """AssessmentItemConverter.create_instructure_question: which converter reads the item."""
    interaction = res.interaction_types[0].lower() if res.interaction_types else None
    custom: str | None = None
    if res.inst_md.get("bb_question_type"):
        custom = res.inst_md["bb_question_type"].lower()
    if res.inst_md.get("question_type") is not None:
        qtype = res.inst_md["question_type"].lower()
        custom = custom or qtype
        if qtype == "matching_question":
            interaction, custom = "choiceinteraction", "canvas_matching"
        elif qtype == "matching":
            custom = "respondus_matching"
        elif re.search(r"fillInMultiple|fill_in_multiple_blanks_question|fill in the blanks",
                       qtype, re.I):
            interaction = "fill_in_multiple_blanks_question"
        elif qtype == "multiple_dropdowns_question":
            interaction = "multiple_dropdowns_question"
        else:
            custom = qtype
    if not interaction:  # QuestionTypeEducatedGuesser
        choices = css(doc, "choiceInteraction")
        if choices:
            interaction = "choiceInteraction"
            custom = None
            if len(choices) > 1:
                custom = ("respondus_matching"
                          if at_css(doc, "outcomeDeclaration[identifier^=RESPONDUS]") is not None
                          else "matching")
        elif at_css(doc, "associateInteraction") is not None:
            interaction, custom = "associateinteraction", "matching"
        elif at_css(doc, "extendedTextInteraction") is not None:
            interaction, custom = "extendedTextInteraction", None
        elif at_css(doc, "textEntryInteraction") is not None:
            interaction, custom = "textEntryInteraction", "text_entry_interaction"
        else:
            interaction, custom = None, None
    kind = "base"
    it = interaction or ""
    if interaction is None:
        kind = "base"
    elif re.search(r"choiceinteraction|multiple_choice_question|multiple_answers_question|"
                   r"true_false_question|stupid_likert_scale_question", it, re.I):
        kind = "associate" if custom and (custom == "matching" or re.search(
            r"respondus_matching|canvas_matching", custom)) else "choice"
    elif re.search(r"associateinteraction|matching_question|matchinteraction", it, re.I):
        kind = "associate"
    elif re.search(r"extendedtextinteraction|extendedtextentryinteraction|textinteraction|"
                   r"essay_question|short_answer_question", it, re.I):
        if custom and re.search(r"calculated", custom, re.I):
            raise _NotModelled("calculated questions are not modelled")
        kind = "numeric" if custom and re.search(r"numeric|numerical_question", custom) else (
            "extended")
    elif re.search(r"orderinteraction|ordering_question", it, re.I):
        raise _NotModelled("ordering questions are not modelled")
    elif re.search(r"fill_in_multiple_blanks_question|multiple_dropdowns_question|"
                   r"textentryinteraction", it, re.I):
        kind = "fill_in_the_blank"
    return kind, interaction, custom


def _test(res: Resource21, doc: Node, questions: dict[str, dict[str, Any]]
          ) -> dict[str, Any] | None:
    """Qti::AssessmentTestConverter#create_instructure_quiz (with the quiz's questions)."""
    quiz_type = res.inst_md.get("quiz_type") or res.inst_md.get("bb8_assessment_type")
    if quiz_type is not None and re.search(r"pool", quiz_type, re.I):
        return None  # a pool makes no quiz
    ids = [0]

    def local_id() -> int:
        ids[0] += 1
        return ids[0]

    test = at_css(doc, "assessmentTest") if doc.tag != "assessmentTest" else doc
    assert test is not None
    quiz: dict[str, Any] = {"title": test.get("title"), "migration_id": test.get("identifier"),
                            "questions": []}
    part = at_css(doc, "testPart[identifier=BaseTestPart]") or at_css(doc, "testPart")
    if part is None:
        quiz["qti_error"] = "Instructure doesn't support QTI importing from this source."
        return quiz

    def reference(ref: Node) -> dict[str, Any] | None:
        mig = (ref.get("identifier") or "").replace(":", "-")
        found = questions.get(mig)
        if found is None:  # the quiz importer skips references to questions it lacks
            return None
        q: dict[str, Any] = _copy(found)
        weight = at_css(ref, "weight")
        if weight is not None:
            q["points_possible"] = ruby_to_f(weight.get("value"))
        return q

    def section(node: Node, into: list[dict[str, Any]]) -> None:
        target = into
        group: dict[str, Any] | None = None
        select = next((c for c in node.elements() if c.tag == "selection"), None)
        if select is not None and ruby_to_i(select.get("select")) > 0:
            group = {"question_type": "question_group", "title": node.get("title"),
                     "pick_count": ruby_to_i(select.get("select")), "questions": []}
            ppi = at_css(node, "points_per_item")
            if ppi is not None and text_of(ppi).strip():
                group["question_points"] = ruby_to_f(text_of(ppi))
            target = group["questions"]
        if node.get("visible") and re.search(r"true", node.get("visible") or "", re.I) and (
                node.get("title") is not None):
            quiz["questions"].append({"question_type": "text_only_question",
                                      "question_text": node.get("title"),
                                      "migration_id": local_id()})
        for child in node.elements():
            if child.tag == "assessmentSection":
                section(child, target)
            elif child.tag == "assessmentItemRef":
                q = reference(child)
                if q is not None:
                    target.append(q)
        if group is not None and group["questions"]:
            if "question_points" not in group:
                points = {q.get("points_possible") for q in group["questions"]}
                group["question_points"] = points.pop() if len(points) == 1 else 1.0
            into.append(group)

    section(part, quiz["questions"])
    return quiz


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
