"""SpecPackage -> the view of `pydantic_models`.

Scalars are Pydantic's strict types, so "123" is not an int. Where even
those are lax about JSON types (a literal or int enum takes `true` for 1 and
"1" for 1; a datetime takes a number), the type is wrapped in a private
validator that the template defines, so the models accept what the JSON
Schema and the dataclasses accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.pyexpr import STRICT_BASES, Imports, TypeRenderer, py_docstring, py_string
from generator.emit.shapes import deprecation_helper, enum_view, int_enum_names, optional_annotation, python_units
from generator.emit.views import ClassView, FieldView, ModuleView
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, SpecPackage
from generator.ir.types import LiteralOf, Primitive, Ref, TypeExpr

# Lax `bytes`: JSON carries bytes as text, which StrictBytes refuses in Python mode.
PYDANTIC_BASES = {**STRICT_BASES, "bytes": (None, "bytes")}

# The helper blocks of the template, and the modules they use (under private names).
_HELPER_MODULES = {
    "exact": (("enum", "_enum"), ("pydantic", "_pydantic"), ("typing", "_t")),
    "date": (("datetime", "_dt"), ("pydantic", "_pydantic"), ("re", "_re"), ("typing", "_t")),
    "datetime": (("datetime", "_dt"), ("pydantic", "_pydantic"), ("re", "_re"), ("typing", "_t")),
    "deprecated": (),  # a mypy comment: the module refers to its deprecated models
}
_HELPER_TYPES = {"date": "_Date", "datetime": "_DateTime"}


@dataclass
class PydanticTypes(TypeRenderer):
    """Renders types, recording which template helpers they use."""

    int_enums: frozenset[str] = frozenset()
    helpers: set[str] = field(default_factory=set)

    def render(self, expr: TypeExpr) -> str:
        if isinstance(expr, Primitive) and expr.name in _HELPER_TYPES:
            self.helpers.add(expr.name)
            return _HELPER_TYPES[expr.name]
        if isinstance(expr, LiteralOf) and not all(isinstance(v, str | None) for v in expr.values):
            self.helpers.add("exact")
            return f"_Exact[{super().render(expr)}]"
        if isinstance(expr, Ref) and expr.target in self.int_enums:
            self.helpers.add("exact")
            return f"_Exact[{expr.target}]"
        return super().render(expr)


def _field_view(types: TypeRenderer, field: Field) -> FieldView:
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
        default = f"{types.imports.name('pydantic', 'Field')}({', '.join(args)})"
    return FieldView(
        py_name=field.py_name,
        key=py_string(field.wire_name),
        annotation=optional_annotation(types, field),
        default=default,
        doc=None,
        required=field.required,
        nullable=field.nullable,
    )


def _model_view(types: TypeRenderer, model: ObjectModel) -> ClassView:
    imports = types.imports
    config_args = []
    if any(f.wire_name != f.py_name for f in model.fields):
        config_args.append("populate_by_name=True")
    if model.extra_allowed:
        config_args.append('extra="allow"')
    if any(f.py_name.startswith("model_") for f in model.fields):
        # Field names like `model_dump_` are the doc's; Pydantic would warn they look like its own.
        config_args.append("protected_namespaces=()")
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
        fields=tuple(_field_view(types, f) for f in model.fields),
    )


def _class_view(types: TypeRenderer, definition: Definition) -> ClassView:
    if isinstance(definition, ObjectModel):
        return _model_view(types, definition)
    assert isinstance(definition, EnumModel)
    return enum_view(types.imports, definition)


def pydantic_module(package: SpecPackage) -> ModuleView:
    imports = Imports(frozenset(d.py_name for d in package.definitions))
    types = PydanticTypes(imports, PYDANTIC_BASES, int_enums=int_enum_names(package))
    units = python_units(package, types, _class_view)
    helpers = tuple(sorted(types.helpers | deprecation_helper(package)))
    for helper in helpers:
        for module, alias in _HELPER_MODULES[helper]:
            imports.module(module, alias)
    return ModuleView(imports=tuple(imports.lines()), units=tuple(units), helpers=helpers)
