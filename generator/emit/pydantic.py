"""One module of the Pydantic target: BaseModel classes, enums, type aliases.

Scalars are Pydantic's strict types, so "123" is not an int. Where even those
are lax about JSON types (a literal or int enum takes `true` for 1 and "1" for
1; a datetime takes a number), the type is wrapped in a validator of the
package's runtime module (generator/runtime/pydantic_runtime.py), so the models
accept what the JSON Schema and the dataclasses accept. A union tagged by its
members' literal field (resolve/tags.py) is discriminated on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.common import build_module, deprecation_decorator, field_annotation
from generator.emit.context import ModuleContext
from generator.emit.types import TypeSpeller
from generator.emit.views import FieldView, ModelView, ModuleView
from generator.ir.nodes import Field, ObjectModel
from generator.ir.spelling import pydantic_uses_field
from generator.ir.types import LiteralValue, Ref, Tag, UnionOf
from generator.layout import syntax
from generator.layout.doc import Doc
from generator.layout.pyexpr import py_string


@dataclass
class PydanticTypes(TypeSpeller):
    def base(self, name: str) -> str:
        if name in ("date", "datetime"):
            return f"{self.ctx.runtime()}.{'Date' if name == 'date' else 'DateTime'}"
        spelled = super().base(name)
        return self.ctx.imports.name("pydantic", spelled) if spelled.startswith("Strict") else spelled

    def literal(self, values: tuple[LiteralValue, ...]) -> list[Doc]:
        parts = super().literal(values)
        if all(isinstance(v, str) or v is None for v in values):
            return parts
        return [syntax.subscript(f"{self.ctx.runtime()}.Exact", [syntax.union(parts)])]

    def ref(self, target: str) -> Doc:
        name = super().ref(target)
        return syntax.subscript(f"{self.ctx.runtime()}.Exact", [name]) if self.ctx.interface(target).int_enum else name

    def union(self, expr: UnionOf) -> list[Doc]:
        if expr.tag is None:
            return super().union(expr)
        return [self._discriminated(expr, expr.tag)]

    def _discriminated(self, expr: UnionOf, tag: Tag) -> Doc:
        typing = self.ctx.imports.module("typing", "_t")
        pydantic = self.ctx.imports.module("pydantic", "_p")

        def annotated(annotation: Doc, marker: str, argument: Doc) -> Doc:  # `_t.Annotated[X, _p.Tag("a")]`
            return syntax.subscript(
                f"{typing}.Annotated", [annotation, syntax.call(f"{pydantic}.{marker}", [argument])]
            )

        members = [self.spell(m) for m in expr.members]
        if tag.required and tag.attribute and all(isinstance(v, str) for _, v, _ in tag.members):
            return annotated(syntax.union(members), "Discriminator", py_string(tag.attribute))
        # Where a member may leave the tag out, a callable discriminator keeps the union's
        # acceptance: a payload without the tag goes to the members that do not require it.
        tags = [str(value) for _, value, _ in tag.members]
        untagged = next(t for t in ("", "_", "__", "untagged") if t not in tags)
        optional = {name for name, _, required in tag.members if not required}
        choices = [annotated(member, "Tag", py_string(t)) for member, t in zip(members, tags)]
        if optional:
            rest = [self.spell(m) for m in expr.members if isinstance(m, Ref) and m.target in optional]
            choices.append(annotated(syntax.union(rest), "Tag", py_string(untagged)))
        args = [py_string(tag.key), py_string(tag.attribute), py_string(untagged) if optional else "None"]
        return annotated(syntax.union(choices), "Discriminator", syntax.call(f"{self.ctx.runtime()}.tag_of", args))


def _field(types: TypeSpeller, field: Field) -> FieldView:
    args: list[tuple[str, Doc]] = []
    if not field.required:
        args.append(("default", "None"))
    if field.wire_name != field.py_name:
        args.append(("alias", py_string(field.wire_name)))
    if field.description:
        args.append(("description", py_string(field.description)))
    if field.deprecated:
        args.append(("deprecated", py_string(field.deprecation) if field.deprecation else "True"))
    default: Doc | None = None
    if pydantic_uses_field(field):
        default = syntax.call(types.ctx.imports.name("pydantic", "Field"), kwargs=args)
    elif not field.required:
        default = "None"
    return FieldView(statement=syntax.annassign(field.py_name, field_annotation(types, field), default))


def _model(types: TypeSpeller, model: ObjectModel) -> ModelView:
    imports = types.ctx.imports
    config_args: list[tuple[str, Doc]] = []
    if any(f.wire_name != f.py_name for f in model.fields):
        config_args.append(("populate_by_name", "True"))
    if model.extra_allowed:
        config_args.append(("extra", py_string("allow")))
    if any(f.py_name.startswith("model_") for f in model.fields):
        # Field names like `model_dump_` are the doc's; Pydantic would warn they look like its own.
        config_args.append(("protected_namespaces", "()"))
    config: tuple[Doc, ...] = ()
    if config_args:
        config = (
            syntax.assign("model_config", syntax.call(imports.name("pydantic", "ConfigDict"), kwargs=config_args)),
        )
    fields = tuple(_field(types, f) for f in model.fields)
    return ModelView(
        name=model.local_name,
        header=syntax.class_(model.local_name, [imports.name("pydantic", "BaseModel")]),
        doc=model.description or None,
        fields=fields,
        decorators=(deprecation_decorator(types.ctx, model),) if model.deprecated else (),
        config=config,
    )


def pydantic_module(ctx: ModuleContext, docstring: str) -> ModuleView:
    types = PydanticTypes("pydantic", ctx)
    return build_module(types, docstring, lambda model: _model(types, model))
