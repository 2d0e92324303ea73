"""Errors and warnings that point at a file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SpecError(Exception):
    """Bad input: reported as `file:line: message`, exit status 2.

    `warnings` are those the run had made before it failed: the user sees them first
    (the one that names the file the error comes from, often)."""

    def __init__(self, path: str, line: int, message: str, warnings: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.diagnostic = Diagnostic(path, line, message)
        self.warnings = warnings

    def with_warnings(self, warnings: list[Diagnostic]) -> SpecError:
        d = self.diagnostic
        return SpecError(d.path, d.line, d.message, tuple(warnings) + self.warnings)
