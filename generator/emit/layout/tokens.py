"""Python source -> tokens, for the subset of Python the generator writes.

Anything outside it (backslash continuations, semicolons, walrus, lambdas...)
raises Unsupported, and the caller hands that part of the module to black.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.emit.layout.tree import COMMENT, KEYWORDS, NAME, NUMBER, OPERATORS, STRING


class Unsupported(Exception):
    """The layout engine does not handle this code; black must format it."""


_STRING = (
    r"(?:[rRbBuUfF]{1,2})?(?:"
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
)
_NUMBER = (
    r"(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
    r"|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)"
)
_OPERATOR = r"\*\*|//|->|<<|>>|<=|>=|==|!=|\.\.\.|[()\[\]{},:;.=@|&^~+\-*/%<>]"
TOKEN_RE = re.compile(
    rf"(?P<ws>[ \t\f]+)|(?P<nl>\n)|(?P<comment>#[^\n]*)|(?P<string>{_STRING})"
    rf"|(?P<number>{_NUMBER})|(?P<name>[^\W\d]\w*)|(?P<op>{_OPERATOR})",
    re.S,
)
# A newline after an odd number of backslashes: the string goes on on the next line.
_CONTINUED = re.compile(r"(?<!\\)(?:\\\\)*\\\r?\n")
# Augmented assignment, walrus and `!` never appear in generated code.
_REJECT = re.compile(r"[-+*/%&|^@:]=(?!=)|//=|\*\*=|<<=|>>=")


class Token(NamedTuple):
    type: str
    value: str
    newlines: int  # newlines in the whitespace before the token


def tokenize(text: str) -> list[Token]:
    """The tokens of one logical line (newlines inside brackets allowed)."""
    tokens: list[Token] = []
    append = tokens.append
    newlines = 0
    pos = 0
    for match in TOKEN_RE.finditer(text):
        if match.start() != pos:
            raise Unsupported(f"cannot tokenize {text[pos:pos + 20]!r}")
        pos = match.end()
        kind = match.lastgroup
        if kind == "ws":
            continue
        value = match.group()
        if kind == "name":
            append(Token(NAME, value, newlines))
        elif kind == "op":
            if value == "...":
                tokens.extend(Token("DOT", ".", 0) for _ in range(3))
            elif value == ";" or _REJECT.match(text, match.start()):
                raise Unsupported(f"operator {value!r}")
            else:
                append(Token(OPERATORS[value], value, newlines))
        elif kind == "string":
            if _CONTINUED.search(value):
                raise Unsupported("a backslash continuing a string on the next line")
            append(Token(STRING, value, newlines))
        elif kind == "nl":
            newlines += 1
            continue
        elif kind == "number":
            append(Token(NUMBER, value, newlines))
        else:
            append(Token(COMMENT, value, newlines))
        newlines = 0
    if pos != len(text):
        raise Unsupported(f"cannot tokenize {text[pos:pos + 20]!r}")
    return tokens


def is_keyword(token: Token) -> bool:
    return token.type == NAME and token.value in KEYWORDS
