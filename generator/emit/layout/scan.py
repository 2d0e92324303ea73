"""Where a logical line ends: bracket depth and open triple-quoted strings,
fed one physical line at a time."""

from __future__ import annotations

import re

from generator.emit.layout.tokens import Unsupported

_SCAN_RE = re.compile(
    r"""[rRbBuUfF]{0,2}(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')"""
    r"""|(?P<open>[rRbBuUfF]{0,2}(?:\"\"\"|'''))"""
    r"""|[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|#[^\n]*|[()\[\]{}]|[^"'#()\[\]{}]+""",
)


class Scan:
    """Bracket depth and an open triple-quoted string, fed one physical line at a time."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.quote is not None

    def feed(self, line: str) -> None:
        pos, end = 0, len(line)
        while pos < end:
            if self.quote is not None:
                close = _closing_quote(line, pos, self.quote)
                if close < 0:
                    return
                pos, self.quote = close, None
                continue
            match = _SCAN_RE.match(line, pos)
            if match is None:
                raise Unsupported("a string continued on the next line")
            value = match.group()
            pos = match.end()
            if value in ("(", "[", "{"):
                self.depth += 1
            elif value in (")", "]", "}"):
                self.depth -= 1
            elif match.group("open"):
                self.quote = value.lstrip("rRbBuUfF")


def _closing_quote(line: str, pos: int, quote: str) -> int:
    """The index after the quote closing a string in `line` from `pos`, or -1."""
    while True:
        found = line.find(quote, pos)
        if found < 0:
            return -1
        backslashes = len(line[:found]) - len(line[:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return found + len(quote)
        pos = found + 1
