"""One change between two spec versions, and which kinds of change can break a consumer.

The rule behind "breaking": data or code that worked with the models generated
from the old spec can fail with the new ones. So anything that narrows what a
model accepts or offers breaks (a field or model removed, a type narrowed or
changed, a field made required or non-nullable, an enum value or union member
removed); anything that widens it does not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# kind -> (message template, breaking)
KINDS: dict[str, tuple[str, bool]] = {
    "model-added": ("model added", False),
    "model-removed": ("model removed", True),
    "model-kind-changed": ("changed from {old} to {new}", True),
    "field-added": ("field added: {new}", False),
    "required-field-added": ("required field added: {new}", True),
    "field-removed": ("field removed (was {old})", True),
    "type-changed": ("type changed: {old} -> {new}", True),
    "type-narrowed": ("type narrowed: {old} -> {new}", True),
    "type-widened": ("type widened: {old} -> {new}", False),
    "type-equivalent": ("type renamed, same shape: {old} -> {new}", False),
    "made-required": ("now required", True),
    "made-optional": ("now optional", False),
    "made-nullable": ("now nullable", False),
    "made-non-nullable": ("no longer nullable", True),
    "enum-value-added": ("enum value added: {new}", False),
    "enum-value-removed": ("enum value removed: {old}", True),
    "enum-opened": ("enum now accepts values it does not list", False),
    "enum-closed": ("enum no longer accepts values it does not list", True),
    "union-member-added": ("union member added: {new}", False),
    "union-member-removed": ("union member removed: {old}", True),
}


@dataclass(frozen=True)
class Change:
    model: str  # the definition's title
    field: str | None  # the field's documented name, for field changes
    kind: str  # a key of KINDS
    old: str | None = None  # the old type, value or kind, rendered
    new: str | None = None

    @property
    def breaking(self) -> bool:
        return KINDS[self.kind][1]

    @property
    def message(self) -> str:
        return KINDS[self.kind][0].format(old=self.old, new=self.new)

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "breaking": self.breaking, "message": self.message}
