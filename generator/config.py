"""[tool.docmodels] in pyproject.toml -> the spec packages to generate.

    [[tool.docmodels.packages]]
    spec = "specs/petstore"          # folder of Markdown model docs
    output = "petstore_models"       # package folder to write
    formats = ["pydantic", "jsonschema"]   # default: all targets
    strict = true                    # unresolved references are errors
    wire_names = "snake_case"        # as-documented | snake_case | camelCase
    templates = "templates/docmodels"      # *.jinja here override the built-in ones

Paths are relative to the pyproject.toml. Every error names the file and line (with no
pyproject.toml at all, the folder it was looked for from, and every folder searched).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from generator.diagnostics import SpecError
from generator.ir.types import Nullable, TypeExpr
from generator.mode import TARGETS, WIRE_NAME_STYLES, Mode, Override

SETTING_TYPES = {
    "spec": str,
    "output": str,
    "formats": list,
    "strict": bool,
    "wire_names": str,
    "templates": str,
    "select": list,
}
PACKAGE_KEYS = (*SETTING_TYPES, "overrides")
OVERRIDE_KEYS = {"wire_name": str, "nullable": bool, "required": bool, "type": str, "open": bool}
TOP_KEYS = ("packages",)
_PACKAGE_HEADER = re.compile(r"^\s*\[\[\s*tool\.docmodels\.packages\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class PackageConfig:
    spec: Path
    output: Path
    mode: Mode
    origin: str = "<command line>"  # where the package was configured, for messages
    line: int = 1


def make_mode(
    where: str,
    line: int | Callable[[str], int],  # or the line of each setting
    wire_names: str = "as-documented",
    strict: bool = False,
    formats: list[str] | tuple[str, ...] = TARGETS,
    templates: str | None = None,
    select: list[str] | tuple[str, ...] = (),
) -> Mode:

    def fail(setting: str, message: str) -> NoReturn:
        raise SpecError(where, line(setting) if callable(line) else line, message)

    if wire_names not in WIRE_NAME_STYLES:
        fail("wire_names", f"wire_names must be one of {', '.join(WIRE_NAME_STYLES)}, not {wire_names!r}")
    unknown = [f for f in formats if f not in TARGETS]
    if unknown:
        fail("formats", f"unknown format {unknown[0]!r}: formats are {', '.join(TARGETS)}")
    if not formats:
        fail("formats", f"formats is empty: list one or more of {', '.join(TARGETS)}")
    if templates is not None and not Path(templates).is_dir():
        fail("templates", f"templates folder {templates} does not exist")
    if any(not isinstance(title, str) or not title for title in select):
        fail("select", "select lists titles: non-empty strings")
    return Mode(
        wire_names=wire_names,
        strict=bool(strict),
        targets=tuple(dict.fromkeys(formats)),
        templates_dir=templates,
        select=tuple(dict.fromkeys(select)),
    )


@dataclass(frozen=True)
class _Locator:
    """Line numbers for keys of the n-th [[tool.docmodels.packages]] table."""

    lines: tuple[str, ...]

    def tables(self) -> list[int]:
        return [n for n, line in enumerate(self.lines, 1) if _PACKAGE_HEADER.match(line)]

    def section(self) -> int:
        return next((n for n, line in enumerate(self.lines, 1) if "tool.docmodels" in line), 1)

    def key_line(self, key: str, table: int | None, subtables: bool = False) -> int:
        """The line `key = ...` is on: at the start of a line of the given table, or with `subtables`
        anywhere up to the next package (an overrides subtable's quoted keys); else anywhere below
        [tool.docmodels]. The table's line when there is none."""
        starts = self.tables()
        within = table is not None and table < len(starts)
        first = starts[table] if table is not None and within else self.section()
        end = (_PACKAGE_HEADER if subtables else _TABLE_HEADER) if within else None
        lead = r"^\s*" if within and not subtables else r"(^|[\s{,])"
        pattern = re.compile(lead + rf"[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(first, len(self.lines) + 1):
            if n > first and end is not None and end.match(self.lines[n - 1]):
                break
            if pattern.search(self.lines[n - 1]):
                return n
        return first


def _no_unknown_keys(
    table: dict[str, Any], known: tuple[str, ...], name: str, where: str, line_of: Callable[[str], int]
) -> None:
    for key in table:
        if key not in known:
            raise SpecError(where, line_of(key), f"unknown key {key!r} in {name} (known: {', '.join(known)})")


def _expect(value: Any, kind: type, what: str, where: str, line: int) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise SpecError(where, line, f"{what} has the wrong type ({type(value).__name__})")


def _package(entry: Any, index: int, base: Path, where: str, locate: _Locator) -> PackageConfig:
    tables = locate.tables()
    table_line = tables[index] if index < len(tables) else locate.section()
    if not isinstance(entry, dict):
        raise SpecError(where, table_line, "each entry of tool.docmodels.packages must be a table")
    _no_unknown_keys(entry, PACKAGE_KEYS, "[[tool.docmodels.packages]]", where, lambda key: locate.key_line(key, index))
    for key in ("spec", "output"):
        if key not in entry:
            raise SpecError(where, table_line, f"[[tool.docmodels.packages]] needs {key!r}")
    for key, kind in SETTING_TYPES.items():
        if key in entry:
            _expect(entry[key], kind, repr(key), where, locate.key_line(key, index))
    for item in entry.get("formats", []):
        _expect(item, str, "each of 'formats'", where, locate.key_line("formats", index))
    templates = str(base / entry["templates"]) if "templates" in entry else None
    mode = make_mode(
        where,
        lambda setting: table_line if setting == "select" else locate.key_line(setting, index),  # a message's line
        wire_names=entry.get("wire_names", "as-documented"),
        strict=entry.get("strict", False),
        formats=entry.get("formats", TARGETS),
        templates=templates,
        select=entry.get("select", ()),
    )
    if "overrides" in entry:
        mode = dataclasses.replace(mode, overrides=_overrides(entry["overrides"], index, where, locate))
    return PackageConfig(
        spec=base / entry["spec"],
        output=base / entry["output"],
        mode=mode,
        origin=where,
        line=locate.key_line("output", index),
    )


def _overrides(table: Any, index: int, where: str, locate: _Locator) -> tuple[Override, ...]:
    """`"Title.field" = { nullable = true }`, `"Title" = { open = true }`: see resolve/overrides.py."""
    from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type

    _expect(table, dict, "'overrides'", where, locate.key_line("overrides", index))
    out = []
    for target, settings in table.items():
        line = locate.key_line(target, index, subtables=True)
        title, _, field = target.partition(".")
        if not title or (field == "" and target.endswith(".")):
            raise SpecError(where, line, f"override {target!r}: name a 'Title' or a 'Title.field'")
        _expect(settings, dict, f"override {target!r}", where, line)
        for key, value in settings.items():
            if key not in OVERRIDE_KEYS:
                raise SpecError(
                    where, line, f"override {target!r}: unknown setting {key!r} (known: {', '.join(OVERRIDE_KEYS)})"
                )
            _expect(value, OVERRIDE_KEYS[key], f"override {target!r}: {key!r}", where, line)
        nullable = settings.get("nullable")
        expr: TypeExpr | None = None
        if "type" in settings:
            try:
                parsed = parse_type([(settings["type"], None)])
            except TypeSyntaxError as exc:
                raise SpecError(where, line, f"override {target!r}: type: {exc}") from None
            # `Nullable[...]` or `T | null` (as a doc's cell reads) in the type says nullable,
            # unless `nullable` says otherwise
            if isinstance(parsed, Wrapped):
                nullable = parsed.nullable if nullable is None else nullable
                parsed = parsed.inner
            if isinstance(parsed, Nullable):
                nullable = True if nullable is None else nullable
                parsed = parsed.inner
            expr = parsed
        out.append(
            Override(
                target=target,
                wire_name=settings.get("wire_name"),
                nullable=nullable,
                required=settings.get("required"),
                type=expr,
                open=settings.get("open"),
                origin=where,
                line=line,
            )
        )
    return tuple(out)


class NoPyprojectError(SpecError):
    """No pyproject.toml to read: the place is a folder, so the message has no line number."""

    def __init__(self, folder: Path, message: str) -> None:
        super().__init__(str(folder), 1, message)
        self.args = (f"{folder}: {message}",)


def find_pyproject(start: Path) -> Path:
    """The nearest pyproject.toml at or above `start` (as black and ruff look for theirs)."""
    searched = (start.resolve(), *start.resolve().parents)
    for folder in searched:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            # Relative to where the user stands, so messages read "models/x.py", not a long absolute path.
            return Path(os.path.relpath(candidate, start.resolve()))
    raise NoPyprojectError(
        searched[0],
        f"no pyproject.toml in this folder or any folder above it (looked in {', '.join(map(str, searched))}): "
        "give SPEC_DIR -o OUT_DIR, or create a pyproject.toml with a [tool.docmodels] section",
    )


def load_config(pyproject: Path) -> list[PackageConfig]:
    where = str(pyproject)
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(where, 1, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line = pyproject.read_bytes()[: exc.start].count(b"\n") + 1
        raise SpecError(where, line, "not UTF-8 text: TOML files are UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 puts the position only in the message: "(at line 4, column 16)".
        found = re.search(r"at line (\d+)", str(exc))
        raise SpecError(where, int(found.group(1)) if found else 1, f"invalid TOML: {exc}") from None
    locate = _Locator(tuple(text.splitlines()))
    tool = data.get("tool", {})
    section = tool.get("docmodels") if isinstance(tool, dict) else None
    if section is None:
        raise SpecError(where, 1, "no [tool.docmodels] section: give SPEC_DIR and -o OUT_DIR, or add one")
    if not isinstance(section, dict):
        raise SpecError(where, locate.section(), "tool.docmodels must be a table")
    _no_unknown_keys(section, TOP_KEYS, "[tool.docmodels]", where, lambda key: locate.key_line(key, None))
    entries = section.get("packages", [])
    if not isinstance(entries, list):
        raise SpecError(where, locate.key_line("packages", None), "tool.docmodels.packages must be an array of tables")
    packages = [_package(entry, index, pyproject.parent, where, locate) for index, entry in enumerate(entries)]
    if not packages:
        raise SpecError(
            where, locate.section(), "[tool.docmodels] lists no packages: add a [[tool.docmodels.packages]] table"
        )
    check_overlaps(packages)
    return packages


def check_overlaps(packages: list[PackageConfig]) -> None:
    """Two packages writing one folder (or one inside the other) would undo each other every run."""
    seen: list[PackageConfig] = []
    for package in packages:
        out = package.output.resolve()
        for other in seen:
            theirs = other.output.resolve()
            if out == theirs or theirs in out.parents or out in theirs.parents:
                how = "is" if out == theirs else "overlaps"
                raise SpecError(
                    package.origin,
                    package.line,
                    f"output {package.output} {how} the output of another package ({other.output}): "
                    "give each package a folder of its own",
                )
        seen.append(package)
