"""Unions that are tagged in all but name: the one place tags are inferred.

The docs never say "discriminator", but a union whose members are object
models that each carry a field of the same key typed as a single literal of
its own (`type: Literal["text"]`, `Literal["image_url"]`...) is one: a payload's
tag names the member it must be. Every target reads the tag from the IR:
Pydantic discriminates on it, msgspec tags its Structs with it, the dataclass
loader picks the member by it before trying others.

Kept out: unions with a member that is not an object model (a string, a list,
another union), a tag that may be null, or values that are not strings or
integers (msgspec tags only those).
"""

from __future__ import annotations

from generator.ir.nodes import Definition, EnumModel, ObjectModel, UnionModel, evolve
from generator.ir.types import LiteralOf, LiteralValue, Nullable, Ref, Tag, TypeExpr, UnionOf, make_union, map_types


def _tag_value(expr: TypeExpr, enums: dict[str, EnumModel]) -> str | int | None:
    """The one string or integer a type allows: a single literal, or a closed enum of one value
    (Speakeasy writes `kind: models.Kind` with a one-value enum doc)."""
    values: tuple[LiteralValue, ...] = ()
    if isinstance(expr, Ref) and expr.target in enums:
        enum = enums[expr.target]
        values = () if enum.open else tuple(m.value for m in enum.members)
    elif isinstance(expr, LiteralOf):
        values = expr.values
    if len(values) == 1 and isinstance(values[0], (str, int)) and not isinstance(values[0], bool):
        return values[0]
    return None


def union_tag(members: tuple[TypeExpr, ...], models: dict[str, ObjectModel], enums: dict[str, EnumModel]) -> Tag | None:
    targets = [m.target for m in members if isinstance(m, Ref) and m.target and m.target in models]
    if len(targets) != len(members) or len(members) < 2:
        return None
    # Each model's fields that hold one string or integer value and may not be null.
    literal_fields = [
        {
            f.wire_name: (f, v)
            for f in models[t].fields
            if not f.nullable and (v := _tag_value(f.type, enums)) is not None
        }
        for t in targets
    ]
    first = models[targets[0]]
    for key in (f.wire_name for f in first.fields if f.wire_name in literal_fields[0]):
        if not all(key in fields for fields in literal_fields):
            continue
        found = [fields[key] for fields in literal_fields]
        values = [value for _, value in found]
        # Distinct values of one type: "1" and 1 would read alike as a tag.
        if len(set(values)) != len(values) or len({type(v) for v in values}) != 1:
            continue
        attributes = {f.py_name for f, _ in found}
        return Tag(
            key=key,
            attribute=attributes.pop() if len(attributes) == 1 else "",
            members=tuple((t, v, f.required) for t, (f, v) in zip(targets, found)),
        )
    return None


def infer_tags(definitions: list[Definition]) -> list[Definition]:
    models = {d.py_name: d for d in definitions if isinstance(d, ObjectModel)}
    enums = {d.py_name: d for d in definitions if isinstance(d, EnumModel)}
    # Each member of a tagged union carries its tag (msgspec writes it in the class): the first
    # union that tags it, in definition order, names the key.
    member_tags: dict[str, tuple[str, str | int]] = {}

    def tag_of(members: tuple[TypeExpr, ...]) -> Tag | None:
        tag = union_tag(members, models, enums)
        if tag is not None:
            for member, value, _ in tag.members:
                assert isinstance(value, (str, int)) and not isinstance(value, bool)
                member_tags.setdefault(member, (tag.key, value))
        return tag

    def tag_inline(expr: TypeExpr) -> TypeExpr:
        if isinstance(expr, UnionOf) and expr.tag is None and (tag := tag_of(expr.members)):
            return evolve(expr, tag=tag)
        return expr

    tagged: list[Definition] = []
    for definition in definitions:
        if isinstance(definition, ObjectModel):
            types = [map_types(f.type, tag_inline) for f in definition.fields]
            if any(new is not f.type for new, f in zip(types, definition.fields)):
                fields = tuple(evolve(f, type=new) for f, new in zip(definition.fields, types))
                definition = evolve(definition, fields=fields)
        elif isinstance(definition, UnionModel):
            union = make_union(list(definition.members))
            inner = union.inner if isinstance(union, Nullable) else union
            if isinstance(inner, UnionOf):
                definition = evolve(definition, tag=tag_of(inner.members))
        tagged.append(definition)
    return [evolve(d, member_tag=member_tags.get(d.py_name)) if isinstance(d, ObjectModel) else d for d in tagged]
