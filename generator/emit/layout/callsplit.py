"""A shortcut for the most common long line in generated code: one that ends in a call.

    name: Annotation = Field(description="...")          (a statement)
    name=_load_str(_required(obj, "key", path), path + ".key"),   (an element)

When the line is too long, black splits it at the call's bracket: the head up
to the bracket, the arguments on one line (or one per line when they do not
fit), and the closing bracket. The layout engine reaches that result through
several trial splits; this computes it directly from the line's tokens.

The conditions below keep to the cases where black's choice follows from
these widths alone, and a caller trusts the shortcut for a line's shape only
after it gave the engine's own result on the first line of that shape (and
of each of its two outcomes, see `split_call`).
"""

from __future__ import annotations

from generator.emit.layout.lines import LINE_LENGTH
from generator.emit.layout.strings import str_width
from generator.emit.layout.tokens import TOKEN_RE
from generator.emit.layout.tree import KEYWORDS

_OPEN, _CLOSE = "([{", ")]}"
_NOT_IN_ARGUMENTS = frozenset({"for", "lambda", "yield", "async", "await"})


def _tokens(text: str) -> list[tuple[str, str, int, int]] | None:
    tokens = []
    pos = 0
    for match in TOKEN_RE.finditer(text):
        if match.start() != pos:
            return None
        pos = match.end()
        kind = match.lastgroup
        if kind == "ws":
            continue
        if kind not in ("name", "string", "number", "op"):
            return None
        tokens.append((kind, match.group(), match.start(), match.end()))
    return tokens if pos == len(text) else None


def _fits(text: str) -> bool:
    return (len(text) if text.isascii() else str_width(text)) <= LINE_LENGTH


def split_call(text: str, depth: int, element: bool) -> tuple[str, list[str]] | None:
    """(outcome, lines) of black's layout of `text` at `depth`; None when the shortcut does not apply.

    `element` is a line inside brackets ending with its comma. The outcome is
    "body" (arguments on one line) or "arguments" (one per line).
    """
    tokens = _tokens(text)
    if not tokens or len(tokens) < 4:
        return None
    indent = "    " * depth
    if _fits(indent + text):
        return None
    last = len(tokens) - 1
    if element:
        if tokens[last][1] != ",":
            return None
        last -= 1
    if tokens[last][1] != ")":
        return None
    opening = _matching_open(tokens, last)
    if opening is None or opening < 2 or tokens[opening][1] != "(":
        return None
    if not (_is_name(tokens[opening - 1]) or tokens[opening - 1][1] in (")", "]")):
        return None  # not a call
    if not (_is_name(tokens[0]) and tokens[1][1] == ("=" if element else ":")):
        return None
    if not (_head_ok(tokens, opening, element) and _arguments_ok(tokens, opening, last)):
        return None
    if any(a[1] == "," and b[1] in _CLOSE for a, b in zip(tokens, tokens[1:])):
        return None  # a magic trailing comma: black explodes that bracket
    head = text[:tokens[opening][3]]
    body = text[tokens[opening][3]:tokens[last][2]]
    tail = text[tokens[last][2]:]
    if not _fits(indent + head) or body != body.strip():
        return None
    inner = indent + "    "
    if _fits(inner + body):
        return "body", [f"{indent}{head}\n", f"{inner}{body}\n", f"{indent}{tail}\n"]
    arguments = _split_arguments(tokens, opening, last, text)
    if len(arguments) < 2 or not all(_fits(f"{inner}{a},") for a in arguments):
        return None
    return "arguments", [f"{indent}{head}\n", *(f"{inner}{a},\n" for a in arguments), f"{indent}{tail}\n"]


def _is_name(token: tuple[str, str, int, int]) -> bool:
    return token[0] == "name" and token[1] not in KEYWORDS


def _matching_open(tokens: list[tuple[str, str, int, int]], closing: int) -> int | None:
    depth = 0
    for index in range(closing, -1, -1):
        value = tokens[index][1]
        if value in _CLOSE:
            depth += 1
        elif value in _OPEN:
            depth -= 1
            if depth == 0:
                return index
    return None


def _head_ok(tokens: list[tuple[str, str, int, int]], opening: int, element: bool) -> bool:
    """An element: `name=` then names, dots and bracketed groups, no attribute of a call
    result (black may split at those dots). A statement: `name: annotation = dotted.name(`."""
    if element:
        depth = 0
        previous = ""
        for kind, value, _, _ in tokens[2:opening]:
            if value in _OPEN:
                depth += 1
            elif value in _CLOSE:
                depth -= 1
            elif depth == 0:
                if value == "." and previous in _CLOSE:
                    return False
                if not (value == "." or (kind == "name" and value not in KEYWORDS)):
                    return False
            previous = value
        return depth == 0
    depth = 0
    equal = None
    for index in range(2, opening):
        value = tokens[index][1]
        if value in _OPEN:
            depth += 1
        elif value in _CLOSE:
            depth -= 1
        elif depth == 0 and value == "=":
            if equal is not None:
                return False
            equal = index
        elif depth == 0 and tokens[index][0] == "name" and value in KEYWORDS and value != "None":
            return False
    if equal is None or depth != 0 or equal + 1 >= opening:
        return False
    callee = tokens[equal + 1:opening]
    return all(_is_name(t) if i % 2 == 0 else t[1] == "." for i, t in enumerate(callee)) and len(callee) % 2 == 1


def _arguments_ok(tokens: list[tuple[str, str, int, int]], opening: int, closing: int) -> bool:
    if closing - opening < 2 or tokens[closing - 1][1] == ",":
        return False  # no arguments, or a magic trailing comma
    return not any(t[0] == "name" and t[1] in _NOT_IN_ARGUMENTS for t in tokens[opening + 1:closing])


def _split_arguments(tokens: list[tuple[str, str, int, int]], opening: int, closing: int, text: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = tokens[opening][3]
    for kind, value, begin, end in tokens[opening + 1:closing]:
        if value in _OPEN:
            depth += 1
        elif value in _CLOSE:
            depth -= 1
        elif value == "," and depth == 0:
            pieces.append(text[start:begin].strip())
            start = end
    pieces.append(text[start:tokens[closing][2]].strip())
    return pieces

