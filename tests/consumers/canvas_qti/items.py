"""Stage 2 item conversion (AssessmentItemConverter and the interaction converters)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .css import at_css, css
from .dom import Node, inner_html, parse_html, text_of
from .identifiers import _NotModelled
from .ruby import (
    _big,
    _big_split,
    cgi_escape_html,
    cgi_unescape_html,
    clear_html,
    ruby_to_f,
    ruby_to_i,
)
from .stage2 import (
    _FEEDBACK_EXCLUDED,
    ALL_QUESTION_TYPES,
    UNSUPPORTED_TYPES,
    HtmlHelper,
    _blank,
    _field,
    _need,
    _RubyError,
)


class ItemConverter(HtmlHelper):
    """Qti::AssessmentItemConverter and its subclasses, for one assessmentItem."""

    def __init__(self, doc: Node, comment: str, title: str | None, interaction: str | None,
                 custom: str | None, kind: str, path_map: dict[str, str]) -> None:
        super().__init__(path_map)
        self.doc = doc
        self.comment = comment
        self.title = title
        self.migration_type = interaction
        self.custom = custom
        self.kind = kind
        self.type = custom if kind in ("fill_in_the_blank", "numeric") else None
        self.q: dict[str, Any] = {"answers": [], "correct_comments": "",
                                  "incorrect_comments": "", "question_text": ""}
        if kind == "associate":
            self.q["matches"] = []
            self.q["question_type"] = "matching_question"
        elif kind == "numeric":
            self.q["question_type"] = "numerical_question"
        elif kind == "fill_in_the_blank":
            self.q["question_type"] = ("multiple_dropdowns_question"
                                       if custom in ("multiple_dropdowns_question", "inline_choice")
                                       else "fill_in_multiple_blanks_question")

    # -- AssessmentItemConverter#create_instructure_question
    def convert(self) -> dict[str, Any]:
        q, doc = self.q, self.doc
        try:
            root = doc
            q["question_name"] = self.title if self.title is not None else root.get("title")
            mig = root.get("identifier")
            if mig is not None:
                mig = mig.replace(":", "-").replace("identifier=", "")
            q["migration_id"] = mig or None
            if self.type == "text_entry_interaction":
                for node in css(doc, "textEntryInteraction"):
                    node.children = []
                    node.add_text(f"[{node.get('responseIdentifier')}]")
            self.parse_instructure_metadata()
            q["question_text"] = self.question_text()
            mtype = self.migration_type
            if mtype and mtype in UNSUPPORTED_TYPES:
                q["question_type"] = mtype
                q["unsupported"] = True
            elif mtype not in ("text_only_question", "file_upload_question", "Presentation Only"):
                self.parse_question_data()
            else:
                if mtype == "file_upload_question":
                    self.get_feedback()
                q.setdefault("question_type", mtype)
                if q["question_type"] is None:
                    q["question_type"] = mtype
        except _RubyError as err:
            q["qti_error"] = f"There was an error exporting an assessment question - {err}"
            q["question_type"] = "Error"
        if q.get("points_possible") is None:  # `||= 1`: a 0.0 stays
            q["points_possible"] = 1.0
        return q

    def parse_instructure_metadata(self) -> None:
        q, doc = self.q, self.doc
        if at_css(doc, "instructureMetadata") is None:
            return
        if (bank := _field(doc, "question_bank")) is not None:
            q["question_bank_name"] = bank
        if (bank := _field(doc, "question_bank_iden")) is not None:
            q["question_bank_id"] = bank
        for name in ("max_score", "points_possible"):
            if (score := _field(doc, name)) is not None:
                q["points_possible"] = max(ruby_to_f(score), 0.0)
        if (ref := _field(doc, "assessment_question_identifierref")) is not None:
            q["assessment_question_migration_id"] = ref
        bb = _field(doc, "bb_question_type")
        qt = _field(doc, "question_type")
        if bb is not None:
            self.migration_type = bb
            mapped = {"True/False": "true_false_question", "Short Response": "essay_question",
                      "Essay": "essay_question",
                      "Fill in the Blank Plus": "fill_in_multiple_blanks_question",
                      "Jumbled Sentence": "multiple_dropdowns_question",
                      "Presentation Only": "text_only_question"}.get(bb)
            if mapped:
                q["question_type"] = mapped
        elif qt is not None:
            if re.search(r"matching", qt, re.I):
                mtype = "matching_question"
            elif re.search(r"text\s?information", qt, re.I) or re.search(r"image", qt, re.I):
                mtype = "text_only_question"
            elif qt == "trueFalse" or re.search(r"true/false", qt, re.I):
                mtype = "true_false_question"
            elif qt == "multiple_dropdowns":
                mtype = "multiple_dropdowns_question"
            else:
                mtype = qt
            self.migration_type = mtype
            if mtype in ALL_QUESTION_TYPES:
                q["question_type"] = mtype

    def question_text(self) -> str:
        doc = self.doc
        selectors = ["itemBody > div", "itemBody > p"]
        kind = self.custom or self.migration_type or self.type
        if kind not in ("fill_in_multiple_blanks_question", "canvas_matching", "matching_question",
                        "multiple_dropdowns_question", "respondus_matching"):
            selectors += ["itemBody choiceInteraction > prompt",
                          "itemBody > extendedTextInteraction > prompt"]
        nodes = [n for n in css(doc, ",".join(selectors))
                 if inner_html(n).strip()
                 and (n.get("class") or "").upper() not in ("RESPONSE_BLOCK", "RIGHT_MATCH_BLOCK")
                 and at_css(n, "choiceInteraction") is None
                 and at_css(n, "associateInteraction") is None]
        if nodes:
            parts = []
            for n in nodes:
                if n.get("class") == "html":
                    parts.append(self.sanitize_html_string(text_of(n)))
                else:
                    parts.append(self.sanitize_html(n))
            return "\n<br/>\n".join(parts)
        if at_css(doc, "itemBody associateInteraction prompt") is not None:
            return ""
        for sel in ("itemBody div:first-child", "itemBody p:first-child", "itemBody div",
                    "itemBody p"):
            found = at_css(doc, sel)
            if found is not None:
                return self.sanitize_html(found)
        body = at_css(doc, "itemBody")
        if body is not None:
            for child in body.children:
                if text_of(child).strip():
                    return self.sanitize_html_string(text_of(child))
        return ""

    def parse_question_data(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "choice": self.choice, "associate": self.associate, "extended": self.extended,
            "numeric": self.numeric, "fill_in_the_blank": self.fill_in_the_blank}
        if self.kind not in handlers:
            raise _RubyError("No question type used when trying to parse a qti question")
        handlers[self.kind]()

    # -- feedback (AssessmentItemConverter#get_feedback, #attach_feedback_values)
    def extract_feedback(self, target: dict[str, Any], field: str, node: Node) -> None:
        text, html_out = self.detect_html(node)
        target[field] = text
        if html_out:
            target[f"{field}_html"] = html_out

    def get_feedback(self) -> None:
        q = self.q
        for f in css(self.doc, "modalFeedback"):
            ident = f.get("identifier") or ""
            if re.search(r"wrong|incorrect|(_IC$)", ident, re.I):
                self.extract_feedback(q, "incorrect_comments", f)
            elif re.search(r"correct|(_C$)", ident, re.I):
                if at_css(f, "div.solution") is not None:
                    q["example_solution"] = clear_html(re.sub(r"\s+", " ", text_of(f).strip()))
                else:
                    self.extract_feedback(q, "correct_comments", f)
            elif re.search(r"solution", ident, re.I):
                q["example_solution"] = clear_html(re.sub(r"\s+", " ", text_of(f).strip()))
            elif re.search(r"general_|_all", ident, re.I):
                self.extract_feedback(q, "neutral_comments", f)
            elif m := re.search(r"feedback_(\d*)_fb", ident, re.I):
                for a in q["answers"]:
                    if a.get("migration_id") == f"RESPONSE_{m.group(1)}":
                        self.extract_feedback(a, "comments", f)
                        break

    def attach_feedback_values(self, answers: list[dict[str, Any]]) -> None:
        found: dict[str, Node] = {}
        for f in css(self.doc, "modalFeedback"):
            node = at_css(f, "p") or at_css(f, "div")
            if node is not None:
                found[f.get("identifier") or ""] = node
        self.q.pop("feedback_id", None)
        for a in answers:
            fid = a.get("feedback_id")
            if fid is not None and fid in found:
                self.extract_feedback(a, "comments", found[fid])
            a.pop("feedback_id", None)

    @staticmethod
    def feedback_id(cond: Node) -> str | None:
        fb = at_css(cond, "setOutcomeValue[identifier=FEEDBACK]")
        ident = None
        if fb is not None and at_css(fb, "variable[identifier=FEEDBACK]") is not None:
            base = at_css(fb, "baseValue[baseType=identifier]")
            if base is not None:
                ident = text_of(base).strip()
        if ident is not None and _FEEDBACK_EXCLUDED.search(ident):
            return None
        return ident

    # -- ChoiceInteraction
    def choice(self) -> None:
        answers: dict[str, dict[str, Any]] = {}
        self.choice_answers(answers)
        self.choice_conditions(answers)
        self.attach_feedback_values(list(answers.values()))
        self.choice_type()
        self.get_feedback()
        self.true_false()

    def choice_answers(self, answers: dict[str, dict[str, Any]]) -> None:
        q = self.q
        for ci in css(self.doc, "choiceInteraction"):
            for choice in css(ci, "simpleChoice"):
                a: dict[str, Any] = {"weight": 0, "migration_id": choice.get("identifier")}
                a["id"] = self.unique_local_id()
                a["text"] = re.sub(r"\s+", " ", clear_html(text_of(choice)).strip())
                if at_css(choice, "div[class=text]") is not None:
                    a["text"] = text_of(choice).strip()
                else:
                    target = (parse_html(text_of(choice))
                              if at_css(choice, "div[class=html]") is not None else choice)
                    sanitized = self.sanitize_html(target, True)
                    if not _blank(sanitized) and sanitized != cgi_escape_html(a["text"]):
                        a["html"] = sanitized
                if a["text"] == "":
                    mid = a["migration_id"] or ""
                    a["text"] = clear_html(mid) if re.search(r"true|false", mid, re.I) else (
                        "No answer text provided.")
                q["answers"].append(a)
                if ci.get("responseIdentifier") and q.get(
                        "question_type") == "multiple_dropdowns_question":
                    a["blank_id"] = ci.get("responseIdentifier")
                    answers[f"{a['blank_id']}_{a['migration_id']}"] = a
                else:
                    answers[str(a["migration_id"])] = a

    def weight(self, cond: Node) -> int:
        """ChoiceInteraction#get_response_weight / #get_base_value."""
        for sel in ("setOutcomeValue[identifier=SCORE] sum baseValue[baseType]",
                    "setOutcomeValue[identifier=D2L_CORRECT] sum baseValue[baseType]",
                    "setOutcomeValue[identifier=SCORE] > baseValue[baseType]",
                    "setOutcomeValue[identifier^=SCORE] baseValue[baseType]",
                    "setOutcomeValue[identifier$=SCORE] baseValue[baseType]"):
            base = at_css(cond, sel)
            if base is not None:
                value, btype = text_of(base), base.get("baseType")
                if btype == "float":
                    score_max = re.search(r"score\.max", value, re.I) is not None
                    return 100 if score_max or ruby_to_f(value) > 0 else 0
                if btype == "integer":
                    return 100 if ruby_to_i(value) > 0 else 0
                if btype == "boolean":
                    return 100 if value.lower() == "true" else 0
                return 0
        return 0

    def choice_conditions(self, answers: dict[str, dict[str, Any]]) -> None:
        q, doc = self.q, self.doc

        def by_text(mid: str) -> dict[str, Any] | None:
            return next((a for a in answers.values()
                         if (a.get("text") or "").lower() == mid.lower()), None)

        for cond in css(doc, "responseProcessing responseCondition"):
            if q.get("question_type") == "multiple_dropdowns_question":
                for match in css(cond, "match"):
                    var = at_css(match, "variable")
                    blank = var.get("identifier") if var is not None else None
                    mid = text_of(_need(at_css(match, "baseValue")))
                    _need(answers.get(f"{blank}_{mid}"))["weight"] = self.weight(cond)
            elif (at_css(doc, 'instructureField[name="bb_question_type"][value="Multiple Answer"]')
                  is not None and at_css(doc, "responseIf > and > match") is not None):
                raise _NotModelled("Blackboard 9 multiple answers are not modelled")
            elif (at_css(cond, "match variable[identifier=RESP_MC]") is not None
                  or at_css(cond, "match variable[identifier=response]") is not None):
                mid = text_of(_need(at_css(cond, "match baseValue[baseType=identifier]"))).strip()
                a = _need(answers.get(mid) or next(
                    (x for x in answers.values() if x.get("text") == mid), None))
                a["weight"] = self.weight(cond)
                if a.get("feedback_id") is None:
                    a["feedback_id"] = self.feedback_id(cond)
            elif at_css(cond, "member variable[identifier=RESP_MC]") is not None:
                mid = text_of(_need(at_css(cond, "member baseValue[baseType=identifier]")))
                a = _need(answers.get(mid))
                a["weight"] = self.weight(cond)
                if a.get("feedback_id") is None:
                    a["feedback_id"] = self.feedback_id(cond)
            elif at_css(cond, "match variable[identifier^=TF]") is not None:
                mid = text_of(_need(at_css(cond, "match baseValue[baseType=identifier]")))
                a = _need(answers.get(mid))
                a["weight"] = self.weight(cond)
                if a.get("feedback_id") is None:
                    a["feedback_id"] = self.feedback_id(cond)
                q["question_type"] = "true_false_question"
            elif at_css(cond, "responseIf and > member") is not None:
                ids = [text_of(v).strip() for v in
                       css(cond, "responseIf > and baseValue[baseType=identifier]")]
                for m in css(cond, "responseIf > and > member"):
                    mid = text_of(_need(at_css(m, "baseValue[baseType=identifier]"))).strip()
                    a = answers.get(mid)
                    if a is None and len(ids) == len(answers) and mid in ids:
                        a = list(answers.values())[ids.index(mid)]  # guess_answer_by_position
                    if a is None:
                        continue
                    a["weight"] = 100
                    if a.get("feedback_id") is None:
                        a["feedback_id"] = self.feedback_id(cond)
            else:
                for r_if in css(cond, "responseIf, responseElseIf"):
                    node = (at_css(r_if, "match baseValue[baseType=identifier]")
                            or at_css(r_if, "member baseValue[baseType=identifier]"))
                    if node is None:
                        continue
                    mid = text_of(node).strip()
                    a = answers.get(mid) or by_text(mid)
                    if a is not None:
                        a["weight"] = self.weight(r_if)
                        if a.get("feedback_id") is None:
                            a["feedback_id"] = self.feedback_id(r_if)
        for correct in css(doc, "correctResponse > value, correctResponse > Value"):
            found = answers.get(text_of(correct))
            if found is not None:
                found["weight"] = 100

    def choice_type(self) -> None:
        q = self.q
        correct = sum(1 for a in q["answers"] if a.get("weight") and a["weight"] > 0)
        if correct == 0:
            q["import_error"] = ("The importer couldn't determine the correct answers for this "
                                 "question.")
        if not q.get("question_type"):
            q["question_type"] = ("multiple_choice_question" if correct == 1
                                  else "multiple_answers_question")

    def true_false(self) -> None:
        q = self.q
        if q.get("question_type") != "true_false_question":
            return
        answers = q["answers"]
        if len(answers) == 2:
            t = next((a for a in answers if re.search(r"true", a["text"], re.I)), None)
            f = next((a for a in answers if a is not t and re.search(r"false", a["text"], re.I)),
                     None)
            if t is not None and f is not None:
                t["text"], f["text"] = "True", "False"
                q["answers"] = [t, f]
                return
        q["question_type"] = "multiple_choice_question"

    # -- AssociateInteraction (matching)
    def associate(self) -> None:
        q, doc = self.q, self.doc
        if at_css(doc, "associateInteraction") is not None or at_css(doc, "matchInteraction"):
            raise _NotModelled("associateInteraction/matchInteraction matching is not modelled")
        if self.custom == "respondus_matching":
            raise _NotModelled("Respondus matching is not modelled")
        if self.custom != "canvas_matching":
            raise _NotModelled("matching from RESPONSE_BLOCK/RIGHT_MATCH_BLOCK is not modelled")
        match_map: dict[str, dict[str, Any]] = {}
        first = at_css(doc, "choiceInteraction")
        if first is not None:  # only the first choiceInteraction gives the right sides
            for sc in css(first, "simpleChoice"):
                m = re.search(r"(\d+)", sc.get("identifier") or "")
                match = {"match_id": int(m.group(1)) if m else self.unique_local_id(),
                         "text": text_of(sc).strip()}
                q["matches"].append(match)
                match_map[sc.get("identifier") or ""] = match
        by_response: dict[str | None, dict[str, Any]] = {}
        for ci in css(doc, "choiceInteraction"):
            a: dict[str, Any] = {}
            q["answers"].append(a)
            by_response[ci.get("responseIdentifier")] = a
            text, html_out = self.detect_html(_need(at_css(ci, "prompt")))
            a["text"] = text
            if not _blank(html_out):
                a["html"] = html_out
            a["id"] = self.unique_local_id()
        for r_if in css(doc, "responseIf, responseElseIf"):
            answer_id = match_id = None
            match_node = at_css(r_if, "match")
            if match_node is not None:
                var = at_css(match_node, "variable")
                answer_id = var.get("identifier") if var is not None else None
                base = at_css(match_node, "baseValue[baseType=identifier]")
                match_id = text_of(base) if base is not None else None
            found = by_response.get(answer_id)
            if found is not None:
                found["feedback_id"] = self.feedback_id(r_if)
                target = match_map.get(match_id or "")
                if at_css(r_if, "setOutcomeValue[identifier=SCORE] sum") is not None and target:
                    found["match_id"] = target["match_id"]
        self.attach_feedback_values(q["answers"])
        self.get_feedback()
        self.matching_format()

    def matching_format(self) -> None:
        """AssociateInteraction#ensure_correct_format."""
        q = self.q
        for a in q["answers"]:
            if not _blank(a.get("text")):
                a["left"] = a["text"]
            if not _blank(a.get("html")):
                a["left_html"] = a["html"]
            if a.get("match_id") is not None:
                m = next((m for m in q["matches"] if m["match_id"] == a["match_id"]), None)
                if m is not None:
                    a["right"] = m["text"]

        def has_img(s: Any) -> bool:
            return any(n.tag == "img" for n in parse_html(str(s or "")).iter())

        if any(has_img(a.get("right")) for a in q["answers"]):
            if any(has_img(a.get("left")) or has_img(a.get("left_html")) for a in q["answers"]):
                q.setdefault("import_warnings", []).append(
                    "Imported matching question contains images on both sides, which is "
                    "unsupported")
            elif any(m.get("match_id") is not None and not any(
                    a.get("match_id") == m["match_id"] for a in q["answers"])
                    for m in q["matches"]):
                q.setdefault("import_warnings", []).append(
                    "Imported matching question contains images inside the choices, and could "
                    "not be fixed because it also contains distractors")
            else:
                swapped = []
                for a in q["answers"]:
                    for m in q["matches"]:
                        if m.get("match_id") is not None and a.get("match_id") == m["match_id"]:
                            m["text"] = a.get("left")
                    b = dict(a)
                    b["left"] = b["left_html"] = a.get("right")
                    b["right"] = a.get("left")
                    swapped.append(b)
                q["answers"] = swapped
        for a in q["answers"]:
            if a.get("right") is not None:
                a["right"] = cgi_unescape_html(a["right"])

    # -- ExtendedTextInteraction (short answer, essay)
    def extended(self) -> None:
        q = self.q
        self.extended_conditions()
        if q["answers"]:
            if not q.get("question_type"):
                q["question_type"] = "short_answer_question"
            self.attach_feedback_values(q["answers"])
        else:
            q["question_type"] = "essay_question"  # no answers: an essay, whatever the metadata
        self.get_feedback()

    def extended_conditions(self) -> None:
        q = self.q
        fib_map: dict[str, str] = {}
        fimb = q.get("question_type") == "fill_in_multiple_blanks_question"
        if fimb:  # undo the NMTOKEN renaming the converter reports in its comment
            for m in re.finditer(r'Warning: replacing bad NMTOKEN "([^"]+)" with "([^"]+)"',
                                 self.comment):
                fib_map[m.group(2)] = m.group(1)
        for cond in css(self.doc, "responseProcessing responseCondition"):
            for match in css(cond, "stringMatch,match"):
                node = (at_css(match, "baseValue[baseType=string]")
                        or at_css(match, "baseValue[baseType=identifier]"))
                text = text_of(node) if node is not None else None
                existing = None if fimb else next(
                    (a for a in q["answers"] if a.get("text") == text), None)
                a = existing if existing is not None else {}
                if a.get("text") is None:
                    a["text"] = text
                if a.get("feedback_id") is None:
                    fid = self.feedback_id(cond)
                    if fid:
                        a["feedback_id"] = fid
                var = at_css(match, "variable")
                if fimb and var is not None and var.get("identifier") is not None:
                    ident = (var.get("identifier") or "").strip()
                    blank = fib_map.get(ident, ident)
                    cleaned = re.sub(r"[^A-Za-z0-9\-._]", "-", blank)
                    if blank != cleaned:
                        q["question_text"] = q["question_text"].replace(f"[{blank}]",
                                                                        f"[{cleaned}]")
                    a["blank_id"] = cleaned
                    if f"[{cleaned}]" not in q["question_text"]:
                        q["question_text"] += f" [{cleaned}]"
                if existing is None and a.get("text") != "":
                    q["answers"].append(a)
                    a["weight"] = 100
                    a["comments"] = ""
                    a["id"] = self.unique_local_id()
        for correct in css(self.doc, "correctResponse value"):
            q["answers"].append({"id": self.unique_local_id(), "weight": 100,
                                 "text": text_of(correct)})

    # -- NumericInteraction
    def numeric(self) -> None:
        q, doc = self.q, self.doc
        a: dict[str, Any] = {"weight": 100, "comments": "", "id": self.unique_local_id()}
        gte = at_css(doc, "responseCondition gte baseValue")
        lte = at_css(doc, "responseCondition lte baseValue")
        if gte is not None:
            a["start"] = ruby_to_f(text_of(gte))
        if lte is not None:
            a["end"] = ruby_to_f(text_of(lte))
        equal = at_css(doc, "responseCondition equal baseValue")
        if "start" in a and "end" in a:
            a["numerical_answer_type"] = "range_answer"
            q["answers"].append(a)
        elif equal is not None:
            a["exact"] = ruby_to_f(text_of(equal))
            a["numerical_answer_type"] = "exact_answer"
            q["answers"].append(a)
        for r_if in css(doc, "responseIf, responseElseIf"):
            ans: dict[str, Any] = {"weight": 100, "id": self.unique_local_id(),
                                   "text": "answer_text", "feedback_id": self.feedback_id(r_if)}
            or_node = at_css(r_if, "or")
            and_node = at_css(r_if, "and")
            if or_node is not None:
                exact_node = at_css(or_node, "stringMatch baseValue")
                if exact_node is None:
                    continue
                exact = text_of(exact_node)
                lower = at_css(or_node, "and customOperator[class=vargt] baseValue")
                upper = at_css(or_node, "and customOperator[class=varlte] baseValue")
                precise = False
                if (lower is not None and upper is not None
                        and re.sub(r"[0.]", "", text_of(lower)).endswith("5")
                        and re.sub(r"[0.]", "", text_of(upper)).endswith("5")):
                    lo, hi, ex = (_big(text_of(lower)), _big(text_of(upper)), _big(exact))
                    if ex - lo == hi - ex:
                        digits, exp = _big_split(hi - lo)
                        if digits == "1":  # a power of ten
                            precise = True
                            ans["precision"] = _big_split(ex)[1] - exp + 1
                            ans["approximate"] = ruby_to_f(exact)
                            ans["numerical_answer_type"] = "precision_answer"
                if not precise:
                    ans["numerical_answer_type"] = "exact_answer"
                    ans["exact"] = ruby_to_f(exact)
                    if upper is not None:
                        try:
                            ans["margin"] = float(Decimal(text_of(upper).strip())
                                                  - Decimal(exact.strip()))
                        except InvalidOperation:
                            ans["margin"] = 0.0
                q["answers"].append(ans)
            elif and_node is not None:
                ans["numerical_answer_type"] = "range_answer"
                lo_node = at_css(and_node, "customOperator[class=vargte] baseValue")
                hi_node = at_css(and_node, "customOperator[class=varlte] baseValue")
                if lo_node is not None:
                    ans["start"] = ruby_to_f(text_of(lo_node))
                if hi_node is not None:
                    ans["end"] = ruby_to_f(text_of(hi_node))
                if lo_node is not None or hi_node is not None:
                    q["answers"].append(ans)
        self.attach_feedback_values(q["answers"])
        self.get_feedback()

    # -- FillInTheBlank (fill in multiple blanks, multiple dropdowns)
    def fill_in_the_blank(self) -> None:
        q, doc = self.q, self.doc
        if self.type in ("angel", "fillinmultiple", "text_entry_interaction", "inline_choice"):
            raise _NotModelled(f"fill in the blank flavour {self.type} is not modelled")
        if at_css(doc, "itemBody extendedTextInteraction") is not None:
            self.blanks_d2l()
        else:
            self.blanks_canvas()
        self.get_feedback()
        for a in q["answers"]:
            a.pop("migration_id", None)

    def blanks_canvas(self) -> None:
        q, doc = self.q, self.doc
        by_id: dict[str, dict[str, Any]] = {}
        dropdowns = self.type == "multiple_dropdowns_question"
        for ci in css(doc, "choiceInteraction"):
            blank = ci.get("responseIdentifier")
            if blank is not None:
                blank = re.sub(r"^response_", "", blank)
            for choice in css(ci, "simpleChoice"):
                a = {"weight": 0 if dropdowns else 100, "id": self.unique_local_id(),
                     "migration_id": choice.get("identifier"),
                     "text": text_of(choice).strip(), "blank_id": blank}
                q["answers"].append(a)
                by_id[choice.get("identifier") or ""] = a
        if dropdowns:
            for node in css(doc, "responseProcessing responseCondition responseIf,responseElseIf"):
                if at_css(node, "setOutcomeValue[identifier=SCORE] sum") is not None:
                    ident = text_of(_need(at_css(node, "match baseValue[baseType=identifier]")))
                    if ident in by_id:
                        by_id[ident]["weight"] = 100

    def blanks_d2l(self) -> None:
        q, doc = self.q, self.doc
        q["question_text"] = ""
        body = at_css(doc, "itemBody")
        if body is not None:
            for node in body.elements():
                if node.tag == "div":
                    q["question_text"] += self.sanitize_html_string(text_of(node), True)
                elif node.tag == "extendedTextInteraction":
                    q["question_text"] += f" [{node.get('responseIdentifier')}] "
        for match in css(doc, "responseCondition stringMatch"):
            var = at_css(match, "variable")
            blank = var.get("identifier") if var is not None else None
            if blank is not None:
                base = _need(at_css(match, "baseValue"))
                q["answers"].append({
                    "id": self.unique_local_id(), "weight": 100, "migration_id": blank,
                    "text": self.sanitize_html_string(text_of(base), True), "blank_id": blank})
