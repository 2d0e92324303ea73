"""[tool.docmodels] in pyproject.toml -> the spec packages to generate."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import SpecError
from generator.mode import TARGETS, WIRE_NAME_STYLES, Mode

_PACKAGE_KEYS = {"spec", "output", "wire_names", "strict", "formats", "templates"}
_TOP_KEYS = {"packages"}


@dataclass(frozen=True)
class PackageConfig:
    spec: Path
    output: Path
    mode: Mode


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def make_mode(where: str, line: int, wire_names: str = "as-documented", strict: bool = False,
              formats: list[str] | tuple[str, ...] = TARGETS, templates: str | None = None) -> Mode:
    if wire_names not in WIRE_NAME_STYLES:
        raise SpecError(where, line, f"wire_names must be one of {', '.join(WIRE_NAME_STYLES)}, not {wire_names!r}")
    unknown = [f for f in formats if f not in TARGETS]
    if unknown:
        raise SpecError(where, line, f"unknown format {unknown[0]!r}: formats are {', '.join(TARGETS)}")
    return Mode(wire_names=wire_names, strict=bool(strict), targets=tuple(formats), templates_dir=templates)


def load_config(pyproject: Path) -> list[PackageConfig]:
    where = str(pyproject)
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(where, 1, f"cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(where, getattr(exc, "lineno", 1) or 1, f"invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("docmodels")
    if section is None:
        raise SpecError(where, 1, "no [tool.docmodels] section: give SPEC_DIR and -o OUT_DIR, or add one")
    for key in section:
        if key not in _TOP_KEYS:
            raise SpecError(where, _line_of(text, key), f"unknown key {key!r} in [tool.docmodels]")
    base = pyproject.parent
    packages = []
    for entry in section.get("packages", []):
        line = _line_of(text, str(entry.get("spec", "[[tool.docmodels.packages]]")))
        for key in entry:
            if key not in _PACKAGE_KEYS:
                raise SpecError(where, _line_of(text, key), f"unknown key {key!r} in [[tool.docmodels.packages]]")
        if "spec" not in entry or "output" not in entry:
            raise SpecError(where, line, "each [[tool.docmodels.packages]] needs 'spec' and 'output'")
        templates = entry.get("templates")
        mode = make_mode(
            where, line,
            wire_names=entry.get("wire_names", "as-documented"),
            strict=entry.get("strict", False),
            formats=entry.get("formats", TARGETS),
            templates=str(base / templates) if templates else None,
        )
        packages.append(PackageConfig(spec=base / entry["spec"], output=base / entry["output"], mode=mode))
    if not packages:
        raise SpecError(where, _line_of(text, "[tool.docmodels"), "[tool.docmodels] lists no packages")
    return packages
