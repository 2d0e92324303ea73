"""Overrides: what the docs cannot carry, put back by the user, on the IR right after parsing.

The docs lose information the SDKs have: a required `Nullable[List[...]]` is
written like a plain list, a wire key that differs from the Python name is not
shown, an enum that is open in the SDK is not marked. `[tool.docmodels.packages.overrides]`
says it once, outside the upstream docs (which the next update overwrites), and
every target and `docmodels diff` see it because it is applied here, before
anything else reads the definitions.

An override naming a title or field the docs do not have is an error (a stale
override must not pass silently); one that changes nothing is a warning.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, SpecError
from generator.ir.nodes import Definition, EnumModel, ObjectModel, evolve
from generator.mode import Override

# The settings of an Override that change a field, each named as the Field attribute it sets.
_FIELD_SETTINGS = ("type", "nullable", "required", "wire_name")


def apply_overrides(
    definitions: list[Definition], overrides: tuple[Override, ...], warnings: list[Diagnostic]
) -> list[Definition]:
    out = list(definitions)
    for override in overrides:
        title, _, field = override.target.partition(".")
        matches = [i for i, d in enumerate(out) if d.title == title]
        if not matches:
            raise _refused(override, f"no doc has the title {title!r}")
        changed = False
        for i in matches:
            new = _field_override(out[i], field, override) if field else _definition_override(out[i], override)
            changed |= new != out[i]
            out[i] = new
        if not changed:
            warnings.append(
                Diagnostic(
                    override.origin,
                    override.line,
                    f"override {override.target!r} changes nothing: the docs already say so",
                )
            )
    return out


def _refused(override: Override, problem: str) -> SpecError:
    return SpecError(override.origin, override.line, f"override {override.target!r}: {problem}")


def _definition_override(definition: Definition, override: Override) -> Definition:
    if not isinstance(definition, EnumModel):
        raise _refused(
            override, "only an enum takes settings of its own (open); a model's go on its fields ('Title.field')"
        )
    if any(getattr(override, setting) is not None for setting in _FIELD_SETTINGS):
        raise _refused(override, "an enum takes only `open`")
    return definition if override.open is None else evolve(definition, open=override.open)


def _field_override(definition: Definition, name: str, override: Override) -> Definition:
    if not isinstance(definition, ObjectModel):
        raise _refused(override, f"{definition.title!r} has no fields")
    if override.open is not None:
        raise _refused(override, "`open` is for an enum ('Title')")
    index = next((i for i, f in enumerate(definition.fields) if f.name == name), None)
    if index is None:
        known = ", ".join(repr(f.name) for f in definition.fields[:20])
        raise _refused(override, f"{definition.title!r} has no field {name!r} (it has {known})")
    changes = {setting: value for setting in _FIELD_SETTINGS if (value := getattr(override, setting)) is not None}
    field = evolve(definition.fields[index], **changes)
    return evolve(definition, fields=(*definition.fields[:index], field, *definition.fields[index + 1 :]))
