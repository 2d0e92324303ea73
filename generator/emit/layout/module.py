"""A generated module's text -> the same module as black formats it.

The module is cut into logical lines (a statement, a block header, a
decorator, a comment, or a docstring spanning several lines), each is laid
out by the ported black rules, and black's blank-line rules join them.
Results are memoized per logical line: generated modules repeat many lines.
Code outside the supported subset raises Unsupported (the caller then runs
black itself).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.emit.layout import exploded
from generator.emit.layout.blanks import BlankLines, LineKind
from generator.emit.layout.callsplit import split_call
from generator.emit.layout.shape import NAME_RE as _NAME
from generator.emit.layout.shape import PLAIN_STRING_RE as _PLAIN_STRING
from generator.emit.layout.grammar import parse_statement
from generator.emit.layout.lines import LINE_LENGTH
from generator.emit.layout.scan import Scan
from generator.emit.layout.splits import transform_line
from generator.emit.layout.statement import statement_line
from generator.emit.layout.tokens import Token, Unsupported, tokenize
from generator.emit.layout.strings import str_width
from generator.emit.layout.tree import (
    AT, CLOSING_BRACKETS, COLON, COMMENT, DOT, KEYWORDS, NAME, OPENING_BRACKETS, STRING,
)

class Laid(NamedTuple):
    """One logical line laid out: its physical lines (with newlines) and its kind."""

    text: tuple[str, ...]
    kind: LineKind


class Memo:
    """Results of pure functions of a line's text, kept across modules and runs.

    Only `laid`, `shapes` and `elements` are worth keeping between runs (pickled);
    `changed` says whether anything was added since it was made or loaded.
    """

    def __init__(self) -> None:
        self.laid: dict[tuple[str, int, bool], Laid] = {}
        # A line's shape (names as N, plain strings as S, spacing kept) -> its kind when
        # black leaves every short line of that shape as it is, else None.
        self.shapes: dict[tuple[str, bool], LineKind | None] = {}
        self.elements: dict = {}  # type: ignore[type-arg]  # see exploded.element_lines
        # (shape, outcome) -> the line's kind once callsplit gave the engine's result for that shape and
        # outcome, None once it did not (the shortcut is then never taken for it).
        self.split_shapes: dict[tuple[object, ...], LineKind | None] = {}
        self.transforms: dict = {}  # type: ignore[type-arg]  # see splits.transform_line
        self.kinds: dict[tuple[LineKind, int], LineKind] = {}
        self._sizes = self._measure()

    def _measure(self) -> tuple[int, int, int, int]:
        return len(self.laid), len(self.shapes), len(self.elements), len(self.split_shapes)

    @property
    def changed(self) -> bool:
        return self._measure() != self._sizes

    def __getstate__(self) -> dict[str, object]:
        return {"laid": self.laid, "shapes": self.shapes, "elements": self.elements, "split_shapes": self.split_shapes}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.transforms, self.kinds = {}, {}
        self._sizes = self._measure()


def format_module(source: str, memo: Memo | None = None) -> str:
    """`source` formatted as black would (line length 88, Python 3.10 target)."""
    memo = Memo() if memo is None else memo
    blanks = BlankLines()
    indents: list[int] = [0]
    opened_block = False
    first_statement = True
    comments: list[tuple[str, int, int]] = []
    for logical, indent, user_before, plain in _logical_lines(source):
        if plain is None and logical.startswith("#"):
            comments.append((logical, indent, user_before))  # laid out with the statement they precede
            continue
        depth = _depth(indents, indent, opened_block)
        for text, comment_indent, comment_before in comments:
            if comment_indent != indent:
                raise Unsupported("a comment not aligned with the statement after it")
            laid_comment = _comment(text, depth)
            blanks.block_for(laid_comment.kind, comment_before).content.extend(laid_comment.text)
        comments.clear()
        docstring = first_statement or opened_block
        key = (logical, depth, docstring)
        laid = memo.laid.get(key)
        if laid is None:
            laid = _lay_out_fast(logical, plain, depth, docstring, memo)
        opened_block = laid.kind.opens_block
        first_statement = False
        blanks.block_for(laid.kind, user_before).content.extend(laid.text)
    if comments:
        raise Unsupported("comments at the end of a module")
    return blanks.render()


def _lay_out_fast(logical: str, plain: str | None, depth: int, docstring: bool, memo: Memo) -> Laid:
    """Short lines of a shape black leaves alone pass through; others take the full path."""
    key = (logical, depth, docstring)
    if plain is not None and not (docstring and plain == "S"):
        width = 4 * depth + (len(logical) if logical.isascii() else str_width(logical))
        if width <= LINE_LENGTH:
            shape = (_NAME.sub("N", plain), docstring)
            kind = memo.shapes.get(shape, False)
            if kind is None:
                pass  # black changes lines of this shape: full path
            elif kind is not False:
                laid = Laid(("    " * depth + logical + "\n",), _at_depth(kind, depth, memo))
                memo.laid[key] = laid
                return laid
            else:
                laid = memo.laid[key] = _lay_out(logical, depth, docstring, memo)
                same = laid.text == ("    " * depth + logical + "\n",)
                memo.shapes[shape] = laid.kind if same else None
                return laid
        else:
            laid = _split_call(logical, plain, depth, memo)
            if laid is not None:
                memo.laid[key] = laid
                return laid
    laid = memo.laid[key] = _lay_out(logical, depth, docstring, memo)
    return laid


def _split_call(logical: str, plain: str, depth: int, memo: Memo) -> Laid | None:
    """A long line ending in a call, by callsplit once that shortcut is certified for its shape."""
    split = split_call(logical, depth, element=False)
    if split is None:
        return None
    outcome, lines = split
    shape = (_NAME.sub("N", plain), outcome)
    kind = memo.split_shapes.get(shape, False)
    if kind is None:
        return None
    if kind is not False:
        return Laid(tuple(lines), _at_depth(kind, depth, memo))
    laid = _lay_out(logical, depth, False, memo)
    memo.split_shapes[shape] = laid.kind if laid.text == tuple(lines) else None
    return laid


def _at_depth(kind: LineKind, depth: int, memo: Memo) -> LineKind:
    if kind.depth == depth:
        return kind
    found = memo.kinds.get((kind, depth))
    if found is None:
        found = memo.kinds[(kind, depth)] = kind._replace(depth=depth)
    return found


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


def _logical_lines(source: str):  # type: ignore[no-untyped-def]
    """(logical line without its indentation, indentation, blank lines before, plain form).

    The plain form (strings as S) is given for a one-line statement whose strings
    are all plain; None otherwise (comments, docstrings, continued lines...).
    """
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
            yield stripped.rstrip(), indent, blank, None
            blank = 0
            i += 1
            continue
        plain = _PLAIN_STRING.sub("S", stripped) if '"' in stripped else stripped
        if not ('"' in plain or "'" in plain or "#" in plain or "\\" in plain) and (
            plain.count("(") == plain.count(")")
            and plain.count("[") == plain.count("]")
            and plain.count("{") == plain.count("}")
        ):
            yield stripped.rstrip(), indent, blank, plain.rstrip()
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
        yield text.rstrip(), indent, blank, None
        blank = 0
        i = end + 1


def _comment(text: str, depth: int) -> Laid:
    from generator.emit.layout.strings import make_comment

    comment = make_comment(text)
    kind = LineKind(depth=depth, first_value=comment, first_type="STANDALONE_COMMENT", leaf_count=1,
                    is_comment=True)
    return Laid(("    " * depth + comment + "\n",), kind)


def _lay_out(logical: str, depth: int, docstring: bool, memo: Memo, explode: bool = True) -> Laid:
    if explode and "\n" in logical:
        parts = exploded.split_exploded(logical.split("\n"))
        if parts is not None:
            laid = _lay_out_exploded(*parts, depth, memo)
            if laid is not None:
                return laid
    tokens = tokenize(logical)
    comment: str | None = None
    if tokens and tokens[-1].type == COMMENT:
        comment = tokens.pop().value
    if any(t.type == COMMENT for t in tokens):
        raise Unsupported("a comment inside a statement")
    if docstring and not (len(tokens) == 1 and tokens[0].type == STRING):
        docstring = False
    tree = parse_statement(tokens)
    line = statement_line(tree, depth, docstring=docstring, comment=comment)
    text = tuple(str(part) for part in transform_line(line, memo=memo.transforms))
    return Laid(text, _kind(tokens, line.leaves, depth, docstring))


def _lay_out_exploded(head: str, elements: list[str], tail: str, depth: int, memo: Memo) -> Laid | None:
    """An exploded statement: its frame laid out with placeholders, then each element."""
    proxy = exploded.proxy(head, len(elements), tail)
    key = (proxy, depth, False)
    frame = memo.laid.get(key)
    if frame is None:
        frame = memo.laid[key] = _lay_out(proxy, depth, False, memo, explode=False)
    text = exploded.assemble(frame.text, len(elements), elements, exploded.container_of(head), memo)
    return None if text is None else Laid(text, frame.kind)


def _kind(tokens: list[Token], leaves: list, depth: int, docstring: bool) -> LineKind:  # type: ignore[type-arg]
    first = leaves[0]
    last = leaves[-1]
    values = [(leaf.type, leaf.value) for leaf in leaves[-4:]]
    is_def = first.type == NAME and first.value == "def"
    return LineKind(
        depth=depth,
        first_value=first.value,
        first_type=first.type,
        leaf_count=len(leaves),
        is_decorator=first.type == AT,
        is_def=is_def,
        is_class=first.type == NAME and first.value == "class",
        is_import=first.type == NAME and first.parent is not None
        and (first.value, first.parent.type) in (("import", "import_name"), ("from", "import_from")),
        is_docstring=docstring,
        is_stub_def=is_def and values == [(COLON, ":"), (DOT, "."), (DOT, "."), (DOT, ".")],
        opens_block=last.type == COLON,
        last_is_colon=last.type == COLON,
    )


__all__ = ["format_module", "Unsupported", "LINE_LENGTH", "OPENING_BRACKETS", "CLOSING_BRACKETS"]
