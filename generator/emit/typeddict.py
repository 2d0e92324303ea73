"""One module of the TypedDict target: plain JSON data keyed by wire names.

Enums are Literal aliases here: a TypedDict describes plain JSON data.

The module has no `from __future__ import annotations`: at run time (Python
3.11) a TypedDict sees `NotRequired` only in an annotation that is evaluated,
not in a string. So annotations are real expressions, and only the part that
names a definition (which may come later in the module) is quoted:
`NotRequired["list[Pet]"]`.
"""

from __future__ import annotations

import keyword

from generator.emit.common import build_module, field_doc
from generator.emit.context import ModuleContext
from generator.emit.types import TypeSpeller
from generator.emit.views import AliasView, FieldView, ModelView, ModuleView, Unit
from generator.ir.nodes import Field, ObjectModel
from generator.ir.types import Nullable, TypeExpr, refs_of
from generator.layout import syntax
from generator.layout.doc import Doc, flat
from generator.layout.pyexpr import py_string


def _type(types: TypeSpeller, expr: TypeExpr) -> Doc:
    spelled = types.spell(expr)
    return py_string(flat(spelled)) if refs_of(expr) else spelled


def _annotation(types: TypeSpeller, field: Field) -> Doc:
    expr = Nullable(field.type) if field.nullable and not isinstance(field.type, Nullable) else field.type
    inner = _type(types, expr)
    if not field.required:
        return syntax.subscript(types.ctx.imports.name("typing", "NotRequired"), [inner])
    return inner


def _class_form_ok(model: ObjectModel) -> bool:
    """Class syntax needs keys that are identifiers, not keywords, and not private
    names (which Python would mangle); no key is bound in the class body, so a key
    named like a type shadows nothing."""
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
        parts.append(f"Deprecated: {model.deprecation or f'{model.title} is deprecated.'}")
    keys = [f"- {f.wire_name}: {f.description}" for f in model.fields if f.description]
    if keys and not class_form:
        parts.append("Keys:\n\n" + "\n".join(keys))
    return "\n\n".join(parts) if parts else None


def _model(types: TypeSpeller, model: ObjectModel) -> Unit:
    typed_dict = types.ctx.imports.name("typing", "TypedDict")
    if _class_form_ok(model):
        fields = tuple(
            FieldView(syntax.annassign(f.wire_name, _annotation(types, f)), field_doc(f)) for f in model.fields
        )
        return ModelView(
            name=model.local_name,
            header=syntax.class_(model.local_name, [typed_dict]),
            doc=_class_doc(model, True),
            fields=fields,
        )
    keys = syntax.dict_([(py_string(f.wire_name), _annotation(types, f)) for f in model.fields])
    statement = syntax.assign(model.local_name, syntax.call(typed_dict, [py_string(model.local_name), keys]))
    return AliasView(name=model.local_name, statement=statement, doc=_class_doc(model, False))


def typeddict_module(ctx: ModuleContext, docstring: str) -> ModuleView:
    types = TypeSpeller("typeddict", ctx)
    ctx.imports.future = False
    # Enums too are aliases (of Literal) here.
    return build_module(types, docstring, lambda model: _model(types, model), enum_classes=False)
