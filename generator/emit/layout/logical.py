"""A module's text -> its logical lines, with their depth, grouped in top-level chunks.

A logical line is a statement, a block header, a decorator, a comment, or a
statement continued over several physical lines (open brackets, a
multi-line string). A chunk is a top-level statement with everything it
holds (and the comments and decorators before it): black lays out a chunk
the same alone or in its module, but for the blank lines before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from generator.emit.layout.scan import Scan
from generator.emit.layout.shape import PLAIN_STRING_RE
from generator.emit.layout.tokens import Unsupported, tokenize
from generator.emit.layout.tree import COLON, COMMENT

_CONTINUATIONS = ("else", "elif", "except", "finally")


class Logical(NamedTuple):
    text: str  # without its indentation
    indent: int
    before: int  # blank lines before it
    plain: str | None  # strings as S, for a one-line statement whose strings are all plain
    first: int  # its first and last physical line (0-based)
    last: int
    comment: bool
    depth: int = 0
    docstring: bool = False  # in a docstring's place (first in the module or in a block)


def logical_lines(source: str) -> list[Logical]:
    """Every logical line with its depth; Unsupported for indentation black would change."""
    out: list[Logical] = []
    indents = [0]
    opened = False
    first_statement = True
    pending: list[tuple[str, int, int, str | None, int, int, bool]] = []  # comments: at the depth of the statement after them
    for cut in _cut(source):
        if cut[6]:
            pending.append(cut)
            continue
        depth = _depth(indents, cut[1], opened)
        for comment in pending:
            if comment[1] != cut[1]:
                raise Unsupported("a comment not aligned with the statement after it")
            out.append(Logical(*comment, depth))
        pending.clear()
        line = Logical(*cut, depth, first_statement or opened)
        out.append(line)
        opened = _opens_block(line)
        first_statement = False
    out.extend(Logical(*c, _depth(indents, c[1], False)) for c in pending)
    return out


def chunks(lines: list[Logical]) -> list[list[Logical]]:
    """Top-level statements with what belongs to them: their body, the comments before them,
    the decorators before what they decorate, the else/except clauses after them."""
    ids: list[int | None] = []
    chunk = -1
    decorated = False
    for line in lines:
        if line.comment:
            ids.append(None)
            continue
        if line.depth == 0 and not decorated and line.text.split(None, 1)[0].rstrip(":") not in _CONTINUATIONS:
            chunk += 1
        ids.append(max(chunk, 0))
        if line.depth == 0:
            decorated = line.text.startswith("@")
    following = chunk + 1  # comments after the last statement make a chunk of their own
    for index in range(len(lines) - 1, -1, -1):
        if ids[index] is None:
            ids[index] = following
        else:
            following = ids[index]  # type: ignore[assignment]
    groups: dict[int, list[Logical]] = {}
    for line, chunk_id in zip(lines, ids):
        groups.setdefault(chunk_id, []).append(line)  # type: ignore[arg-type]
    return [groups[key] for key in sorted(groups)]


def _depth(indents: list[int], indent: int, opened_block: bool) -> int:
    if opened_block:
        if indent <= indents[-1]:
            raise Unsupported("a block without an indented body")
        indents.append(indent)
        return len(indents) - 1
    while indent < indents[-1]:
        indents.pop()
    if indent != indents[-1]:
        raise Unsupported("inconsistent indentation")
    return len(indents) - 1


def _opens_block(line: Logical) -> bool:
    """Does the line end with a colon (black's opens_block: its last leaf is one)?"""
    if line.plain is not None:
        return line.plain.endswith(":")
    last = line.text.rsplit("\n", 1)[-1]
    plain = PLAIN_STRING_RE.sub("S", last) if '"' in last else last
    if not ('"' in plain or "'" in plain or "\\" in plain):  # the last physical line, strings aside
        return plain.split("#", 1)[0].rstrip().endswith(":")
    tokens = [t for t in tokenize(line.text) if t.type != COMMENT]
    return bool(tokens) and tokens[-1].type == COLON


def _cut(source: str) -> Iterator[tuple[str, int, int, str | None, int, int, bool]]:
    """(text, indent, blank lines before, plain, first, last, is a comment) of each logical line."""
    physical = source.split("\n")
    count = len(physical)
    i = 0
    blank = 0
    while i < count:
        line = physical[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped.isspace():
            blank += 1
            i += 1
            continue
        indent = len(line) - len(stripped)
        if "\t" in stripped[:1] or "\f" in line:
            raise Unsupported("tabs or form feeds in indentation")
        if stripped[0] == "#":
            yield stripped.rstrip(), indent, blank, None, i, i, True
            blank = 0
            i += 1
            continue
        plain = PLAIN_STRING_RE.sub("S", stripped) if '"' in stripped else stripped
        if not ('"' in plain or "'" in plain or "#" in plain or "\\" in plain) and (
            plain.count("(") == plain.count(")")
            and plain.count("[") == plain.count("]")
            and plain.count("{") == plain.count("}")
        ):
            yield stripped.rstrip(), indent, blank, plain.rstrip(), i, i, False
            blank = 0
            i += 1
            continue
        end = i
        state = Scan()
        state.feed(stripped)
        while state.open:
            end += 1
            if end >= count:
                raise Unsupported("unterminated statement")
            state.feed(physical[end])
        text = "\n".join([stripped, *physical[i + 1:end + 1]])
        yield text.rstrip(), indent, blank, None, i, end, False
        blank = 0
        i = end + 1
