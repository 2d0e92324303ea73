"""The whole run for one spec package: parse -> resolve -> emit."""

from __future__ import annotations

import re
from pathlib import Path

from generator.diagnostics import Diagnostic, SpecError
from generator.emit.targets import render_package
from generator.mode import Mode
from generator.parse.package import parse_package
from generator.resolve import resolve


def package_name(spec_dir: Path) -> str:
    return re.sub(r"\W+", "_", spec_dir.resolve().name) or "spec"


def _in_spec_dir(spec_dir: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Paths inside the pipeline are relative to the spec folder; users want them whole."""
    return Diagnostic(str(spec_dir / diagnostic.path), diagnostic.line, diagnostic.message)


def generate_files(spec_dir: Path, mode: Mode) -> tuple[dict[str, str], list[Diagnostic]]:
    if not spec_dir.is_dir():
        raise SpecError(str(spec_dir), 1, "spec folder does not exist")
    try:
        definitions, warnings = parse_package(spec_dir)
        package, resolve_warnings = resolve(package_name(spec_dir), definitions, mode)
    except SpecError as exc:
        located = _in_spec_dir(spec_dir, exc.diagnostic)
        raise SpecError(located.path, located.line, located.message) from None
    if not definitions:
        raise SpecError(str(spec_dir), 1, "no model docs found (Markdown files with a '# Title' and a Fields, Values or Supported Types section)")
    all_warnings = [_in_spec_dir(spec_dir, w) for w in warnings + resolve_warnings]
    return render_package(package, mode), all_warnings
