"""SpecPackage -> the view of `dataclass_models`: classes with from_dict/to_dict.

from_dict checks what it loads as strictly as the Pydantic models do, so the
two accept and reject the same payloads; the loaders are small combinators
defined once in the template.
"""

from __future__ import annotations

from generator.emit.pyexpr import PLAIN_BASES, Imports, TypeRenderer, py_docstring, py_literal, py_string
from generator.emit.shapes import alias_type, deprecation_helper, enum_view, is_class, optional_annotation, python_units
from generator.emit.views import ClassView, FieldView, ModuleView
from generator.ir import names
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, SpecPackage
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf

# The loaders and _dump in the template use these, under private names.
_HELPER_MODULES = (
    ("base64", "_base64"), ("collections.abc", "_abc"), ("datetime", "_dt"), ("enum", "_enum"),
    ("re", "_re"), ("typing", "_t"),
)


def loader(expr: TypeExpr, kinds: dict[str, str]) -> str:
    """A loader expression: a callable (value, path) -> the loaded value."""
    if isinstance(expr, Primitive):
        return f"_load_{expr.name}"
    if isinstance(expr, ListOf):
        return f"_list({loader(expr.item, kinds)})"
    if isinstance(expr, MapOf):
        return f"_dict({loader(expr.value, kinds)})"
    if isinstance(expr, LiteralOf):
        return f"_literal({', '.join(py_literal(v) for v in expr.values)})"
    if isinstance(expr, UnionOf):
        return f"_union({', '.join(loader(m, kinds) for m in expr.members)})"
    if isinstance(expr, Nullable):
        return f"_nullable({loader(expr.inner, kinds)})"
    if isinstance(expr, Ref):
        assert expr.target is not None
        kind = kinds[expr.target]
        if kind == "model":
            return f"{expr.target}.from_dict"
        if kind == "enum":
            return f"_enum_member({expr.target})"
        return f"_load_alias_{expr.target}"
    raise TypeError(f"unknown type node {expr!r}")


def _field_view(types: TypeRenderer, field: Field, kinds: dict[str, str]) -> FieldView:
    if not field.required:  # _optional takes an absent key and null alike
        load = loader(field.type.inner if isinstance(field.type, Nullable) else field.type, kinds)
    elif field.nullable and not isinstance(field.type, Nullable):
        load = f"_nullable({loader(field.type, kinds)})"
    else:
        load = loader(field.type, kinds)
    return FieldView(
        py_name=field.py_name,
        key=py_string(field.wire_name),
        annotation=optional_annotation(types, field),
        default=None if field.required else "None",
        doc=py_docstring(field.description) if field.description else None,
        load=load,
        required=field.required,
        nullable=field.nullable,
    )


def _model_view(types: TypeRenderer, model: ObjectModel, kinds: dict[str, str]) -> ClassView:
    fields = tuple(_field_view(types, f, kinds) for f in model.fields)
    extra_attr = None
    if model.extra_allowed:
        extra_attr = names.deduplicate([f.py_name for f in model.fields] + ["extra_fields"])[-1]
    decorators: tuple[str, ...] = ()
    if model.deprecated:
        module = types.imports.module("typing_extensions")
        decorators = (f"{module}.deprecated({py_string(model.title + ' is deprecated')})",)
    keys = ", ".join(py_string(f.wire_name) for f in model.fields)
    return ClassView(
        kind="model",
        name=model.py_name,
        doc=py_docstring(model.description) if model.description else None,
        decorators=decorators,
        fields=fields,
        extra_attr=extra_attr,
        title=py_string(model.title),
        keys=f"frozenset({{{keys}}})" if keys else "frozenset()",
    )


def dataclass_module(package: SpecPackage) -> ModuleView:
    kinds = {d.py_name: _kind(d) for d in package.definitions}

    def class_view(types: TypeRenderer, definition: Definition) -> ClassView:
        if isinstance(definition, ObjectModel):
            return _model_view(types, definition, kinds)
        assert isinstance(definition, EnumModel)
        return enum_view(types.imports, definition)

    imports = Imports(frozenset(d.py_name for d in package.definitions))
    for module, alias in _HELPER_MODULES:
        imports.module(module, alias)
    if any(isinstance(d, ObjectModel) for d in package.definitions):  # only the classes use it
        imports.module("dataclasses", "_dataclasses")
    types = TypeRenderer(imports, PLAIN_BASES)
    by_name = package.by_name()
    # Each alias gets a loader function beside it (functions resolve names late, so order is free).
    units = tuple(
        unit if is_class(by_name[unit.name]) else _with_loader(unit, by_name[unit.name], kinds)
        for unit in python_units(package, types, class_view)
    )
    return ModuleView(imports=tuple(imports.lines()), units=units, helpers=tuple(deprecation_helper(package)))


def _with_loader(unit: ClassView, definition: Definition, kinds: dict[str, str]) -> ClassView:
    load = FieldView(py_name=unit.name, key="", annotation="", default=None, doc=None,
                     load=loader(alias_type(definition), kinds))
    return ClassView(kind=unit.kind, name=unit.name, doc=unit.doc, bases=unit.bases, expr=unit.expr,
                     title=unit.title, fields=(load,))


def _kind(definition: Definition) -> str:
    if isinstance(definition, ObjectModel):
        return "model"
    return "enum" if is_class(definition) else "alias"
