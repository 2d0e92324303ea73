"""The names a generated module imports, and their statements in isort's order.

A library name a definition of the module also takes (a model called `Field`)
comes in under a private alias (`Field as _Field`); definitions of other modules
come in under the names the module context gave them (emit/context.py).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from generator.layout import syntax
from generator.layout.doc import Doc


@dataclass
class Imports:
    taken: frozenset[str]  # names the module's own definitions (and imported definitions) bind
    future: bool = True  # `from __future__ import annotations`
    symbols: dict[str, set[str]] = field(default_factory=dict)  # module -> "name" or "name as alias"
    modules: set[tuple[str, str]] = field(default_factory=set)  # (module, alias)
    local: dict[str, set[str]] = field(default_factory=dict)  # relative module -> "name [as alias]"

    def name(self, module: str, symbol: str) -> str:
        """`symbol` of a library module, under the name the code must use for it."""
        local = symbol if symbol not in self.taken else f"_{symbol}"
        self.symbols.setdefault(module, set()).add(symbol if local == symbol else f"{symbol} as {local}")
        return local

    def module(self, module: str, alias: str = "") -> str:
        self.modules.add((module, alias))
        return alias or module

    def relative(self, module: str, symbol: str, alias: str = "") -> str:
        """A name from another module of the package (`module` relative, `.x` or `..ns.x`)."""
        self.local.setdefault(module, set()).add(symbol if not alias or alias == symbol else f"{symbol} as {alias}")
        return alias or symbol

    def statements(self) -> list[Doc]:
        """The import statements, sections separated by "" (a blank line)."""
        sections: list[list[Doc]] = [[], [], [], []]
        if self.future:
            sections[0].append("from __future__ import annotations")
        for module, alias in sorted(self.modules, key=lambda pair: (natural_key(pair[0]), pair[1])):
            sections[_section(module)].append(syntax.import_(module, alias))
        for module in sorted(self.symbols, key=natural_key):
            sections[_section(module)].extend(from_imports(module, self.symbols[module]))
        for module in sorted(self.local, key=relative_order):
            sections[3].extend(from_imports(module, self.local[module]))
        out: list[Doc] = []
        for section in sections:
            if section:
                out.extend([*section, ""])
        return out[:-1]


def _section(module: str) -> int:
    return 1 if module.split(".")[0] in sys.stdlib_module_names else 2


NaturalKey = str


def natural_key(text: str) -> NaturalKey:
    """The order ruff's isort and RUF022 sort names in (the natord crate): character by
    character, but a run of digits against a run of digits compares as a number, so
    `Value5` comes before `Value25`. Each run of digits becomes its length (one digit, or
    9 and three) and its digits: still digits, so it compares with any other character as
    a digit does, and with another run by length first, then digit by digit."""
    return _DIGIT_RUNS.sub(_sortable_number, text)


_DIGIT_RUNS = re.compile(r"[0-9]+")


def _sortable_number(run: re.Match[str]) -> str:
    digits = run.group().lstrip("0") or "0"
    return (str(len(digits)) if len(digits) < 9 else f"9{len(digits):03d}") + digits


def relative_order(module: str) -> tuple[int, NaturalKey]:
    """isort's force-sort-within-sections order for relative imports: `..x` before `.x`."""
    stripped = module.lstrip(".")
    return -(len(module) - len(stripped)), natural_key(stripped)


def from_imports(module: str, symbols: set[str]) -> list[Doc]:
    """isort's layout (no combine-as): plain names share one statement, each
    `X as _X` gets its own; statements sort by their first name."""
    plain = sorted((s for s in symbols if " as " not in s), key=_isort_key)
    statements = [[s] for s in symbols if " as " in s]
    if plain:
        statements.append(plain)
    statements.sort(key=lambda names: _isort_key(names[0]))
    return [syntax.from_import(module, names) for names in statements]


def _isort_key(symbol: str) -> tuple[int, NaturalKey, NaturalKey, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions and variables;
    case-insensitive first, then the alias; numbers in names in natural order."""
    name, _, alias = symbol.partition(" as ")
    kind = 0 if name.isupper() and len(name) > 1 else (1 if name[:1].isupper() else 2)
    return kind, natural_key(name.lower()), natural_key(name), alias
