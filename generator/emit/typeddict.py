"""SpecPackage -> the view of `typeddict_models`: TypedDicts keyed by wire names.

Enums are Literal aliases here: a TypedDict describes plain JSON data.

The module has no `from __future__ import annotations`: at run time
(Python 3.11) a TypedDict sees `NotRequired` only in an annotation that is
evaluated, not in a string. So annotations are real expressions, and only
the part that names a definition (which may come later in the module) is
quoted: `NotRequired["list[Pet]"]`.
"""

from __future__ import annotations

import keyword

from generator.emit.order import alias_order
from generator.emit.pyexpr import PLAIN_BASES, Imports, TypeRenderer, py_docstring, py_string
from generator.emit.shapes import alias_members, alias_view
from generator.emit.views import ClassView, FieldView, ModuleView
from generator.ir.nodes import Field, ObjectModel, SpecPackage
from generator.ir.types import Nullable, TypeExpr, refs_of

_FUTURE_IMPORT = "from __future__ import annotations"


def _type(types: TypeRenderer, expr: TypeExpr) -> str:
    text = types.render(expr)
    return py_string(text) if refs_of(expr) else text


def _annotation(types: TypeRenderer, field: Field) -> str:
    expr = Nullable(field.type) if field.nullable and not isinstance(field.type, Nullable) else field.type
    inner = _type(types, expr)
    if not field.required:
        return f"{types.typing('NotRequired')}[{inner}]"
    return inner


def _class_form_ok(model: ObjectModel) -> bool:
    """Class syntax needs keys that are identifiers, not keywords, and not
    private names (which Python would mangle); no key is bound in the class
    body, so a key named like a type shadows nothing."""
    return all(
        f.wire_name.isidentifier() and not keyword.iskeyword(f.wire_name) and not f.wire_name.startswith("__")
        for f in model.fields
    )


def _class_doc(model: ObjectModel, class_form: bool) -> str | None:
    """The description; a deprecation note where the doc's own text has none (a
    TypedDict cannot carry @deprecated); in the functional form, which has no place
    for per-key docstrings, the keys' descriptions too."""
    parts = [model.description] if model.description else []
    if model.deprecated and "deprecated" not in model.description.lower():
        parts.append(f"Deprecated: {model.title} is deprecated.")
    keys = [f"- {f.wire_name}: {f.description}" for f in model.fields if f.description]
    if keys and not class_form:
        parts.append("Keys:\n\n" + "\n".join(keys))
    return py_docstring("\n\n".join(parts)) if parts else None


def _model_view(types: TypeRenderer, model: ObjectModel) -> ClassView:
    class_form = _class_form_ok(model)
    fields = tuple(
        FieldView(
            py_name=f.wire_name,
            key=py_string(f.wire_name),
            annotation=_annotation(types, f),
            default=None,
            doc=py_docstring(f.description) if f.description and class_form else None,
        )
        for f in model.fields
    )
    return ClassView(
        kind="model" if class_form else "functional",
        name=model.py_name,
        doc=_class_doc(model, class_form),
        bases=types.typing("TypedDict"),
        fields=fields,
        title=py_string(model.py_name),
    )


def typeddict_module(package: SpecPackage) -> ModuleView:
    imports = Imports(frozenset(d.py_name for d in package.definitions))
    types = TypeRenderer(imports, PLAIN_BASES)
    units = [_model_view(types, d) for d in package.definitions if isinstance(d, ObjectModel)]
    # Enums too are aliases (of Literal) here.
    aliases, cyclic = alias_order([d for d in package.definitions if not isinstance(d, ObjectModel)], alias_members)
    units.extend(alias_view(types, d, cyclic) for d in aliases)
    lines = imports.lines()
    assert lines[:2] == [_FUTURE_IMPORT, ""], "Imports.lines() starts with the __future__ import"
    return ModuleView(imports=tuple(lines[2:]), units=tuple(units))
