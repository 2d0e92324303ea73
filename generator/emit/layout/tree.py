"""A syntax tree shaped like black's (blib2to3): black's layout rules ask a
leaf's parent and siblings, so the nodes carry the same grammar names.

Token and node types are plain strings named as in blib2to3. A node with a
single child is never built (the child stands in for it), as blib2to3 does.
"""

from __future__ import annotations

from collections.abc import Iterator

# Token types.
NAME, NUMBER, STRING, COMMENT, NEWLINE = "NAME", "NUMBER", "STRING", "COMMENT", "NEWLINE"
STANDALONE_COMMENT = "STANDALONE_COMMENT"
LPAR, RPAR, LSQB, RSQB, LBRACE, RBRACE = "LPAR", "RPAR", "LSQB", "RSQB", "LBRACE", "RBRACE"
COMMA, COLON, DOT, EQUAL, RARROW, AT, SEMI = "COMMA", "COLON", "DOT", "EQUAL", "RARROW", "AT", "SEMI"
VBAR, CIRCUMFLEX, AMPER, LEFTSHIFT, RIGHTSHIFT = "VBAR", "CIRCUMFLEX", "AMPER", "LEFTSHIFT", "RIGHTSHIFT"
PLUS, MINUS, STAR, SLASH, DOUBLESLASH, PERCENT, TILDE, DOUBLESTAR = (
    "PLUS", "MINUS", "STAR", "SLASH", "DOUBLESLASH", "PERCENT", "TILDE", "DOUBLESTAR",
)
LESS, GREATER, EQEQUAL, NOTEQUAL, LESSEQUAL, GREATEREQUAL = (
    "LESS", "GREATER", "EQEQUAL", "NOTEQUAL", "LESSEQUAL", "GREATEREQUAL",
)

OPERATORS = {
    "(": LPAR, ")": RPAR, "[": LSQB, "]": RSQB, "{": LBRACE, "}": RBRACE,
    ",": COMMA, ":": COLON, ".": DOT, "=": EQUAL, "->": RARROW, "@": AT, ";": SEMI,
    "|": VBAR, "^": CIRCUMFLEX, "&": AMPER, "<<": LEFTSHIFT, ">>": RIGHTSHIFT,
    "+": PLUS, "-": MINUS, "*": STAR, "/": SLASH, "//": DOUBLESLASH, "%": PERCENT, "~": TILDE, "**": DOUBLESTAR,
    "<": LESS, ">": GREATER, "==": EQEQUAL, "!=": NOTEQUAL, "<=": LESSEQUAL, ">=": GREATEREQUAL,
}
BRACKET = {LPAR: RPAR, LSQB: RSQB, LBRACE: RBRACE}
OPENING_BRACKETS = frozenset(BRACKET)
CLOSING_BRACKETS = frozenset(BRACKET.values())
BRACKETS = OPENING_BRACKETS | CLOSING_BRACKETS
COMPARATORS = frozenset({LESS, GREATER, EQEQUAL, NOTEQUAL, LESSEQUAL, GREATEREQUAL})
MATH_PRIORITIES = {
    VBAR: 9, CIRCUMFLEX: 8, AMPER: 7, LEFTSHIFT: 6, RIGHTSHIFT: 6, PLUS: 5, MINUS: 5,
    STAR: 4, SLASH: 4, DOUBLESLASH: 4, PERCENT: 4, AT: 4, TILDE: 3, DOUBLESTAR: 2,
}
MATH_OPERATORS = frozenset(MATH_PRIORITIES)
STARS = frozenset({STAR, DOUBLESTAR})
VARARGS_SPECIALS = STARS | {SLASH}
ALWAYS_NO_SPACE = CLOSING_BRACKETS | {COMMA, STANDALONE_COMMENT}

# Node types (black's `syms`) that the layout rules look for.
VARARGS_PARENTS = frozenset({"arglist", "argument", "trailer", "typedargslist", "varargslist"})
UNPACKING_PARENTS = frozenset({"atom", "dictsetmaker", "listmaker", "testlist_gexp", "testlist_star_expr"})
TEST_DESCENDANTS = frozenset({
    "test", "lambdef", "or_test", "and_test", "not_test", "comparison", "star_expr", "expr",
    "xor_expr", "and_expr", "shift_expr", "arith_expr", "trailer", "term", "power", "namedexpr_test",
})
TYPED_NAMES = frozenset({"tname", "tname_star"})
IMPLICIT_TUPLE = frozenset({"testlist", "testlist_star_expr", "exprlist"})
ASSIGNMENTS = frozenset({"=", ":"})  # black's set, reduced to what the grammar here accepts
KEYWORDS = frozenset({
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
})


class Leaf:
    __slots__ = ("type", "value", "prefix", "parent", "bracket_depth", "opening_bracket")

    def __init__(self, type: str, value: str, prefix: str = "") -> None:
        self.type = type
        self.value = value
        self.prefix = prefix
        self.parent: Node | None = None
        self.bracket_depth = 0
        self.opening_bracket: Leaf | None = None

    def __str__(self) -> str:
        return self.prefix + self.value

    def __repr__(self) -> str:
        return f"Leaf({self.type}, {self.value!r})"

    @property
    def prev_sibling(self) -> Leaf | Node | None:
        return _sibling(self, -1)

    @property
    def next_sibling(self) -> Leaf | Node | None:
        return _sibling(self, 1)

    def leaves(self) -> Iterator[Leaf]:
        yield self

    def remove(self) -> int | None:
        return _remove(self)


class Node:
    __slots__ = ("type", "children", "parent")

    def __init__(self, type: str, children: list[Leaf | Node]) -> None:
        self.type = type
        self.children = children
        self.parent: Node | None = None
        for child in children:
            child.parent = self

    def __repr__(self) -> str:
        return f"Node({self.type}, {self.children!r})"

    def __str__(self) -> str:
        return "".join(str(leaf) for leaf in self.leaves())

    @property
    def prefix(self) -> str:
        first = next(self.leaves(), None)
        return first.prefix if first else ""

    @prefix.setter
    def prefix(self, value: str) -> None:
        first = next(self.leaves(), None)
        if first is not None:
            first.prefix = value

    @property
    def prev_sibling(self) -> Leaf | Node | None:
        return _sibling(self, -1)

    @property
    def next_sibling(self) -> Leaf | Node | None:
        return _sibling(self, 1)

    def leaves(self) -> Iterator[Leaf]:
        stack: list[LN] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, Leaf):
                yield node
            else:
                stack.extend(reversed(node.children))

    def pre_order(self) -> Iterator[Leaf | Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.pre_order()
            else:
                yield child

    def set_child(self, index: int, child: Leaf | Node) -> None:
        child.parent = self
        self.children[index].parent = None
        self.children[index] = child

    def insert_child(self, index: int, child: Leaf | Node) -> None:
        child.parent = self
        self.children.insert(index, child)

    def append_child(self, child: Leaf | Node) -> None:
        child.parent = self
        self.children.append(child)

    def remove(self) -> int | None:
        return _remove(self)


LN = Leaf | Node


def _index(node: LN) -> int:
    parent = node.parent
    assert parent is not None
    for number, child in enumerate(parent.children):
        if child is node:
            return number
    raise ValueError("node is not among its parent's children")


def _sibling(node: LN, step: int) -> LN | None:
    if node.parent is None:
        return None
    number = _index(node) + step
    children = node.parent.children
    return children[number] if 0 <= number < len(children) else None


def _remove(node: LN) -> int | None:
    if node.parent is None:
        return None
    number = _index(node)
    del node.parent.children[number]
    node.parent = None
    return number


def make_node(type: str, children: list[LN]) -> LN:
    """A node, or its only child (blib2to3 collapses single-child nodes)."""
    return children[0] if len(children) == 1 else Node(type, children)


def replace(old: LN, new: LN) -> None:
    parent = old.parent
    assert parent is not None
    parent.set_child(_index(old), new)


def preceding_leaf(node: LN | None) -> Leaf | None:
    """The first leaf before `node`, if any."""
    while node:
        res = node.prev_sibling
        if res:
            if isinstance(res, Leaf):
                return res
            leaves = list(res.leaves())
            return leaves[-1] if leaves else None
        node = node.parent
    return None


def parent_type(node: LN | None) -> str | None:
    return node.parent.type if node is not None and node.parent is not None else None


def child_towards(ancestor: Node, descendant: LN) -> LN | None:
    node: LN | None = descendant
    while node and node.parent is not ancestor:
        node = node.parent
    return node


def first_leaf_of(node: LN) -> Leaf | None:
    return next(node.leaves(), None)
