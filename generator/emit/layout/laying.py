"""One logical line -> the lines black makes of it, and its kind (for the blank lines).

The full path tokenizes, parses and splits the line as black does; shortcuts
skip that for lines whose result is already known: the same line laid out
before (the memo), a short line of a shape black leaves alone, or a long line
ending in a call (callsplit), each trusted only once the full path agreed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from generator.emit.layout import exploded
from generator.emit.layout.blanks import LineKind
from generator.emit.layout.callsplit import split_call
from generator.emit.layout.grammar import parse_statement
from generator.emit.layout.lines import LINE_LENGTH
from generator.emit.layout.shape import NAME_RE as _NAME
from generator.emit.layout.splits import transform_line
from generator.emit.layout.statement import statement_line
from generator.emit.layout.strings import make_comment, str_width
from generator.emit.layout.tokens import Token, Unsupported, tokenize
from generator.emit.layout.tree import AT, COLON, COMMENT, DOT, NAME, STRING

if TYPE_CHECKING:
    from generator.emit.layout.module import Memo


class Laid(NamedTuple):
    """One logical line laid out: its physical lines (with newlines) and its kind."""

    text: tuple[str, ...]
    kind: LineKind


def lay_out(logical: str, plain: str | None, depth: int, docstring: bool, memo: Memo) -> Laid:
    """The memoized layout of one statement (not a comment)."""
    key = (logical, depth, docstring)
    laid = memo.laid.get(key)
    if laid is None:
        laid = _lay_out_fast(logical, plain, depth, docstring, memo)
    return laid


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


def lay_out_comment(text: str, depth: int) -> Laid:
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


def rough_kind(text: str, comment: bool, depth: int, docstring: bool) -> LineKind:
    """The kind of a line black lays out for us (the engine did not): read from its tokens."""
    if comment:
        return LineKind(depth=depth, first_value=text, first_type="STANDALONE_COMMENT", leaf_count=1, is_comment=True)
    tokens = [t for t in tokenize(text) if t.type != COMMENT]
    first, last = tokens[0], tokens[-1]
    words = [t.value for t in tokens[:2] if t.type == NAME]
    is_def = words[:1] == ["def"] or words == ["async", "def"]
    docstring = docstring and len(tokens) == 1 and first.type == STRING and not set(
        first.value[: first.value.index(first.value[-1])]).intersection("bBfFtT")
    values = [(t.type, t.value) for t in tokens[-4:]]
    return LineKind(
        depth=depth,
        first_value=first.value,
        first_type=first.type,
        leaf_count=len(tokens),
        is_decorator=first.type == AT,
        is_def=is_def,
        is_class=words[:1] == ["class"],
        is_import=words[:1] in (["import"], ["from"]),
        is_docstring=docstring,
        is_stub_def=is_def and values == [(COLON, ":"), (DOT, "."), (DOT, "."), (DOT, ".")],
        opens_block=last.type == COLON,
        last_is_colon=last.type == COLON,
    )
