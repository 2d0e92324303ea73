"""Changes -> the plain-text report for people and the JSON report for machines."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby

from generator.diff.changes import Change


@dataclass(frozen=True)
class PackageDiff:
    old: str  # labels: folders, or REV:path
    new: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> int:
        return sum(change.breaking for change in self.changes)


def text_report(diffs: list[PackageDiff]) -> str:
    lines: list[str] = []
    for diff in diffs:
        lines.append(f"--- {diff.old}")
        lines.append(f"+++ {diff.new}")
        if not diff.changes:
            lines.append("no changes")
        for model, group in groupby(diff.changes, key=lambda c: c.model):
            lines.append(model)
            for change in group:
                mark = "BREAKING " if change.breaking else "         "
                subject = f"{change.field}: " if change.field is not None else ""
                lines.append(f"  {mark}{subject}{change.message}")
        if diff.changes:
            lines.append(f"{len(diff.changes)} change(s), {diff.breaking} breaking")
    return "\n".join(lines) + "\n"


def json_report(diffs: list[PackageDiff]) -> str:
    document = {
        "packages": [
            {"old": d.old, "new": d.new, "breaking": d.breaking, "changes": [c.as_json() for c in d.changes]}
            for d in diffs
        ],
        "breaking": sum(d.breaking for d in diffs),
    }
    return json.dumps(document, indent=2) + "\n"
