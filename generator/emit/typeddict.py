"""SpecPackage -> the view of `typeddict_models`: TypedDicts keyed by wire names.

Enums are Literal aliases here: a TypedDict describes plain JSON data.
"""

from __future__ import annotations

import keyword

from generator.emit.order import alias_order
from generator.emit.pydantic import alias_view
from generator.emit.pyexpr import PLAIN_BASES, Imports, TypeRenderer, py_docstring, py_string
from generator.emit.shapes import alias_members
from generator.emit.views import ClassView, FieldView, ModuleView
from generator.ir.names import field_name
from generator.ir.nodes import Field, ObjectModel, SpecPackage
from generator.ir.types import Nullable


def _annotation(types: TypeRenderer, field: Field) -> str:
    inner = types.render(field.type)
    if field.nullable and not isinstance(field.type, Nullable):
        inner = f"{inner} | None"
    if not field.required:
        inner = f"{types.imports.name('typing', 'NotRequired')}[{inner}]"
    return inner


def _class_form_ok(model: ObjectModel) -> bool:
    """Class syntax needs keys that are identifiers and shadow nothing the module uses."""
    return all(
        f.wire_name.isidentifier() and not keyword.iskeyword(f.wire_name) and field_name(f.wire_name) == f.wire_name
        for f in model.fields
    )


def _model_view(imports: Imports, types: TypeRenderer, model: ObjectModel) -> ClassView:
    class_form = _class_form_ok(model)
    fields = tuple(
        FieldView(
            py_name=f.wire_name,
            key=py_string(f.wire_name),
            # The functional form is evaluated at import: its types are strings.
            annotation=_annotation(types, f) if class_form else py_string(_annotation(types, f)),
            default=None,
            doc=py_docstring(f.description) if f.description else None,
        )
        for f in model.fields
    )
    return ClassView(
        kind="model" if class_form else "functional",
        name=model.py_name,
        doc=py_docstring(model.description) if model.description else None,
        bases=imports.name("typing", "TypedDict"),
        fields=fields,
        title=py_string(model.py_name),
    )


def typeddict_module(package: SpecPackage) -> ModuleView:
    imports = Imports(frozenset(d.py_name for d in package.definitions))
    types = TypeRenderer(imports, PLAIN_BASES)
    models = [d for d in package.definitions if isinstance(d, ObjectModel)]
    units = [_model_view(imports, types, m) for m in models]
    aliases, cyclic = alias_order([d for d in package.definitions if not isinstance(d, ObjectModel)], alias_members)
    units.extend(alias_view(types, d, cyclic) for d in aliases)
    return ModuleView(imports=tuple(imports.lines()), units=tuple(units))
