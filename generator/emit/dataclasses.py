"""One module of the dataclass target: classes with from_dict, enums, aliases with loaders.

from_dict checks what it loads as strictly as the Pydantic models do, so the two
accept and reject the same payloads. It reads each field with a loader: a small
combinator of the package's runtime module (generator/runtime/dataclass_runtime.py),
a model's from_dict, an enum's member lookup, or the loader written beside an
alias (`_load_Name`). A union tagged by its members' literal field picks its
member by the tag before trying others. to_dict is the runtime's, driven by
each class's `_wire` table.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.common import alias_view, build_module, deprecation_decorator, field_annotation, field_doc, tagged
from generator.emit.context import ModuleContext
from generator.emit.types import TypeSpeller
from generator.emit.views import DataclassView, FieldView, FunctionView, ModuleView, Unit
from generator.ir.aliases import alias_type
from generator.ir.nodes import Definition, Field, ObjectModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf
from generator.layout import syntax
from generator.layout.doc import Doc
from generator.layout.pyexpr import py_literal, py_string

LOADER_PREFIX = "_load_"


@dataclass
class Loaders:
    """Loader expressions: a callable (value, path) -> the loaded value."""

    ctx: ModuleContext

    def of(self, expr: TypeExpr) -> Doc:
        rt = self.ctx.runtime()
        if isinstance(expr, Primitive):
            return f"{rt}.load_{expr.name}"
        if isinstance(expr, ListOf):
            return syntax.call(f"{rt}.list_", [self.of(expr.item)])
        if isinstance(expr, MapOf):
            return syntax.call(f"{rt}.dict_", [self.of(expr.value)])
        if isinstance(expr, LiteralOf):
            return syntax.call(f"{rt}.literal", [py_literal(v) for v in expr.values])
        if isinstance(expr, UnionOf):
            if expr.tag is not None:
                return tagged(rt, expr, self.of)
            return syntax.call(f"{rt}.union", [self.of(m) for m in expr.members])
        if isinstance(expr, Nullable):
            return syntax.call(f"{rt}.nullable", [self.of(expr.inner)])
        if isinstance(expr, Ref):
            assert expr.target is not None
            other = self.ctx.interface(expr.target)
            if other.kind == "model":
                return f"{self.ctx.name_of(expr.target)}.from_dict"
            if other.enum_class:
                return syntax.call(f"{rt}.enum_member", [self.ctx.name_of(expr.target)])
            return self.ctx.beside(expr.target, LOADER_PREFIX)
        raise TypeError(f"unknown type node {expr!r}")


def _field_load(loaders: Loaders, field: Field) -> Doc:
    rt = loaders.ctx.runtime()
    if not field.required:  # optional() takes an absent key and null alike
        load = loaders.of(field.type.inner if isinstance(field.type, Nullable) else field.type)
        return syntax.call(f"{rt}.optional", ["obj", py_string(field.wire_name), "path", load])
    load = loaders.of(field.type)
    if field.nullable and not isinstance(field.type, Nullable):
        load = syntax.call(f"{rt}.nullable", [load])
    return syntax.call(f"{rt}.required", ["obj", py_string(field.wire_name), "path", load])


def _model(types: TypeSpeller, loaders: Loaders, model: ObjectModel) -> DataclassView:
    ctx = types.ctx
    rt = ctx.runtime()
    typing = ctx.imports.module("typing", "_t")
    dataclasses = ctx.imports.module("dataclasses", "_dataclasses")
    fields = tuple(
        FieldView(syntax.annassign(f.py_name, field_annotation(types, f), None if f.required else "None"), field_doc(f))
        for f in model.fields
    )
    extra = None
    if model.extra_name:
        factory = syntax.call(f"{dataclasses}.field", kwargs=[("default_factory", "dict")])
        extra = syntax.annassign(model.extra_name, syntax.subscript("dict", ["str", f"{typing}.Any"]), factory)
    rows = [syntax.tuple_([py_string(f.py_name), py_string(f.wire_name), str(f.required)]) for f in model.fields]
    table = [syntax.assign("_wire", syntax.tuple_(rows))]
    kwargs: list[tuple[str, Doc]] = [(f.py_name, _field_load(loaders, f)) for f in model.fields]
    if model.extra_name:
        table.append(syntax.assign("_extra", py_string(model.extra_name)))
        kwargs.append((model.extra_name, syntax.call(f"{rt}.extras", ["obj", "cls"])))
    kwargs.append(("_fields_set", syntax.call(f"{rt}.seen", ["obj", "cls"])))
    decorators: list[Doc] = [syntax.decorator(syntax.call(f"{dataclasses}.dataclass", kwargs=[("kw_only", "True")]))]
    if model.deprecated:
        decorators.insert(0, deprecation_decorator(ctx, model))
    params = [syntax.param("cls"), syntax.param("data", f"{typing}.Any"), syntax.param("path", "str", py_string("$"))]
    return DataclassView(
        name=model.local_name,
        header=syntax.class_(model.local_name, [f"{rt}.Model"]),
        doc=model.description or None,
        fields=fields,
        decorators=tuple(decorators),
        extra=extra,
        table=tuple(table),
        from_dict=syntax.def_("from_dict", params, model.local_name),
        load=(
            syntax.assign("obj", syntax.call(f"{rt}.object_", ["data", "path"])),
            syntax.return_(syntax.call("cls", kwargs=kwargs)),
        ),
    )


def _alias_loader(loaders: Loaders, definition: Definition) -> FunctionView:
    name = LOADER_PREFIX + definition.local_name
    typing = loaders.ctx.imports.module("typing", "_t")
    header = syntax.def_(name, [syntax.param("value", "object"), syntax.param("path", "str")], f"{typing}.Any")
    body = (
        syntax.assign("load", loaders.of(alias_type(definition))),
        syntax.return_(syntax.call("load", ["value", "path"])),
    )
    return FunctionView(name=name, header=header, body=body)


def dataclass_module(ctx: ModuleContext, docstring: str) -> ModuleView:
    types = TypeSpeller("dataclasses", ctx)
    loaders = Loaders(ctx)

    def alias(definition: Definition, cyclic: frozenset[str]) -> list[Unit]:
        # Each alias gets a loader beside it (functions resolve names late, so order is free).
        return [alias_view(types, definition, cyclic), _alias_loader(loaders, definition)]

    return build_module(types, docstring, lambda model: _model(types, loaders, model), alias)
