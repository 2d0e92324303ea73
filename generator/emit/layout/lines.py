"""A logical line being laid out: black's Line and BracketTracker (black/lines.py,
black/brackets.py), ported for the grammar the generator writes."""

from __future__ import annotations


from generator.emit.layout.spacing import complex_subscript_at, is_vararg, whitespace
from generator.emit.layout.strings import str_width
from generator.emit.layout.tree import (
    BRACKET, BRACKETS, CLOSING_BRACKETS, COLON, COMMA, COMMENT, COMPARATORS, DOT, LPAR, LSQB, MATH_OPERATORS,
    MATH_PRIORITIES, NAME, OPENING_BRACKETS, RBRACE, RPAR, RSQB, STANDALONE_COMMENT, STRING,
    UNPACKING_PARENTS, VARARGS_PARENTS, Leaf,
)

LINE_LENGTH = 88
COMPREHENSION_PRIORITY = 20
COMMA_PRIORITY = 18
TERNARY_PRIORITY = 16
LOGIC_PRIORITY = 14
STRING_PRIORITY = 12
COMPARATOR_PRIORITY = 10
DOT_PRIORITY = 1


def is_split_after_delimiter(leaf: Leaf) -> int:
    if leaf.type == COMMA:
        parent = leaf.parent
        if parent is not None and parent.type == "exprlist":
            grandparent = parent.parent
            if grandparent is not None and grandparent.type in {"comp_for", "old_comp_for", "for_stmt"}:
                return 0
        return COMMA_PRIORITY
    return 0


_DELIMITER_WORDS = frozenset({"for", "if", "else", "is", "in", "not", "and", "or"})
_MAYBE_DELIMITERS = MATH_OPERATORS | COMPARATORS | {DOT, STRING, NAME}


def is_split_before_delimiter(leaf: Leaf, previous: Leaf | None) -> int:  # noqa: C901 - mirrors black
    if leaf.type not in _MAYBE_DELIMITERS or (leaf.type == NAME and leaf.value not in _DELIMITER_WORDS):
        return 0  # a shortcut: nothing below applies to other leaves
    if is_vararg(leaf, within=VARARGS_PARENTS | UNPACKING_PARENTS):
        return 0
    if (
        leaf.type == DOT
        and leaf.parent
        and leaf.parent.type not in {"import_from", "dotted_name"}
        and (previous is None or previous.type in CLOSING_BRACKETS)
    ):
        return DOT_PRIORITY
    if leaf.type in MATH_OPERATORS and leaf.parent and leaf.parent.type not in {"factor", "star_expr"}:
        return MATH_PRIORITIES[leaf.type]
    if leaf.type in COMPARATORS:
        return COMPARATOR_PRIORITY
    if leaf.type == STRING and previous is not None and previous.type == STRING:
        return STRING_PRIORITY
    if leaf.type != NAME:
        return 0
    parent = leaf.parent.type if leaf.parent else None
    if leaf.value == "for" and parent in {"comp_for", "old_comp_for"}:
        return COMPREHENSION_PRIORITY
    if leaf.value == "if" and parent in {"comp_if", "old_comp_if"}:
        return COMPREHENSION_PRIORITY
    if leaf.value in {"if", "else"} and parent == "test":
        return TERNARY_PRIORITY
    if leaf.value == "is":
        return COMPARATOR_PRIORITY
    if (
        leaf.value == "in"
        and parent in {"comp_op", "comparison"}
        and not (previous is not None and previous.type == NAME and previous.value == "not")
    ):
        return COMPARATOR_PRIORITY
    if (
        leaf.value == "not"
        and parent == "comp_op"
        and not (previous is not None and previous.type == NAME and previous.value == "is")
    ):
        return COMPARATOR_PRIORITY
    if leaf.value in {"and", "or"} and leaf.parent:
        return LOGIC_PRIORITY
    return 0


class BracketTracker:
    __slots__ = ("depth", "bracket_match", "delimiters", "previous", "for_loop_depths", "invisible")

    def __init__(self) -> None:
        self.depth = 0
        self.bracket_match: dict[tuple[int, str], Leaf] = {}
        self.delimiters: dict[int, int] = {}
        self.previous: Leaf | None = None
        self.for_loop_depths: list[int] = []
        self.invisible: list[Leaf] = []

    def mark(self, leaf: Leaf) -> None:
        if leaf.type == COMMENT:
            return
        if self.depth == 0 and leaf.type in CLOSING_BRACKETS and (self.depth, leaf.type) not in self.bracket_match:
            return
        if (
            self.for_loop_depths
            and self.for_loop_depths[-1] == self.depth
            and leaf.type == NAME
            and leaf.value == "in"
        ):
            self.depth -= 1
            self.for_loop_depths.pop()
        if leaf.type in CLOSING_BRACKETS:
            self.depth -= 1
            opening = self.bracket_match.pop((self.depth, leaf.type))
            leaf.opening_bracket = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.bracket_depth = self.depth
        if self.depth == 0:
            delim = is_split_before_delimiter(leaf, self.previous)
            if delim and self.previous is not None:
                self.delimiters[id(self.previous)] = delim
            else:
                delim = is_split_after_delimiter(leaf)
                if delim:
                    self.delimiters[id(leaf)] = delim
        if leaf.type in OPENING_BRACKETS:
            self.bracket_match[self.depth, BRACKET[leaf.type]] = leaf
            self.depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.previous = leaf
        if leaf.type == NAME and leaf.value == "for":
            self.depth += 1
            self.for_loop_depths.append(self.depth)

    def any_open_brackets(self) -> bool:
        return bool(self.bracket_match)

    def any_open_for_or_lambda(self) -> bool:
        return bool(self.for_loop_depths)

    def max_delimiter_priority(self, exclude: set[int] | frozenset[int] = frozenset()) -> int:
        return max(v for k, v in self.delimiters.items() if k not in exclude)

    def delimiter_count_with_priority(self, priority: int = 0) -> int:
        if not self.delimiters:
            return 0
        priority = priority or self.max_delimiter_priority()
        return sum(1 for p in self.delimiters.values() if p == priority)

    def get_open_lsqb(self) -> Leaf | None:
        return self.bracket_match.get((self.depth - 1, RSQB))


def is_one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf],
                            brackets: tuple[str, str] = (LPAR, RPAR)) -> bool:
    if (opening.type, closing.type) != brackets:
        return False
    depth = closing.bracket_depth + 1
    for index, leaf in enumerate(leaves):
        if leaf is opening:
            break
    else:
        return False
    commas = 0
    for leaf in leaves[index + 1:]:
        if leaf is closing:
            break
        if leaf.bracket_depth == depth and leaf.type == COMMA:
            commas += 1
            if leaf.parent and leaf.parent.type in {"arglist", "typedargslist"}:
                commas += 1
                break
    return commas < 2


class Line:
    __slots__ = ("depth", "leaves", "comments", "bracket_tracker", "inside_brackets", "should_split_rhs",
                 "magic_trailing_comma", "_subscript_cache")

    def __init__(self, depth: int = 0, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.leaves: list[Leaf] = []
        self.comments: dict[int, list[Leaf]] = {}
        self.bracket_tracker = BracketTracker()
        self.inside_brackets = inside_brackets
        self.should_split_rhs = False
        self.magic_trailing_comma: Leaf | None = None
        self._subscript_cache: dict[int, bool] = {}

    def append(self, leaf: Leaf, preformatted: bool = False, track_bracket: bool = False) -> None:
        kind = leaf.type
        if kind not in BRACKETS and (not leaf.value or leaf.value.isspace()):
            return
        if kind == COLON and self.is_class_paren_empty:
            del self.leaves[-2:]
        if self.leaves and not preformatted:
            leaf.prefix += whitespace(leaf, complex_subscript=self.is_complex_subscript(leaf))
        if self.inside_brackets or not preformatted or track_bracket:
            self.bracket_tracker.mark(leaf)
            if kind in CLOSING_BRACKETS and self.has_magic_trailing_comma(leaf):
                self.magic_trailing_comma = leaf
        if kind == COMMENT:
            if self.append_comment(leaf):
                return
        self.leaves.append(leaf)

    def append_safe(self, leaf: Leaf, preformatted: bool = False) -> None:
        if self.bracket_tracker.depth == 0 or self.bracket_tracker.any_open_for_or_lambda():
            if self.is_comment:
                raise ValueError("cannot append to standalone comments")
            if self.leaves and leaf.type == STANDALONE_COMMENT:
                raise ValueError("cannot append standalone comments to a populated line")
        self.append(leaf, preformatted=preformatted)

    def append_comment(self, comment: Leaf) -> bool:
        if comment.type != COMMENT:
            return False
        if not self.leaves:
            comment.type = STANDALONE_COMMENT
            comment.prefix = ""
            return False
        last_leaf = self.leaves[-1]
        if (
            last_leaf.type == RPAR
            and not last_leaf.value
            and last_leaf.parent
            and len(list(last_leaf.parent.leaves())) <= 3
        ):
            if len(self.leaves) >= 2:
                last_leaf = self.leaves[-2]
        self.comments.setdefault(id(last_leaf), []).append(comment)
        return True

    def comments_after(self, leaf: Leaf) -> list[Leaf]:
        return self.comments.get(id(leaf), [])

    def has_magic_trailing_comma(self, closing: Leaf) -> bool:
        if not (closing.type in CLOSING_BRACKETS and self.leaves and self.leaves[-1].type == COMMA):
            return False
        if closing.type == RBRACE:
            return True
        if closing.type == RSQB:
            if (
                closing.parent is not None
                and closing.parent.type == "trailer"
                and closing.opening_bracket is not None
                and is_one_sequence_between(closing.opening_bracket, closing, self.leaves, brackets=(LSQB, RSQB))
            ):
                return False
            return True
        if self.is_import:
            return True
        if closing.opening_bracket is not None and not is_one_sequence_between(
            closing.opening_bracket, closing, self.leaves
        ):
            return True
        return False

    def is_complex_subscript(self, leaf: Leaf) -> bool:
        return complex_subscript_at(self.bracket_tracker.get_open_lsqb(), leaf, self._subscript_cache)

    @property
    def is_comment(self) -> bool:
        return len(self.leaves) == 1 and self.leaves[0].type == STANDALONE_COMMENT

    @property
    def is_decorator(self) -> bool:
        return bool(self.leaves) and self.leaves[0].type == "AT"

    @property
    def is_import(self) -> bool:
        if not self.leaves:
            return False
        first = self.leaves[0]
        parent = first.parent.type if first.parent else None
        return first.type == NAME and (
            (first.value == "import" and parent == "import_name") or (first.value == "from" and parent == "import_from")
        )

    @property
    def is_class(self) -> bool:
        return bool(self.leaves) and self.leaves[0].type == NAME and self.leaves[0].value == "class"

    @property
    def is_def(self) -> bool:
        return bool(self.leaves) and self.leaves[0].type == NAME and self.leaves[0].value == "def"

    @property
    def is_stub_def(self) -> bool:
        values = [(leaf.type, leaf.value) for leaf in self.leaves[-4:]]
        return self.is_def and values == [(COLON, ":"), (DOT, "."), (DOT, "."), (DOT, ".")]

    @property
    def is_class_paren_empty(self) -> bool:
        return (
            len(self.leaves) == 4
            and self.is_class
            and self.leaves[2].type == LPAR
            and self.leaves[2].value == "("
            and self.leaves[3].type == RPAR
            and self.leaves[3].value == ")"
        )

    @property
    def is_chained_assignment(self) -> bool:
        return [leaf.type for leaf in self.leaves].count("EQUAL") > 1

    @property
    def opens_block(self) -> bool:
        return bool(self.leaves) and self.leaves[-1].type == COLON

    def contains_standalone_comments(self) -> bool:
        return any(leaf.type == STANDALONE_COMMENT for leaf in self.leaves)

    def contains_multiline_strings(self) -> bool:
        return any(leaf.type == STRING and "\n" in leaf.value and _triple_quoted(leaf.value) for leaf in self.leaves)

    def enumerate_with_length(self, is_reversed: bool = False):  # type: ignore[no-untyped-def]
        indexed = list(enumerate(self.leaves))
        if is_reversed:
            indexed.reverse()
        for index, leaf in indexed:
            length = len(leaf.prefix) + len(leaf.value)
            if "\n" in leaf.value:
                return
            for comment in self.comments_after(leaf):
                length += len(comment.value)
            yield index, leaf, length

    def clone(self) -> Line:
        line = Line(depth=self.depth, inside_brackets=self.inside_brackets)
        line.should_split_rhs = self.should_split_rhs
        line.magic_trailing_comma = self.magic_trailing_comma
        return line

    def __str__(self) -> str:
        if not (self.leaves or self.comments):
            return "\n"
        leaves = self.leaves
        first = leaves[0]
        parts = [first.prefix, "    " * self.depth, first.value]
        for leaf in leaves[1:]:
            parts.append(leaf.prefix)
            parts.append(leaf.value)
        if self.comments:
            parts.extend(str(c) for comments in self.comments.values() for c in comments)
        parts.append("\n")
        return "".join(parts)

    def __bool__(self) -> bool:
        return bool(self.leaves or self.comments)


def _triple_quoted(value: str) -> bool:
    return value.lstrip("furbFURB")[:3] in {'"""', "'''"}


def line_to_string(line: Line) -> str:
    return str(line).strip("\n")


def is_line_short_enough(line: Line, line_str: str = "") -> bool:
    """Multiline strings inside a split line never reach here (the engine leaves those to black)."""
    if not line_str:
        line_str = line_to_string(line)
    if line.contains_standalone_comments():
        return False
    if "\n" not in line_str:
        return str_width(line_str) <= LINE_LENGTH
    first, *_, last = line_str.split("\n")
    if str_width(first) > LINE_LENGTH or str_width(last) > LINE_LENGTH:
        return False
    if len(line.leaves) == 1:
        return True  # a lone multiline string (a docstring-like statement)
    raise _unsupported("a multiline string inside a longer line")


def _unsupported(why: str) -> Exception:
    from generator.emit.layout.tokens import Unsupported

    return Unsupported(why)

