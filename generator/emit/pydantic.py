"""SpecPackage -> the view of `pydantic_models`."""

from __future__ import annotations

from generator.emit.order import alias_order
from generator.emit.pyexpr import STRICT_BASES, Imports, TypeRenderer, py_docstring, py_literal, py_string
from generator.emit.shapes import alias_members, alias_type, description_of, enum_base, is_class
from generator.emit.views import ClassView, FieldView, ModuleView
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, SpecPackage
from generator.ir.types import Nullable, Primitive, TypeExpr


def optional_annotation(types: TypeRenderer, field: Field) -> str:
    """The field's type, in Optional[...] where it may be absent or null."""
    inner = types.render(field.type)
    if (field.nullable or not field.required) and not accepts_null(field.type):
        return f"{inner} | None"
    return inner


def accepts_null(expr: TypeExpr) -> bool:
    return isinstance(expr, Nullable) or expr == Primitive("any")


def _field_view(imports: Imports, types: TypeRenderer, field: Field) -> FieldView:
    args: list[str] = []
    if not field.required:
        args.append("default=None")
    if field.wire_name != field.py_name:
        args.append(f"alias={py_string(field.wire_name)}")
    if field.description:
        args.append(f"description={py_string(field.description)}")
    if field.deprecated:
        args.append("deprecated=True")
    default: str | None = None
    if args == ["default=None"]:
        default = "None"
    elif args:
        default = f"{imports.name('pydantic', 'Field')}({', '.join(args)})"
    return FieldView(
        py_name=field.py_name,
        key=py_string(field.wire_name),
        annotation=optional_annotation(types, field),
        default=default,
        doc=None,
        required=field.required,
        nullable=field.nullable,
    )


def _model_view(imports: Imports, types: TypeRenderer, model: ObjectModel) -> ClassView:
    config_args = []
    if any(f.wire_name != f.py_name for f in model.fields):
        config_args.append("populate_by_name=True")
    if model.extra_allowed:
        config_args.append('extra="allow"')
    config = f"{imports.name('pydantic', 'ConfigDict')}({', '.join(config_args)})" if config_args else None
    decorators: tuple[str, ...] = ()
    if model.deprecated:
        module = imports.module("typing_extensions")
        decorators = (f"{module}.deprecated({py_string(model.title + ' is deprecated')})",)
    return ClassView(
        kind="model",
        name=model.py_name,
        doc=py_docstring(model.description) if model.description else None,
        bases=imports.name("pydantic", "BaseModel"),
        decorators=decorators,
        config=config,
        fields=tuple(_field_view(imports, types, f) for f in model.fields),
    )


def enum_view(imports: Imports, enum: EnumModel) -> ClassView:
    return ClassView(
        kind="enum",
        name=enum.py_name,
        doc=py_docstring(enum.description) if enum.description else None,
        bases=f"{enum_base(enum)}, {imports.name('enum', 'Enum')}",
        members=tuple((m.py_name, py_literal(m.value)) for m in enum.members),
    )


def alias_view(types: TypeRenderer, definition: Definition, cyclic: frozenset[str]) -> ClassView:
    """`Name: TypeAlias = ...`; an alias in a reference cycle is written as a string."""
    description = description_of(definition)
    expr = types.render(alias_type(definition))
    return ClassView(
        kind="alias",
        name=definition.py_name,
        doc=py_docstring(description) if description else None,
        expr=py_string(expr) if definition.py_name in cyclic else expr,
        bases=types.typing("TypeAlias"),
    )


def python_module(package: SpecPackage, bases: dict, class_view, imports: Imports | None = None) -> ModuleView:  # type: ignore[no-untyped-def, type-arg]
    """Classes first, then aliases in dependency order: shared by the Python targets."""
    imports = imports or Imports(frozenset(d.py_name for d in package.definitions))
    types = TypeRenderer(imports, bases)
    units = [class_view(imports, types, d) for d in package.definitions if is_class(d)]
    aliases, cyclic = alias_order([d for d in package.definitions if not is_class(d)], alias_members)
    units.extend(alias_view(types, d, cyclic) for d in aliases)
    return ModuleView(imports=tuple(imports.lines()), units=tuple(units))


def _class_view(imports: Imports, types: TypeRenderer, definition: Definition) -> ClassView:
    if isinstance(definition, ObjectModel):
        return _model_view(imports, types, definition)
    assert isinstance(definition, EnumModel)
    return enum_view(imports, definition)


def pydantic_module(package: SpecPackage) -> ModuleView:
    return python_module(package, STRICT_BASES, _class_view)
