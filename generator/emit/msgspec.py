"""One module of the msgspec target: Struct classes, enums, type aliases.

Structs are `kw_only`; a wire key that differs from the attribute goes in the
class's `rename` mapping. An Optional field defaults to `msgspec.UNSET`, so an
absent key stays absent on encode and an explicit null stays null. A member of
a tagged union (resolve/tags.py) that requires its tag is a tagged Struct
(`tag_field=`, `tag=`), its tag field not a field, and a union whose members all
require their tag decodes by it.

Everything else msgspec decodes with the same acceptance as the Pydantic target,
except unions msgspec refuses (several untagged Structs, a dict and a Struct, two
string-like types...). Such a union is annotated `Any` and checked by the Struct
that holds it in its __post_init__, with the checks of the package's runtime
module (generator/runtime/msgspec_runtime.py): each member tried with msgspec.convert,
a tag picking the member where there is one. A type alias of such a union is
`Any`, with its check `_check_<Name>` beside it for the Structs that use it.

Deciding this needs msgspec's view of a type: the members of a union with every
alias it names flattened in (`_Shape`, read from the definitions' interfaces),
and then the code: the annotation and the check (`_Plan`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from generator.emit.common import alias_view, build_module, deprecation_decorator, description_of, field_doc, tagged
from generator.emit.context import ModuleContext
from generator.emit.types import TypeSpeller, accepts_null
from generator.emit.views import AliasView, FieldView, FunctionView, ModelView, ModuleView, Unit
from generator.graph import components
from generator.ir.aliases import alias_type
from generator.ir.nodes import Definition, Field, ObjectModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, Tag, TypeExpr, UnionOf, refs_of
from generator.layout import syntax
from generator.layout.doc import Doc
from generator.layout.pyexpr import py_literal, py_string

CHECK_PREFIX = "_check_"
CHECKS_METHOD = "__checks__"  # a Struct's field checks
SELF_CHECK = "check"  # an alias check's builder gets the check itself, for unions that hold themselves
FALLBACK_NOTE = (
    "msgspec cannot decode this union as one type: it is Any here, and a Struct\n"
    "field of this type checks its value when the Struct is decoded (decoding\n"
    "this alias on its own checks nothing)."
)


@dataclass(frozen=True)
class _Leaf:
    """One member of a union as msgspec sees it (a union with its aliases flattened in)."""

    kind: str  # "any", "none", "bool", "int", "float", "str", "array" or "object"
    # "str"/"int": the type's identity ("" for a Literal's values, which merge); "object":
    # "dict" or the Struct's definition name.
    cls: str = ""
    tag: tuple[str, str | int] | None = None  # a tagged Struct's (tag_field, tag)
    checked: bool = False  # a value decoded for it still needs a check


@dataclass(frozen=True)
class _Shape:
    """What msgspec makes of a type: its union members, whether a decoded value still needs a
    check, whether it is annotated Any (the check then takes the JSON value as it came), and
    whether null passes."""

    leaves: tuple[_Leaf, ...]
    checked: bool = False
    raw: bool = False
    nullable: bool = False


_ANY = _Shape((_Leaf("any"),), nullable=True)
# A literal's values are members with no class of their own: they merge (a float is spelled `float`).
_LITERAL_KINDS: Final = {type(None): "none", bool: "bool", int: "int", float: "float", str: "str"}


def _conflict(leaves: tuple[_Leaf, ...]) -> bool:
    """Whether msgspec refuses a union of these members (see its "Type unions may not
    contain..." errors)."""
    for kind, own in (("str", "str"), ("int", "int")):
        classes = {leaf.cls for leaf in leaves if leaf.kind == kind}
        types = classes - {""}
        # Literal values merge with each other and with str (int), with nothing else.
        if len(types) > 1 or ("" in classes and types - {own}):
            return True
    if sum(leaf.kind == "array" for leaf in leaves) > 1:
        return True
    objects = list({(leaf.cls, leaf.tag): leaf for leaf in leaves if leaf.kind == "object"}.values())
    if len(objects) > 1:
        tags = [leaf.tag for leaf in objects]
        if any(tag is None for tag in tags) or any(leaf.cls == "dict" for leaf in objects):
            return True
        if len({tag[0] for tag in tags if tag}) > 1 or len({type(tag[1]) for tag in tags if tag}) > 1:
            return True
        if len({tag[1] for tag in tags if tag}) < len(objects) or len({leaf.cls for leaf in objects}) < len(objects):
            return True
    return False


@dataclass
class _Shapes:
    """msgspec's view of every type the module names, through the interfaces of the
    definitions of other modules. An alias is seen through (unions flatten), except one in
    a cycle of aliases (msgspec decodes no recursive alias): that one is Any, checked."""

    ctx: ModuleContext
    aliases: dict[str, _Shape] = field(default_factory=dict)

    def of(self, expr: TypeExpr) -> _Shape:
        if isinstance(expr, Primitive):
            return _ANY if expr.name == "any" else _Shape((_primitive_leaf(expr.name),))
        if isinstance(expr, LiteralOf):
            return _Shape(tuple(_Leaf(_LITERAL_KINDS[type(v)]) for v in expr.values), nullable=None in expr.values)
        if isinstance(expr, ListOf):
            item = self.of(expr.item)
            return _Shape((_Leaf("array", checked=item.checked),), checked=item.checked)
        if isinstance(expr, MapOf):
            value = self.of(expr.value)
            return _Shape((_Leaf("object", "dict", checked=value.checked),), checked=value.checked)
        if isinstance(expr, Nullable):
            inner = self.of(expr.inner)
            return _Shape((*inner.leaves, _Leaf("none")), inner.checked, inner.raw, True)
        if isinstance(expr, Ref):
            return self.ref(expr.target or "")
        if isinstance(expr, UnionOf):
            return self.union(expr)
        raise TypeError(f"unknown type node {expr!r}")

    def ref(self, target: str) -> _Shape:
        other = self.ctx.interface(target)
        if other.kind == "model":
            return _Shape((_Leaf("object", target),))
        if other.enum_class:
            return _Shape((_Leaf("int" if other.int_enum else "str", target),))
        if target not in self.aliases:
            self._alias_shapes(target)
        return self.aliases[target]

    def union(self, expr: UnionOf) -> _Shape:
        members = [self.of(m) for m in expr.members]
        tags = _expressible(expr.tag, self.ctx)
        leaves: list[_Leaf] = []
        for member, shape in zip(expr.members, members):
            if tags is not None and isinstance(member, Ref):
                leaves.extend(_Leaf("object", leaf.cls, tags[member.target or ""]) for leaf in shape.leaves)
            else:
                leaves.extend(shape.leaves)
        nullable = any(shape.nullable for shape in members)
        if any(leaf.kind == "any" and not leaf.checked for leaf in leaves):
            return _ANY  # a member takes everything, so the union does
        if any(leaf.kind == "any" for leaf in leaves) or _conflict(tuple(leaves)):
            return _Shape((_Leaf("any", checked=True),), True, True, nullable)
        return _Shape(tuple(leaves), any(shape.checked for shape in members), False, nullable)

    def _alias_shapes(self, start: str) -> None:
        """The shapes of `start` and every alias it reaches that has none yet, dependencies
        first (iteratively: chains of aliases run deep)."""
        edges: dict[str, list[str]] = {}
        todo = [start]
        while todo:
            name = todo.pop()
            if name in edges or name in self.aliases:
                continue
            edges[name] = [r.target for r in refs_of(self._alias(name)) if r.target and self._is_alias(r.target)]
            todo.extend(edges[name])
        for group in components(list(edges), edges):
            if len(group) > 1 or group[0] in edges[group[0]]:
                for name in group:  # a recursive alias: Any, checked by its _check_ function
                    nullable = accepts_null(self._alias(name))
                    self.aliases[name] = _Shape((_Leaf("any", checked=True),), True, True, nullable)
            else:
                self.aliases[group[0]] = self.of(self._alias(group[0]))

    def _alias(self, name: str) -> TypeExpr:
        found = self.ctx.interface(name).alias
        assert found is not None
        return found

    def _is_alias(self, name: str) -> bool:
        other = self.ctx.interface(name)
        return other.kind != "model" and not other.enum_class


def _primitive_leaf(name: str) -> _Leaf:
    if name in ("str", "bytes", "date", "datetime"):  # bytes are text here (see MsgspecTypes.base)
        return _Leaf("str", "str" if name == "bytes" else name)
    return _Leaf(name, name if name == "int" else "")


def _expressible(tag: Tag | None, ctx: ModuleContext) -> dict[str, tuple[str, str | int]] | None:
    """Each member's (tag_field, tag) where msgspec can decode the union by its tag: every
    member requires it, and every member's Struct carries this tag (a Struct is tagged with
    the first union that tags it, ObjectModel.member_tag: one of two unions tagging a model
    under different keys decodes by the fallback)."""
    if tag is None or not tag.required:
        return None
    out: dict[str, tuple[str, str | int]] = {}
    for name, value, _ in tag.members:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return None
        if ctx.interface(name).member_tag != (tag.key, value):
            return None
        out[name] = (tag.key, value)
    return out


def struct_tag(model: ObjectModel) -> tuple[str, str | int] | None:
    """The (tag_field, tag) a model's Struct carries: its member_tag, where it requires the field."""
    if model.member_tag is None:
        return None
    key, _ = model.member_tag
    found = next((f for f in model.fields if f.wire_name == key), None)
    return model.member_tag if found is not None and found.required and not found.nullable else None


@dataclass(frozen=True)
class _Plan:
    operands: tuple[Doc, ...]  # the annotation, as `|` operands
    check: Doc | None = None  # the check of a value msgspec decoded through the annotation


@dataclass
class MsgspecTypes(TypeSpeller):
    shapes: _Shapes = field(init=False)
    building: str = ""  # the alias whose check is being written (it names itself as SELF_CHECK)

    def __post_init__(self) -> None:
        self.shapes = _Shapes(self.ctx)

    def base(self, name: str) -> str:
        if name == "datetime":
            return f"{self.ctx.runtime()}.DateTime"
        return super().base(name)

    def operands(self, expr: TypeExpr) -> list[Doc]:
        return list(self.plan(expr).operands)

    def plan(self, expr: TypeExpr) -> _Plan:
        if isinstance(expr, (Primitive, LiteralOf)):
            return _Plan(tuple(super().operands(expr)))
        if isinstance(expr, ListOf):
            inner = self.plan(expr.item)
            return _Plan((syntax.subscript("list", [syntax.union(inner.operands)]),), self.wrap("list_", inner.check))
        if isinstance(expr, MapOf):
            inner = self.plan(expr.value)
            annotation = syntax.subscript("dict", [self.base("str"), syntax.union(inner.operands)])
            return _Plan((annotation,), self.wrap("dict_", inner.check))
        if isinstance(expr, Nullable):
            inner = self.plan(expr.inner)
            return _Plan((*inner.operands, "None"), self.wrap("nullable", inner.check))
        if isinstance(expr, Ref):
            return _Plan((self.ref(expr.target or ""),), self._ref_check(expr.target or ""))
        if isinstance(expr, UnionOf):
            return self._union(expr)
        raise TypeError(f"unknown type node {expr!r}")

    def _union(self, expr: UnionOf) -> _Plan:
        shape = self.shapes.of(expr)
        if shape.raw:
            return _Plan((self._any(),), self.raw_check(expr))
        plans = [self.plan(m) for m in expr.members]
        operands = tuple(part for plan in plans for part in plan.operands)
        if not shape.checked:
            return _Plan(operands)
        # msgspec decodes the union; only its array and object members hold values to check.
        owners: dict[str, Doc] = {}
        for member, plan in zip(expr.members, plans):
            for leaf in self.shapes.of(member).leaves:
                if leaf.checked and plan.check is not None:
                    owners[leaf.kind] = plan.check
        assert set(owners) <= {"array", "object"}, owners
        check = syntax.call(
            f"{self.ctx.runtime()}.branches", [owners.get("array", "None"), owners.get("object", "None")]
        )
        return _Plan(operands, check)

    def _ref_check(self, target: str) -> Doc | None:
        """The check of what msgspec decoded for a reference, where it needs one."""
        other = self.ctx.interface(target)
        if other.kind == "model" or other.enum_class or not self.shapes.ref(target).checked:
            return None
        return SELF_CHECK if target == self.building else self.ctx.beside(target, CHECK_PREFIX)

    def wrap(self, combinator: str, check: Doc | None) -> Doc | None:
        """`check` under one of the runtime's combinators (`_rt.list_(check)`), if there is one."""
        return None if check is None else syntax.call(f"{self.ctx.runtime()}.{combinator}", [check])

    def raw_check(self, expr: TypeExpr) -> Doc:
        """The check of a JSON value as it came (decoded as Any) against `expr`."""
        rt = self.ctx.runtime()
        if isinstance(expr, UnionOf) and self.shapes.of(expr).raw:
            if expr.tag is not None:
                return tagged(rt, expr, self.raw_check)
            return syntax.call(f"{rt}.union", [self.raw_check(m) for m in expr.members])
        if self.shapes.of(expr).raw:  # a raw alias, or null or one: its check alone, no annotation
            check = self._ref_check(expr.target or "") if isinstance(expr, Ref) else None
            if isinstance(expr, Nullable):
                check = self.wrap("nullable", self.raw_check(expr.inner))
            assert check is not None
            return check
        plan = self.plan(expr)
        args = [syntax.union(plan.operands)] + ([plan.check] if plan.check is not None else [])
        return syntax.call(f"{rt}.typed", args)

    def _any(self) -> str:
        return f"{self.ctx.imports.module('typing', '_t')}.Any"


@dataclass(frozen=True)
class Method:
    header: Doc  # its `def` line
    body: tuple[tuple[int, Doc], ...]  # each statement, with how many blocks deeper than the body it sits


@dataclass(frozen=True)
class StructView(ModelView):
    """A Struct, with the methods that check the values msgspec cannot decode, where it
    needs them: `__post_init__` and the `__checks__` it reads (through _rt.check_field)."""

    methods: tuple[Method, ...] = ()


def _trigger(shape: _Shape, attribute: str) -> Doc | None:
    """When a field's value needs its check: always where msgspec decoded it as Any, else
    only where it is an array or an object holding such a union."""
    if shape.raw:
        return None
    kinds = sorted({"list" if leaf.kind == "array" else "dict" for leaf in shape.leaves if leaf.checked})
    kind = syntax.call("type", [attribute])
    return syntax.compare(kind, "is", kinds[0]) if len(kinds) == 1 else syntax.compare(kind, "in", syntax.tuple_(kinds))


def _field(types: MsgspecTypes, f: Field) -> tuple[FieldView, Doc | None]:
    ctx = types.ctx
    msgspec = ctx.imports.module("msgspec")
    shape = types.shapes.of(f.type)
    plan = types.plan(f.type)
    operands = list(plan.operands)
    add_null = (f.nullable or not f.required) and not shape.nullable
    if add_null and "None" not in operands:
        operands.append("None")
    check = types.wrap("nullable", plan.check) if add_null else plan.check
    default = None
    if not f.required:
        operands.append(f"{msgspec}.UnsetType")
        default = f"{msgspec}.UNSET"
    statement = syntax.annassign(f.py_name, syntax.union(operands), default)
    return FieldView(statement=statement, doc=field_doc(f)), check


def _model(types: MsgspecTypes, model: ObjectModel) -> StructView:
    ctx = types.ctx
    msgspec = ctx.imports.module("msgspec")
    tag = struct_tag(model)
    fields = [f for f in model.fields if tag is None or f.wire_name != tag[0]]
    keywords: list[tuple[str, Doc]] = [("kw_only", "True")]
    if tag is not None:
        keywords += [("tag_field", py_string(tag[0])), ("tag", py_literal(tag[1]))]
    renamed = [(py_string(f.py_name), py_string(f.wire_name)) for f in fields if f.wire_name != f.py_name]
    if renamed:
        keywords.append(("rename", syntax.dict_(renamed)))
    views: list[FieldView] = []
    checks: list[tuple[str, Doc]] = []
    body: list[tuple[int, Doc]] = []
    rt = ctx.runtime
    for f in fields:
        view, check = _field(types, f)
        views.append(view)
        if check is not None:
            checks.append((py_string(f.py_name), check))
            call = syntax.call(f"{rt()}.check_field", ["self", py_string(f.py_name)])
            trigger = _trigger(types.shapes.of(f.type), f"self.{f.py_name}")
            body.extend([(0, call)] if trigger is None else [(0, syntax.if_(trigger)), (1, call)])
    methods: tuple[Method, ...] = ()
    if checks:
        # The checks are built once per class, on its first use (runtime.check_field), when
        # every name they use is defined; a value that needs none costs a type test.
        methods = (
            Method(syntax.def_("__post_init__", [syntax.param("self")], "None"), tuple(body)),
            Method(
                syntax.def_(CHECKS_METHOD, [syntax.param("self")], f"{rt()}.Checks"),
                ((0, syntax.return_(syntax.dict_(checks))),),
            ),
        )
    return StructView(
        name=model.local_name,
        header=syntax.class_(model.local_name, [f"{msgspec}.Struct"], keywords),
        doc=model.description or None,
        fields=tuple(views),
        decorators=(deprecation_decorator(ctx, model),) if model.deprecated else (),
        methods=methods,
    )


def _alias(types: MsgspecTypes, definition: Definition) -> list[Unit]:
    ctx = types.ctx
    shape = types.shapes.ref(definition.py_name)
    expr = alias_type(definition)
    name = definition.local_name
    if shape.raw:
        doc = "\n\n".join(part for part in (description_of(definition), FALLBACK_NOTE) if part)
        statement = syntax.alias(name, types._any(), lambda: ctx.imports.name("typing", "TypeAlias"))
        view: Unit = AliasView(name=name, statement=statement, doc=doc)
    else:
        view = alias_view(types, definition, frozenset())
    types.building = definition.py_name  # the check names its own alias as SELF_CHECK
    check = types.raw_check(expr) if shape.raw else types.plan(expr).check
    types.building = ""
    if check is None:
        return [view]
    checker = CHECK_PREFIX + name
    rt = ctx.runtime()
    return [
        view,
        FunctionView(  # built on first use: `@_rt.checker` over a function returning the check
            name=checker,
            header=syntax.def_(checker, [syntax.param(SELF_CHECK, f"{rt}.Check")], f"{rt}.Check"),
            body=(syntax.return_(check),),
            decorators=(syntax.decorator(f"{rt}.checker"),),
        ),
    ]


def msgspec_module(ctx: ModuleContext, docstring: str) -> ModuleView:
    types = MsgspecTypes("msgspec", ctx)
    return build_module(types, docstring, lambda model: _model(types, model), lambda alias, _: _alias(types, alias))
