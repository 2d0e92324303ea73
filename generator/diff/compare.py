"""Two resolved spec packages -> the list of changes between them, in a stable order."""

from __future__ import annotations

from generator.diff.changes import Change
from generator.diff.relation import Relation
from generator.diff.side import Side, definition_kind, render, render_field, render_value
from generator.ir.nodes import Definition, EnumModel, ObjectModel, SpecPackage, UnionModel
from generator.ir.types import UnionOf


def compare_packages(old: SpecPackage, new: SpecPackage) -> list[Change]:
    before, after = Side.of(old), Side.of(new)
    relation = Relation(before, after)
    old_models, new_models = before.models(), after.models()
    changes: list[Change] = []
    for key in sorted(old_models.keys() | new_models.keys()):
        if key not in new_models:
            changes.append(Change(key, None, "model-removed"))
        elif key not in old_models:
            changes.append(Change(key, None, "model-added"))
        else:
            changes.extend(_compare_definition(key, old_models[key], new_models[key], relation))
    return changes


def _compare_definition(key: str, old: Definition, new: Definition, relation: Relation) -> list[Change]:
    if isinstance(old, ObjectModel) and isinstance(new, ObjectModel):
        return _compare_objects(key, old, new, relation)
    if isinstance(old, EnumModel) and isinstance(new, EnumModel):
        return _compare_enums(key, old, new)
    if isinstance(old, UnionModel) and isinstance(new, UnionModel):
        return _compare_unions(key, old, new, relation)
    return [Change(key, None, "model-kind-changed", definition_kind(old), definition_kind(new))]


def _compare_objects(key: str, old: ObjectModel, new: ObjectModel, relation: Relation) -> list[Change]:
    before, after = relation.a, relation.b
    new_fields = {f.name: f for f in new.fields}
    old_names = {f.name for f in old.fields}
    changes: list[Change] = []
    for field in old.fields:
        if field.name not in new_fields:
            changes.append(Change(key, field.name, "field-removed", old=render_field(field, before)))
            continue
        now = new_fields[field.name]
        kind = relation.classify(field.type, now.type)
        if kind is not None:
            changes.append(Change(key, field.name, kind, render(field.type, before), render(now.type, after)))
        if field.required != now.required:
            changes.append(Change(key, field.name, "made-required" if now.required else "made-optional"))
        if field.nullable != now.nullable:
            changes.append(Change(key, field.name, "made-nullable" if now.nullable else "made-non-nullable"))
    for field in new.fields:
        if field.name not in old_names:
            kind = "required-field-added" if field.required else "field-added"
            changes.append(Change(key, field.name, kind, new=render_field(field, after)))
    return changes


def _compare_enums(key: str, old: EnumModel, new: EnumModel) -> list[Change]:
    old_values = [(type(m.value), m.value) for m in old.members]
    new_values = [(type(m.value), m.value) for m in new.members]
    changes = [
        Change(key, None, "enum-value-removed", old=render_value(v)) for t, v in old_values if (t, v) not in new_values
    ]
    changes += [
        Change(key, None, "enum-value-added", new=render_value(v)) for t, v in new_values if (t, v) not in old_values
    ]
    if old.open != new.open:
        changes.append(Change(key, None, "enum-opened" if new.open else "enum-closed"))
    return changes


def _compare_unions(key: str, old: UnionModel, new: UnionModel, relation: Relation) -> list[Change]:
    before, after = relation.a, relation.b
    changes: list[Change] = []
    for member in old.members:
        # A member that still fits the new union was only merged or renamed: widening, reported as added below.
        gone = not any(relation.identical(member, m) for m in new.members)
        if gone and not relation.fits(member, UnionOf(new.members)):
            changes.append(Change(key, None, "union-member-removed", old=render(member, before)))
    for member in new.members:
        if not any(relation.identical(m, member) for m in old.members):
            changes.append(Change(key, None, "union-member-added", new=render(member, after)))
    return changes
