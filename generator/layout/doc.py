"""A layout document and its printer (Wadler / Prettier style), measuring width as black does.

A document is text (a plain `str`, never holding a newline) or a node built here:

- `concat(*parts)`: the parts one after another.
- `group(*parts)`: printed flat (every LINE a space, every SOFTLINE nothing) if the flat
  text and what follows it up to the next line break fit; else broken (every LINE and
  SOFTLINE directly inside it a newline). Groups inside a broken group decide for themselves.
- `indent(*parts)`: lines broken inside it start 4 columns further right.
- `SOFTLINE`, `LINE`, `HARDLINE`: a line break when the enclosing group breaks (nothing /
  a space when flat); HARDLINE always breaks, and so breaks every group around it.
- `if_break(broken)`: `broken` if the enclosing group breaks, else nothing; the trailing
  comma black adds to an exploded bracket.

Beyond Wadler, one node (Leijen's `column`) lets a builder follow black's right-hand-split
rules, which decide a split by whether one particular line fits (the head of a split, the
body on its own line, a trailer) rather than by what comes first:

- `column(flat, layout)`: the document `layout(col, width)` returns, `col` being the
  column the node starts at. `flat` is its text printed flat (what `layout` must return
  when that fits). The builder spells black's decision as plain Python over line widths.

`render(doc, indent, width)` prints. Nothing here recurses on the document's depth: the
flat text of every node is computed once when the node is built (from its children, which
already have theirs), and the printer and its fits check walk explicit stacks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Final, TypeAlias

WIDTH: Final = 88

# Code points Unicode 16 made East Asian Wide that the Unicode tables of older Pythons still
# call neutral (black's width table follows Unicode 17).
_WIDE_SINCE_16: Final = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D356), (0x1D360, 0x1D376))


def char_width(ch: str) -> int:
    """Columns `ch` takes as black counts them: 2 for East Asian wide and full-width
    characters (combining marks and emoji skin-tone modifiers excepted), else 1."""
    code = ord(ch)
    if code < 0x1100:
        return 1
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        if unicodedata.category(ch) in ("Mn", "Mc") or 0x1F3FB <= code <= 0x1F3FF:
            return 1
        return 2
    for low, high in _WIDE_SINCE_16:
        if low <= code <= high:
            return 2
    return 1


def str_width(text: str) -> int:
    """Display width of `text`, as black's `str_width`."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


class Node:
    """A document node: `flat` is its text printed flat, `hard` whether it must break."""

    __slots__ = ("flat", "hard")
    flat: str
    hard: bool


Doc: TypeAlias = "str | Node"


def flat(doc: Doc) -> str:
    """The text of `doc` printed flat."""
    return doc if isinstance(doc, str) else doc.flat


class Concat(Node):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Doc, ...]) -> None:
        self.parts = parts
        self.flat = "".join([part if isinstance(part, str) else part.flat for part in parts])
        self.hard = any(not isinstance(part, str) and part.hard for part in parts)


class Group(Concat):
    __slots__ = ()


class Indent(Concat):
    __slots__ = ()


class Line(Node):
    __slots__ = ()

    def __init__(self, flat: str, hard: bool) -> None:
        self.flat = flat
        self.hard = hard


class IfBreak(Node):
    """`broken` where its group breaks; flat (its text empty), the printers take it whole."""

    __slots__ = ("broken",)

    def __init__(self, broken: Doc) -> None:
        self.broken = broken
        self.flat = ""
        self.hard = False


class Column(Node):
    __slots__ = ("at",)

    def __init__(self, text: str, at: Callable[[int, int], Doc]) -> None:
        self.at = at
        self.flat = text
        self.hard = False

    def layout(self, col: int, width: int) -> Doc:
        return self.at(col, width)


SOFTLINE: Final = Line("", False)
LINE: Final = Line(" ", False)
HARDLINE: Final = Line("", True)


def concat(*parts: Doc) -> Doc:
    return parts[0] if len(parts) == 1 else Concat(parts)


def group(*parts: Doc) -> Doc:
    return Group(parts)


def indent(*parts: Doc) -> Doc:
    return Indent(parts)


def if_break(broken: Doc) -> Doc:
    return IfBreak(broken)


def column(text: str, layout: Callable[[int, int], Doc]) -> Doc:
    return Column(text, layout)


def join(separator: Doc, docs: Sequence[Doc]) -> Doc:
    parts: list[Doc] = []
    for i, d in enumerate(docs):
        if i:
            parts.append(separator)
        parts.append(d)
    return Concat(tuple(parts))


_BREAK: Final = True
_FLAT: Final = False
_Cmd: TypeAlias = "tuple[int, bool, Doc]"


def _fits(doc: Doc, rest: list[_Cmd], column: int, width: int) -> bool:
    """Whether `doc` printed flat, then `rest` (the printer's stack, top last) up to its
    first line break, fits in `width` starting at `column`."""
    remaining = width - column - str_width(flat(doc))
    if remaining < 0:
        return False
    stack: list[tuple[bool, Doc]] = []
    index = len(rest)
    while True:
        if not stack:
            if index == 0:
                return True
            index -= 1
            _, mode, item = rest[index]
            stack.append((mode, item))
        mode, d = stack.pop()
        if isinstance(d, str):
            remaining -= str_width(d)
        elif mode is _FLAT and not d.hard:
            remaining -= str_width(d.flat)
        elif isinstance(d, Line):
            return True
        elif isinstance(d, IfBreak):
            stack.append((mode, d.broken))
        elif isinstance(d, Concat):
            inner = _BREAK if isinstance(d, Group) and d.hard else mode
            stack.extend((inner, p) for p in reversed(d.parts))
        elif isinstance(d, Column):
            stack.append((mode, d.layout(width - remaining, width)))
        if remaining < 0:
            return False


def _print(doc: Doc, indentation: int, column: int, width: int) -> str:
    out: list[str] = []
    stack: list[_Cmd] = [(indentation, _BREAK, doc)]
    while stack:
        ind, mode, d = stack.pop()
        if isinstance(d, str):
            out.append(d)
            column += str_width(d)
        elif mode is _FLAT and not d.hard:
            out.append(d.flat)
            column += str_width(d.flat)
        elif isinstance(d, Line):
            out.append("\n" + " " * ind)
            column = ind
        elif isinstance(d, Group):
            broken = d.hard or not _fits(d, stack, column, width)
            stack.extend((ind, _BREAK if broken else _FLAT, p) for p in reversed(d.parts))
        elif isinstance(d, Indent):
            stack.extend((ind + 4, mode, p) for p in reversed(d.parts))
        elif isinstance(d, Concat):
            stack.extend((ind, mode, p) for p in reversed(d.parts))
        elif isinstance(d, IfBreak):
            stack.append((ind, mode, d.broken))
        elif isinstance(d, Column):
            if _fits(d.flat, stack, column, width):  # what its layout makes of it too: no need to build that
                out.append(d.flat)
                column += str_width(d.flat)
            else:
                stack.append((ind, mode, d.layout(column, width)))
    return "".join(out)


def render(doc: Doc, indent: int = 0, width: int = WIDTH) -> str:
    """The text of `doc` printed from column `indent`: the first line carries no
    indentation (the caller writes it), each following line its absolute indentation."""
    if isinstance(doc, str):
        return doc
    if not doc.hard and indent + str_width(doc.flat) <= width:
        return doc.flat
    return _print(doc, indent, indent, width)
