"""Stage 1 handlers for resprocessing: outcomes, conditions, setvar, feedback display."""

from __future__ import annotations

from .body import B
from .dom import Node, el
from .identifiers import _Crash, _d2l_strip, _NotModelled, check_nmtoken, read_identifier
from .stage1_handlers import Collect, H, Helper
from .stage1_items import _item_of
from .stage1_structure import RCond, RuleList, Section, _bv, _var


class ResProcessing(H):
    """imsqtiv1.py ResProcessing: continue="No" chains responseIf/ElseIf, "Yes" starts anew."""

    kinds: tuple[str, ...] = ("ResProcessing",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTIItem",))
        item = _item_of(self)
        self.rules = item.rules()
        self.continue_mode = True
        self.point: RuleList | RCond = self.rules
        self.else_list: RuleList | None = None

    def add_condition(self, expr: Node | None, rules: list[Node | RCond], cont: bool) -> None:
        if cont:
            rc = RCond(expr, rules)
            if not self.continue_mode:
                assert isinstance(self.point, RCond)
                if self.point.else_rules is None:
                    self.point.else_rules = []
                self.point = RuleList(self.point.else_rules)
            assert isinstance(self.point, RuleList)
            self.point.rules.append(rc)
        elif self.continue_mode:
            rc = RCond(expr, rules)
            assert isinstance(self.point, RuleList)
            self.point.rules.append(rc)
            self.point = rc
        else:
            assert isinstance(self.point, RCond)
            self.point.branches.append((expr, list(rules)))
        self.continue_mode = cont


class Outcomes(H):
    kinds: tuple[str, ...] = ("Outcomes",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("OutcomesProcessing", "ResProcessing"))


class DecVar(Collect):
    """imsqtiv1.py DecVar: an outcome; vartype defaults to Integer."""

    kinds: tuple[str, ...] = ("DecVar",)

    def init(self, attrs: dict[str, str]) -> None:
        self.identifier: str | None = None
        self.base_type = "integer"
        self.min: float | None = None
        self.max: float | None = None
        self.parse(attrs)
        self.check(("Outcomes",))

    def a_varname(self, value: str) -> None:
        self.identifier = read_identifier(value, "OUTCOME_").upper()  # --ucvars

    def a_vartype(self, value: str) -> None:
        low = value.lower()
        if low in ("integer", "string", "boolean"):
            self.base_type = low
        elif low in ("decimal", "scientific"):
            self.base_type = "float"
        elif low in ("enumerated", "set"):
            self.base_type = "identifier"

    def _float(self, value: str, default: float) -> float:
        try:
            return float(value)
        except ValueError:
            return default

    def a_minvalue(self, value: str) -> None:
        self.min = self._float(value, 0)

    def a_maxvalue(self, value: str) -> None:
        self.max = self._float(value, 1)

    def close(self) -> None:
        data = self.data.strip()
        if data and self.identifier in ("SCORE", None):
            self.identifier = read_identifier(data, "OUTCOME_").upper()
        if self.identifier is None:
            self.identifier = "SCORE"
        found = self.item_v1()
        if isinstance(found, Helper):
            found.declare_outcome(self)


class InterpretVar(Collect):
    kinds: tuple[str, ...] = ("InterpretVar",)

    def init(self, attrs: dict[str, str]) -> None:
        self.identifier = "SCORE"
        self.parse(attrs)
        self.check(("Outcomes",))

    def a_varname(self, value: str) -> None:
        self.identifier = read_identifier(value, "OUTCOME_").upper()

    def append(self, b: B) -> None:
        pass

    def close(self) -> None:
        _item_of(self).outcome(self.identifier)


class RespCondition(H):
    kinds: tuple[str, ...] = ("RespCondition",)

    def init(self, attrs: dict[str, str]) -> None:
        self.cont = False
        self.expr: Node | None = None
        self.rules: list[Node | RCond] = []
        self.parse(attrs)
        self.check(("ResProcessing",))

    def a_continue(self, value: str) -> None:
        self.cont = value.lower() == "yes"

    def add_expression(self, expr: Node) -> None:
        self.expr = expr

    def close(self) -> None:
        up = self.up()
        assert isinstance(up, ResProcessing)
        up.add_condition(self.expr, self.rules, self.cont)


_LOGIC = ("RespCondition", "ConditionVar", "And", "Or", "Not")


class ExprHolder(H):
    """conditionvar, and, or, not: collect expressions (imsqtiv1.py *OperatorV1)."""

    where: tuple[str, ...] = _LOGIC

    def init(self, attrs: dict[str, str]) -> None:
        self.exprs: list[Node] = []
        self.parse(attrs)
        self.check(self.where)

    def add_expression(self, expr: Node) -> None:
        self.exprs.append(expr)

    def give(self, expr: Node) -> None:
        up = self.up()
        assert isinstance(up, (ExprHolder, RespCondition))
        up.add_expression(expr)


class ConditionVar(ExprHolder):
    kinds: tuple[str, ...] = ("ConditionVar",)
    where = ("RespCondition",)

    def close(self) -> None:
        if len(self.exprs) > 1:
            self.give(el("and", {}, *self.exprs))  # implicit and
        elif self.exprs:
            self.give(self.exprs[0])
        else:
            self.give(el("null"))


class And(ExprHolder):
    kinds: tuple[str, ...] = ("And",)
    op = "and"

    def close(self) -> None:
        self.give(el(self.op, {}, *self.exprs))


class Or(And):
    kinds: tuple[str, ...] = ("Or",)
    op = "or"


class Not(ExprHolder):
    kinds: tuple[str, ...] = ("Not",)

    def close(self) -> None:
        if len(self.exprs) > 1:
            self.give(el("not", {}, el("and", {}, *self.exprs)))
        elif self.exprs:
            self.give(el("not", {}, self.exprs[0]))
        else:
            self.give(el("null"))


class Other(ExprHolder):
    """<other/> becomes the base value true."""

    def close(self) -> None:
        self.give(_bv("boolean", "true"))


class Unanswered(ExprHolder):
    def init(self, attrs: dict[str, str]) -> None:
        self.identifier: str | None = None
        super().init(attrs)

    def a_respident(self, value: str) -> None:
        self.identifier = read_identifier(value, "RESPONSE_", self.warnings())

    def close(self) -> None:
        d = _item_of(self).response(self.identifier)
        self.give(el("isNull", {}, _var(d.identifier)) if d else el("null"))


class VarThing(Collect):
    """imsqtiv1.py VarThing: varequal, varlt, varlte, vargt, vargte, varsubstring, varsubset."""

    def init(self, attrs: dict[str, str]) -> None:
        self.identifier: str | None = None
        self.case = False
        self.index: str | None = None
        self.parse(attrs)
        self.check(_LOGIC)

    def a_respident(self, value: str) -> None:
        self.identifier = read_identifier(_d2l_strip(value), "RESPONSE_", self.warnings())
        if self.helper().question_type == "fillInMultiple":
            raise _NotModelled("Respondus fillInMultiple is not modelled")

    def a_case(self, value: str) -> None:
        self.case = value.lower() == "yes"

    def a_index(self, value: str) -> None:
        self.index = value

    def operands(self) -> tuple[Node, str, str, Node]:
        d = _item_of(self).response(self.identifier)
        if d is not None:
            var, card, base = _var(d.identifier), d.cardinality, d.base_type
            if self.index and card == "multiple":
                raise _Crash("index into a multiple response (QTIException)")
            if self.index and card not in ("multiple", "single"):
                var, card = el("index", {"n": self.index}, var), "single"
        else:
            var, card, base = el("null"), "single", "identifier"
        value = self.data
        if base in ("pair", "directedPair"):
            value = value.replace(",", " ")
        elif base == "identifier":
            value = check_nmtoken(value, "RESPONSE_", self.warnings())
        return var, card, base, _bv(base, value, self.identifier)

    def give(self, expr: Node) -> None:
        up = self.up()
        assert isinstance(up, (ExprHolder, RespCondition))
        up.add_expression(expr)


class VarEqual(VarThing):
    def close(self) -> None:
        var, card, base, val = self.operands()
        if card == "single":
            if base in ("identifier", "pair", "integer"):
                self.give(el("match", {}, var, val))
            elif base == "string":
                self.give(el("stringMatch", {"caseSensitive": "true" if self.case else "false",
                                             "substring": "false"}, var, val))
            elif base == "float":
                self.give(el("equal", {}, var, val))
            else:
                raise _Crash(f"varequal on {base} (QTIException)")
        else:
            if base not in ("identifier", "pair", "string", "float"):
                raise _Crash(f"varequal on {base} (QTIException)")
            self.give(el("member", {}, val, var))


class VarCompare(VarThing):
    op = ""

    def close(self) -> None:
        var, card, base, val = self.operands()
        if card != "single":
            self.give(el("null"))
        elif base in ("integer", "float"):
            self.give(el(self.op, {}, var, val))
        elif base == "string":
            self.give(el("customOperator", {"class": "var" + self.op}, var, val))
        else:
            self.give(el("null"))


class VarLT(VarCompare):
    op = "lt"


class VarLTE(VarCompare):
    op = "lte"


class VarGT(VarCompare):
    op = "gt"


class VarGTE(VarCompare):
    op = "gte"


class VarSubstring(VarThing):
    def close(self) -> None:
        var, card, base, val = self.operands()
        if base != "string" or card != "single":
            self.give(el("null"))
        else:
            self.give(el("stringMatch", {"caseSensitive": "true" if self.case else "false",
                                         "substring": "true"}, var, val))


class VarSubset(VarThing):
    def close(self) -> None:
        var, card, _base, val = self.operands()
        self.give(el("match", {}, var, val) if card == "single" else el("member", {}, val, var))


class SetVar(Collect):
    """imsqtiv1.py SetVar: setOutcomeValue; Add → sum, Subtract → subtract, ..."""

    def init(self, attrs: dict[str, str]) -> None:
        self.identifier = "SCORE"
        self.action = "set"
        self.parse(attrs)
        self.check(("RespCondition", "WCTCalculatedAnswer"))

    def a_varname(self, value: str) -> None:
        self.identifier = read_identifier(value, "OUTCOME_").upper()

    def a_action(self, value: str) -> None:
        self.action = value.lower()

    def close(self) -> None:
        d = _item_of(self).outcome(self.identifier)
        if d.cardinality != "single":
            raise _Crash("setvar on a container (assert)")
        val = _bv(d.base_type, self.data)
        var = _var(d.identifier)
        ops = {"add": "sum", "multiply": "product"}
        if self.action == "set":
            expr = val
        elif self.action in ops:
            expr = el(ops[self.action], {}, var, val)
        elif self.action in ("subtract", "divide"):
            expr = el(self.action, {}, var, val)
        else:
            raise _Crash(f"unexpected setvar action {self.action} (QTIException)")
        up = self.up()
        assert isinstance(up, RespCondition)
        up.rules.append(el("setOutcomeValue", {"identifier": d.identifier}, expr))


class DisplayFeedback(H):
    def init(self, attrs: dict[str, str]) -> None:
        self.identifier: str | None = None
        self.parse(attrs)
        self.check(("RespCondition",))

    def a_linkrefid(self, value: str) -> None:
        self.identifier = read_identifier(value, "FEEDBACK_", self.warnings())

    def close(self) -> None:
        up = self.up()
        assert isinstance(up, RespCondition)
        up.rules.append(el("setOutcomeValue", {"identifier": "FEEDBACK"}, el(
            "multiple", {}, _var("FEEDBACK"), _bv("identifier", self.identifier or ""))))
        _item_of(self).declare_feedback()


class SelectionOrdering(Collect):
    kinds: tuple[str, ...] = ("SelectionOrdering",)

    def init(self, attrs: dict[str, str]) -> None:
        self.check(("QTISection", "QTIAssessment"))
        up = self.up()
        self.section = up if isinstance(up, Section) else None
        self.parse(attrs)

    def a_sequence_type(self, value: str) -> None:
        if self.section is not None and value.lower() == "repeat":
            self.section.with_replacement = True


class Order(Collect):
    def init(self, attrs: dict[str, str]) -> None:
        self.check(("SelectionOrdering",))
        self.parse(attrs)

    def a_order_type(self, value: str) -> None:
        up = self.up()
        if isinstance(up, SelectionOrdering) and up.section and value.lower() == "random":
            up.section.shuffle = True
