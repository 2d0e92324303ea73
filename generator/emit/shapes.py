"""How a definition is spelled in Python, shared by the three Python targets.

Objects and closed str/int enums are classes; open enums, other enums,
unions and placeholders are type aliases. An alias that names itself (through
a cycle of aliases) is a `TypeAliasType` with its value in quotes, which
Pydantic, mypy and `typing.get_type_hints` all resolve lazily.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.emit.order import module_order
from generator.emit.pyexpr import Imports, TypeRenderer, py_docstring, py_literal, py_string
from generator.emit.views import ClassView
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, Placeholder, SpecPackage, UnionModel
from generator.ir.types import LiteralOf, Nullable, Primitive, TypeExpr, UnionOf, make_union


def enum_is_class(enum: EnumModel) -> bool:
    values = [m.value for m in enum.members]
    return not enum.open and (
        all(isinstance(v, str) for v in values) or all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    )


def enum_base(enum: EnumModel) -> str:
    return "str" if all(isinstance(m.value, str) for m in enum.members) else "int"


def is_class(definition: Definition) -> bool:
    return isinstance(definition, ObjectModel) or (isinstance(definition, EnumModel) and enum_is_class(definition))


def int_enum_names(package: SpecPackage) -> frozenset[str]:
    """Enum classes whose values are integers."""
    return frozenset(
        d.py_name for d in package.definitions
        if isinstance(d, EnumModel) and enum_is_class(d) and enum_base(d) == "int"
    )


def deprecation_helper(package: SpecPackage) -> set[str]:
    """{"deprecated"} where a model is marked deprecated (classes marked so warn on use)."""
    return {"deprecated"} if any(isinstance(d, ObjectModel) and d.deprecated for d in package.definitions) else set()


def alias_type(definition: Definition) -> TypeExpr:
    """The type an alias stands for."""
    if isinstance(definition, UnionModel):
        # Docs may list a member twice (three `str` sections, or several file types that are all bytes).
        return make_union(list(definition.members))
    if isinstance(definition, EnumModel):
        literal = LiteralOf(tuple(m.value for m in definition.members))
        if not definition.open:
            return literal
        # An open enum accepts any value of its values' type.
        kinds = {type(m.value) for m in definition.members}
        base = {str: "str", int: "int", bool: "bool", float: "float"}.get(kinds.pop()) if len(kinds) == 1 else None
        return UnionOf((literal, Primitive(base))) if base else Primitive("any")
    if isinstance(definition, Placeholder):
        return Primitive("any")
    raise TypeError(f"{definition.py_name} is a class, not an alias")


def alias_members(definition: Definition) -> list[TypeExpr]:
    return [alias_type(definition)]


def description_of(definition: Definition) -> str:
    if isinstance(definition, Placeholder):
        return (
            f"{definition.title}: referenced at {definition.source} but not documented "
            "in the spec folder; accepts any JSON value."
        )
    return definition.description


def accepts_null(expr: TypeExpr) -> bool:
    return (isinstance(expr, Nullable) or expr == Primitive("any")
            or (isinstance(expr, LiteralOf) and None in expr.values))


def optional_annotation(types: TypeRenderer, field: Field) -> str:
    """The field's type, with `| None` where it may be absent or null."""
    inner = types.render(field.type)
    if (field.nullable or not field.required) and not accepts_null(field.type):
        return f"{inner} | None"
    return inner


def enum_view(imports: Imports, enum: EnumModel) -> ClassView:
    return ClassView(
        kind="enum",
        name=enum.py_name,
        doc=py_docstring(enum.description) if enum.description else None,
        bases=f"{enum_base(enum)}, {imports.name('enum', 'Enum')}",
        members=tuple((m.py_name, py_literal(m.value)) for m in enum.members),
    )


def alias_view(types: TypeRenderer, definition: Definition, cyclic: frozenset[str]) -> ClassView:
    description = description_of(definition)
    expr = types.render(alias_type(definition))
    doc = py_docstring(description) if description else None
    if definition.py_name in cyclic:
        return ClassView(
            kind="recursive_alias",
            name=definition.py_name,
            doc=doc,
            bases=types.imports.name("typing_extensions", "TypeAliasType"),
            title=py_string(definition.py_name),
            expr=py_string(expr),
        )
    return ClassView(kind="alias", name=definition.py_name, doc=doc, expr=expr, bases=types.typing("TypeAlias"))


ClassViewBuilder = Callable[[TypeRenderer, Definition], ClassView]


def python_units(package: SpecPackage, types: TypeRenderer, class_view: ClassViewBuilder) -> list[ClassView]:
    """Each definition after what it names, where cycles allow (see generator.emit.order)."""
    ordered, cyclic = module_order(list(package.definitions), is_class, _named_types, alias_members)
    return [class_view(types, d) if is_class(d) else alias_view(types, d, cyclic) for d in ordered]


def _named_types(definition: Definition) -> list[TypeExpr]:
    """The types a definition names: its fields' for a model, its own for an alias."""
    if isinstance(definition, ObjectModel):
        return [f.type for f in definition.fields]
    return [] if isinstance(definition, EnumModel) and enum_is_class(definition) else alias_members(definition)
