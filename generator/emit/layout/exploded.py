"""Exploded statements laid out element by element.

A statement written one element per line with a magic trailing comma,

    return cls(
        a=...,
        b=...,
    )

is exploded by black at that bracket whatever the elements hold: where it
splits depends on the head, the tail and the trailing comma, and each
element's line is then laid out on its own (its layout reads only its own
leaves). So the statement is laid out once with placeholder elements (which
also shows where black puts them), and each element separately, memoized:
generated code repeats the same elements in many statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.emit.layout.callsplit import split_call
from generator.emit.layout.grammar import parse_statement
from generator.emit.layout.lines import LINE_LENGTH, Line
from generator.emit.layout.scan import Scan
from generator.emit.layout.shape import NAME_RE as _NAME
from generator.emit.layout.shape import PLAIN_STRING_RE as _PLAIN_STRING
from generator.emit.layout.splits import transform_line
from generator.emit.layout.statement import statement_line
from generator.emit.layout.strings import str_width
from generator.emit.layout.tokens import Unsupported, tokenize
from generator.emit.layout.tree import (
    CLOSING_BRACKETS, COMMA, COMMENT, KEYWORDS, NAME, OPENING_BRACKETS, RPAR, RSQB, STRING, Leaf,
)

if TYPE_CHECKING:
    from generator.emit.layout.module import Memo

PLACEHOLDER = "_"
_OPENERS = {"(": ")", "[": "]", "{": "}"}


def split_exploded(physical: list[str]) -> tuple[str, list[str], str] | None:
    """(head line, element lines, tail line) when the statement has the exploded shape."""
    if len(physical) < 4:
        return None
    head = physical[0].strip()
    tail = physical[-1].strip()
    if not head or head[-1] not in _OPENERS or not tail.startswith(_OPENERS[head[-1]]):
        return None
    if head.startswith(("def ", "class ", "@", "async ", "#")):
        return None  # signatures split from the left; decorators and comments are not statements
    elements = [line.strip() for line in physical[1:-1]]
    for element in elements:
        if not element.endswith(",") or element.startswith("#"):
            return None
        scan = Scan()
        scan.feed(element)
        if scan.open or scan.depth:
            return None
    scan = Scan()
    scan.feed(head)
    if scan.depth != 1 or scan.quote is not None:
        return None
    return head, elements, tail


def container_of(head: str) -> tuple[str, str]:
    """How to parse an element alone: the text before and after it (a call, a subscript or a display)."""
    opener = head[-1]
    tokens = tokenize(head)
    before = tokens[-2] if len(tokens) >= 2 else None
    trailer = before is not None and (
        (before.type == NAME and before.value not in KEYWORDS) or before.type in (RPAR, RSQB, STRING)
    )
    if opener == "(":
        return ("_(", ")") if trailer else ("(", ")")
    if opener == "[":
        return ("_[", "]") if trailer else ("[", "]")
    return "{", "}"


def element_lines(element: str, depth: int, container: tuple[str, str], memo: Memo) -> list[str]:
    """The lines black makes of one element (with its trailing comma) at `depth`."""
    key = (element, depth, container)
    known = memo.elements.get(key)
    if known is not None:
        return known  # type: ignore[no-any-return]
    result = _by_shortcut(element, depth, container, memo)
    if result is None:
        result = _laid_out(element, depth, container)
    memo.elements[key] = result
    return result


def _by_shortcut(element: str, depth: int, container: tuple[str, str], memo: Memo) -> list[str] | None:
    """The element as it is when it fits, or callsplit's result, each once certified for the
    element's shape (see laying._lay_out_fast and laying._split_call)."""
    plain = _PLAIN_STRING.sub("S", element)
    if "\"" in plain or "'" in plain or "\\" in plain or "#" in plain:
        return None
    if 4 * depth + (len(element) if element.isascii() else str_width(element)) <= LINE_LENGTH:
        return _as_it_is(element, plain, depth, container, memo)
    split = split_call(element, depth, element=True)
    if split is None:
        return None
    outcome, lines = split
    shape = (_NAME.sub("N", plain), outcome, container)
    verdict = memo.split_shapes.get(shape, False)
    if verdict is None:
        return None
    if verdict is not False:
        return lines
    result = _laid_out(element, depth, container)
    memo.split_shapes[shape] = True if result == lines else None  # type: ignore[assignment]
    return result


def _as_it_is(element: str, plain: str, depth: int, container: tuple[str, str], memo: Memo) -> list[str] | None:
    """A short element black leaves alone, once the full path left one of its shape alone."""
    line = "    " * depth + element + "\n"
    shape = (_NAME.sub("N", plain), "as it is", container)
    verdict = memo.split_shapes.get(shape, False)
    if verdict is None:
        return None
    if verdict is not False:
        return [line]
    result = _laid_out(element, depth, container)
    memo.split_shapes[shape] = True if result == [line] else None  # type: ignore[assignment]
    return result


def _laid_out(element: str, depth: int, container: tuple[str, str]) -> list[str]:
    """The element parsed inside its container, so that each leaf gets the spacing the whole
    statement gave it, then laid out as black's delimiter split hands it on."""
    before, after = container
    tokens = tokenize(before + element + after)
    if any(t.type == COMMENT for t in tokens):
        raise Unsupported("a comment in an element")
    whole = statement_line(parse_statement(tokens), depth)
    leaves = whole.leaves[len(before):len(whole.leaves) - 1]  # the container's tokens are one character each
    _check_one_element(leaves)
    line = Line(depth=depth, inside_brackets=True)
    for leaf in leaves:
        line.append(leaf, preformatted=True)
    line.leaves[0].prefix = ""
    return [str(part) for part in transform_line(line)]


def _check_one_element(leaves: list[Leaf]) -> None:
    if not leaves or leaves[-1].type != COMMA:
        raise Unsupported("an element without its trailing comma")
    depth = 0
    for leaf in leaves[:-1]:
        if leaf.type in OPENING_BRACKETS:
            depth += 1
        elif leaf.type in CLOSING_BRACKETS:
            depth -= 1
        elif leaf.type == COMMA and depth == 0:
            raise Unsupported("several elements on one line")
        elif leaf.type == NAME and leaf.value in ("for", "lambda", "yield") and depth == 0:
            raise Unsupported("a comprehension or lambda as an element")


def proxy(head: str, count: int, tail: str) -> str:
    return "\n".join([head, *[PLACEHOLDER + ","] * count, tail])


def assemble(proxy_lines: tuple[str, ...], count: int, elements: list[str], container: tuple[str, str],
             memo: Memo) -> tuple[str, ...] | None:
    """The statement's lines: the proxy's head and tail around the laid-out elements."""
    marks = [i for i, text in enumerate(proxy_lines) if text.strip() == PLACEHOLDER + ","]
    if len(marks) != count or marks != list(range(marks[0], marks[0] + count)):
        return None
    first = proxy_lines[marks[0]]
    depth, rest = divmod(len(first) - len(first.lstrip(" ")), 4)
    if rest or any(proxy_lines[i] != first for i in marks):
        return None
    out = list(proxy_lines[:marks[0]])
    for element in elements:
        out.extend(element_lines(element, depth, container, memo))
    out.extend(proxy_lines[marks[-1] + 1:])
    return tuple(out)
