"""Type expressions of the IR as Python annotations, per target.

The base class spells what every Python target shares (`list[X]`, `dict[str, X]`,
`Literal[...]`, `A | B | None`, definitions by the name their module gives
them); each target overrides the few places it differs (Pydantic's strict types
and discriminated unions, msgspec's constraints).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.context import ModuleContext
from generator.ir.spelling import BASES, DICT, LIST, LITERAL
from generator.ir.types import ListOf, LiteralOf, LiteralValue, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf
from generator.layout import syntax
from generator.layout.doc import Doc
from generator.layout.pyexpr import py_literal


@dataclass
class TypeSpeller:
    target: str
    ctx: ModuleContext

    def spell(self, expr: TypeExpr) -> Doc:
        parts = self.operands(expr)
        return syntax.union(parts)

    def operands(self, expr: TypeExpr) -> list[Doc]:
        """The `|` operands of the annotation (a flat chain, as Python reads `A | B | None`)."""
        if isinstance(expr, Nullable):
            return [*self.operands(expr.inner), "None"]
        if isinstance(expr, UnionOf):
            return self.union(expr)
        if isinstance(expr, LiteralOf):
            return self.literal(expr.values)
        return [self.single(expr)]

    def single(self, expr: TypeExpr) -> Doc:
        if isinstance(expr, Primitive):
            return self.base(expr.name)
        if isinstance(expr, ListOf):
            return syntax.subscript(LIST, [self.spell(expr.item)])
        if isinstance(expr, MapOf):
            return syntax.subscript(DICT, [self.base("str"), self.spell(expr.value)])
        if isinstance(expr, Ref):
            assert expr.target is not None, "references are resolved before emitting"
            return self.ref(expr.target)
        return self.spell(expr)

    def base(self, name: str) -> str:
        if name in ("date", "datetime"):
            return f"{self.ctx.imports.module('datetime', '_dt')}.{name}"
        spelled = BASES[self.target][name]
        return self.ctx.imports.name("typing", spelled) if spelled == "Any" else spelled

    def ref(self, target: str) -> Doc:
        return self.ctx.name_of(target)

    def union(self, expr: UnionOf) -> list[Doc]:
        return [part for member in expr.members for part in self.operands(member)]

    def literal(self, values: tuple[LiteralValue, ...]) -> list[Doc]:
        """Literal[...]; typing has no float literals, so float values widen to `float`,
        and null is spelled `None` (linters reject `Literal[None]`)."""
        exact = [v for v in values if v is not None and not isinstance(v, float)]
        parts: list[Doc] = []
        if exact:
            parts.append(syntax.subscript(self.ctx.imports.name("typing", LITERAL), [py_literal(v) for v in exact]))
        if any(isinstance(v, float) for v in values):
            parts.append(self.base("float"))
        if None in values:
            parts.append("None")
        return parts


def accepts_null(expr: TypeExpr) -> bool:
    return (
        isinstance(expr, Nullable) or expr == Primitive("any") or (isinstance(expr, LiteralOf) and None in expr.values)
    )
