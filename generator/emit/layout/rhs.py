"""The right-hand split, black's usual way to break a line: at the last pair of
brackets, trying pairs further left ("omitting trailers") and optional
parentheses (black/linegen.py: right_hand_split_with_omits and the rest)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.emit.layout.brackets import CannotSplit, build_line, ensure_visible, succeeded_or_raise
from generator.emit.layout.lines import DOT_PRIORITY, LINE_LENGTH, Line, is_line_short_enough, is_one_sequence_between, line_to_string
from generator.emit.layout.tokens import Unsupported
from generator.emit.layout.tree import BRACKETS, CLOSING_BRACKETS, COMMA, DOT, EQUAL, LPAR, NAME, OPENING_BRACKETS, RBRACE, RPAR, RSQB, STANDALONE_COMMENT, STRING, Leaf

def right_hand_split(line: Line, force: bool, omit: frozenset[int] = frozenset()) -> Iterator[Line]:
    rhs = _first_right_hand_split(line, omit)
    yield from _maybe_split_omitting_optional_parens(rhs, line, force, omit)


def right_hand_split_with_omits(line: Line, force: bool) -> Iterator[Line]:
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    for omit in generate_trailers_to_omit(line, LINE_LENGTH):
        if omit:
            target_opening: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.type in CLOSING_BRACKETS and id(leaf) not in omit:
                    target_opening = leaf.opening_bracket
                    break
            if (
                target_opening is not None
                and target_opening.value
                and prefix_lengths.get(id(target_opening), 0) > LINE_LENGTH
            ):
                continue
        lines = list(right_hand_split(line, force, frozenset(omit)))
        if first_lines is None and not omit:
            first_lines = lines
        if is_line_short_enough(lines[0]):
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from right_hand_split(line, force)


class _RHS:
    __slots__ = ("head", "body", "tail", "opening_bracket", "closing_bracket")

    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head, self.body, self.tail = head, body, tail
        self.opening_bracket, self.closing_bracket = opening, closing


def _first_right_hand_split(line: Line, omit: frozenset[int] = frozenset()) -> _RHS:
    tail_leaves: list[Leaf] = []
    body_leaves: list[Leaf] = []
    head_leaves: list[Leaf] = []
    current = tail_leaves
    opening_bracket: Leaf | None = None
    closing_bracket: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body_leaves and leaf is opening_bracket:
            current = head_leaves if body_leaves else tail_leaves
        current.append(leaf)
        if current is tail_leaves and leaf.type in CLOSING_BRACKETS and id(leaf) not in omit:
            opening_bracket = leaf.opening_bracket
            closing_bracket = leaf
            current = body_leaves
    if not (opening_bracket and closing_bracket and head_leaves):
        raise CannotSplit("No brackets found")
    tail_leaves.reverse()
    body_leaves.reverse()
    head_leaves.reverse()
    head = build_line(head_leaves, line, opening_bracket, "head")
    body = build_line(body_leaves, line, opening_bracket, "body")
    tail = build_line(tail_leaves, line, opening_bracket, "tail")
    succeeded_or_raise(head, body, tail)
    return _RHS(head, body, tail, opening_bracket, closing_bracket)


def _maybe_split_omitting_optional_parens(rhs: _RHS, line: Line, force: bool,
                                          omit: frozenset[int] = frozenset()) -> Iterator[Line]:
    if (
        not force
        and rhs.opening_bracket.type == LPAR
        and not rhs.opening_bracket.value
        and rhs.closing_bracket.type == RPAR
        and not rhs.closing_bracket.value
        and not line.is_import
        and can_omit_invisible_parens(rhs, LINE_LENGTH)
    ):
        omit = frozenset({id(rhs.closing_bracket), *omit})
        try:
            rhs_oop = _first_right_hand_split(line, omit)
            if _prefer_split_rhs_oop_over_rhs(rhs_oop, rhs):
                yield from _maybe_split_omitting_optional_parens(rhs_oop, line, force, omit)
                return
        except CannotSplit as e:
            if line.is_chained_assignment:
                pass
            elif not can_be_split(rhs.body) and not is_line_short_enough(rhs.body):
                raise CannotSplit("Splitting failed, body is still too long and can't be split.") from e
            elif rhs.head.contains_multiline_strings() or rhs.tail.contains_multiline_strings():
                raise CannotSplit("The optional pair of parentheses is bound to fail") from e
    ensure_visible(rhs.opening_bracket)
    ensure_visible(rhs.closing_bracket)
    for result in (rhs.head, rhs.body, rhs.tail):
        if result:
            yield result


def _prefer_split_rhs_oop_over_rhs(rhs_oop: _RHS, rhs: _RHS) -> bool:
    if not (len(rhs.head.leaves) >= 2 and rhs.head.leaves[-2].type == EQUAL):
        return True
    if not any(leaf.type in BRACKETS for leaf in rhs.head.leaves[:-1]):
        return True
    if not _fits(rhs.head, LINE_LENGTH - 1):
        return True
    if rhs.head.magic_trailing_comma is not None:
        return True
    rhs_head_equal_count = [leaf.type for leaf in rhs.head.leaves].count(EQUAL)
    rhs_oop_head_equal_count = [leaf.type for leaf in rhs_oop.head.leaves].count(EQUAL)
    if rhs_head_equal_count > 1 and rhs_head_equal_count > rhs_oop_head_equal_count:
        return False
    has_closing_bracket_after_assign = False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.type == EQUAL:
            break
        if leaf.type in CLOSING_BRACKETS:
            has_closing_bracket_after_assign = True
            break
    return has_closing_bracket_after_assign or (
        any(leaf.type == EQUAL for leaf in rhs_oop.head.leaves) and is_line_short_enough(rhs_oop.head)
    )


def _fits(line: Line, width: int) -> bool:
    from generator.emit.layout.strings import str_width

    text = line_to_string(line)
    if "\n" in text:
        raise Unsupported("a multiline string in a split head")
    return str_width(text) <= width and not line.contains_standalone_comments()


def generate_trailers_to_omit(line: Line, line_length: int) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic_trailing_comma:
        yield omit
    length = 4 * line.depth
    opening_bracket: Leaf | None = None
    closing_bracket: Leaf | None = None
    inner_brackets: set[int] = set()
    for index, leaf, leaf_length in line.enumerate_with_length(is_reversed=True):
        length += leaf_length
        if length > line_length:
            break
        has_inline_comment = leaf_length > len(leaf.value) + len(leaf.prefix)
        if leaf.type == STANDALONE_COMMENT or has_inline_comment:
            break
        if opening_bracket:
            if leaf is opening_bracket:
                opening_bracket = None
            elif leaf.type in CLOSING_BRACKETS:
                prev = line.leaves[index - 1] if index > 0 else None
                if (
                    prev
                    and prev.type == COMMA
                    and leaf.opening_bracket is not None
                    and not is_one_sequence_between(leaf.opening_bracket, leaf, line.leaves)
                ):
                    break
                inner_brackets.add(id(leaf))
        elif leaf.type in CLOSING_BRACKETS:
            prev = line.leaves[index - 1] if index > 0 else None
            if prev and prev.type in OPENING_BRACKETS:
                inner_brackets.add(id(leaf))
                continue
            if closing_bracket:
                omit.add(id(closing_bracket))
                omit.update(inner_brackets)
                inner_brackets.clear()
                yield omit
            if (
                prev
                and prev.type == COMMA
                and leaf.opening_bracket is not None
                and not is_one_sequence_between(leaf.opening_bracket, leaf, line.leaves)
            ):
                break
            if leaf.value:
                opening_bracket = leaf.opening_bracket
                closing_bracket = leaf


def can_be_split(line: Line) -> bool:
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].type == STRING and leaves[1].type == DOT:
        call_count = 0
        dot_count = 0
        following = leaves[-1]  # black never advances it (kept for identical results)
        for leaf in leaves[-2::-1]:
            if leaf.type in OPENING_BRACKETS:
                if following.type not in CLOSING_BRACKETS:
                    return False
                call_count += 1
            elif leaf.type == DOT:
                dot_count += 1
            elif leaf.type == NAME:
                if not (following.type == DOT or following.type in OPENING_BRACKETS):
                    return False
            elif leaf.type not in CLOSING_BRACKETS:
                return False
            if dot_count > 1 and call_count > 1:
                return False
    return True


def can_omit_invisible_parens(rhs: _RHS, line_length: int) -> bool:
    line = rhs.body
    closing_bracket: Leaf | None = None
    for leaf in reversed(line.leaves):
        if closing_bracket and leaf is closing_bracket.opening_bracket:
            closing_bracket = None
        if leaf.type == STANDALONE_COMMENT and not closing_bracket:
            return False
        if (
            not closing_bracket
            and leaf.type in CLOSING_BRACKETS
            and leaf.opening_bracket in line.leaves
            and leaf.value
        ):
            closing_bracket = leaf
    bt = line.bracket_tracker
    if not bt.delimiters:
        return True
    max_priority = bt.max_delimiter_priority()
    delimiter_count = bt.delimiter_count_with_priority(max_priority)
    if delimiter_count > 1:
        return False
    if max_priority == DOT_PRIORITY:
        return True
    first = line.leaves[0]
    second = line.leaves[1]
    if first.type in OPENING_BRACKETS and second.type not in CLOSING_BRACKETS:
        if _can_omit_opening_paren(line, first, line_length):
            return True
    penultimate = line.leaves[-2]
    last = line.leaves[-1]
    if (
        last.type == RPAR
        or last.type == RBRACE
        or (last.type == RSQB and last.parent and last.parent.type != "trailer")
    ):
        if penultimate.type in OPENING_BRACKETS:
            return False
        if first.type == STRING and "\n" in first.value:
            return True
        if _can_omit_closing_paren(line, last, line_length):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf, line_length: int) -> bool:
    remainder = False
    length = 4 * line.depth
    _index = -1
    for _index, leaf, leaf_length in line.enumerate_with_length():
        if leaf.type in CLOSING_BRACKETS and leaf.opening_bracket is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > line_length:
                break
            if leaf.type in OPENING_BRACKETS:
                remainder = False
    else:
        if len(line.leaves) == _index + 1:
            return True
    return False


def _can_omit_closing_paren(line: Line, last: Leaf, line_length: int) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for _index, leaf, leaf_length in line.enumerate_with_length():
        length += leaf_length
        if leaf is last.opening_bracket:
            if seen_other_brackets or length <= line_length:
                return True
        elif leaf.type in OPENING_BRACKETS:
            seen_other_brackets = True
    return False


