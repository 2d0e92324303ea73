"""Splitting a line that is too long, exactly as black does: a port of
transform_line and its right-hand, left-hand and delimiter splits
(black/linegen.py, black/lines.py), without the preview features and
without comments inside brackets (the engine leaves those to black).

`force` stands for black's FORCE_OPTIONAL_PARENTHESES feature; the
trailing-comma features are always on (the target is Python 3.10).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.emit.layout.brackets import (
    CannotSplit, CannotTransform, build_line, ensure_visible, get_leaves_inside_matching_brackets, succeeded_or_raise,
)
from generator.emit.layout.lines import COMMA_PRIORITY, DOT_PRIORITY, LINE_LENGTH, Line, is_line_short_enough, line_to_string
from generator.emit.layout.rhs import right_hand_split_with_omits
from generator.emit.layout.tokens import Unsupported
from generator.emit.layout.tree import CLOSING_BRACKETS, COLON, COMMA, LPAR, LSQB, RARROW, RSQB, STANDALONE_COMMENT, STRING, Leaf


def transform_line(line: Line, force: bool = False, memo: dict | None = None) -> Iterator[Line]:  # type: ignore[type-arg]
    """The lines black makes of `line`.

    `memo` maps a line inside brackets to its result: such a line's layout depends only on
    its text (and two flags) as long as it holds no invisible parentheses, which a split
    could make visible (a change the memo would not replay).
    """
    if line.is_comment:
        yield line
        return
    line_str = line_to_string(line)
    if not line.should_split_rhs and not line.magic_trailing_comma and is_line_short_enough(line, line_str):
        yield line
        return
    key = None
    if memo is not None and line.inside_brackets and "\n" not in line_str and all(leaf.value for leaf in line.leaves):
        key = (line_str, line.should_split_rhs, force)
        known = memo.get(key)
        if known is not None:
            yield from known
            return
    if key is not None:
        result = list(_transform(line, line_str, force, memo))
        memo[key] = [_Frozen(str(part)) for part in result]
        yield from result
        return
    yield from _transform(line, line_str, force, memo)


class _Frozen:
    """A laid-out line replayed from the memo: only its text is used."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _transform(line: Line, line_str: str, force: bool, memo: dict | None) -> Iterator[Line]:  # type: ignore[type-arg]
    if line.comments:
        raise Unsupported("a comment on a line that must be split")
    if line.is_def and not _should_split_funcdef_with_rhs(line):
        transformers = [left_hand_split]
    elif line.inside_brackets:
        transformers = [delimiter_split, right_hand_split_with_omits]
    else:
        transformers = [right_hand_split_with_omits]
    for transform in transformers:
        try:
            result = run_transformer(line, transform, force, line_str, memo)
        except CannotTransform:
            continue
        yield from result
        return
    yield line


def run_transformer(line: Line, transform, force: bool, line_str: str, memo: dict | None = None) -> list[Line]:  # type: ignore[no-untyped-def, type-arg]
    optional_parens = [bracket for bracket in line.bracket_tracker.invisible if bracket.bracket_depth == 0]
    result: list[Line] = []
    for transformed_line in transform(line, force):
        if line_to_string(transformed_line) == line_str:
            raise CannotTransform("Line transformer returned an unchanged result")
        result.extend(transform_line(transformed_line, force, memo))
    if (
        force
        or transform is not right_hand_split_with_omits
        or not line.bracket_tracker.invisible
        or any(bracket.value for bracket in optional_parens)
        or line.contains_multiline_strings()
        or _short(result[0])
        or any(leaf.parent is None for leaf in line.leaves)
    ):
        return result
    line_copy = line.clone()
    _append_leaves(line_copy, line, line.leaves)
    second_opinion = run_transformer(line_copy, transform, True, line_str, memo)
    if all(_short(ln) for ln in second_opinion):
        result = second_opinion
    return result


def _short(line: Line | _Frozen) -> bool:
    if isinstance(line, _Frozen):
        from generator.emit.layout.strings import str_width

        return str_width(line.text.rstrip("\n")) <= LINE_LENGTH
    return is_line_short_enough(line)


def _append_leaves(new_line: Line, old_line: Line, leaves: list[Leaf]) -> None:
    """Copies of `leaves` into `new_line`, taking their places in the tree."""
    for old_leaf in leaves:
        new_leaf = Leaf(old_leaf.type, old_leaf.value)
        parent = old_leaf.parent
        if parent is not None:
            for index, child in enumerate(parent.children):
                if child is old_leaf:
                    parent.set_child(index, new_leaf)
                    break
        new_line.append(new_leaf)
        for comment_leaf in old_line.comments_after(old_leaf):
            new_line.append(comment_leaf, preformatted=True)


def _should_split_funcdef_with_rhs(line: Line) -> bool:
    return_type_leaves: list[Leaf] = []
    in_return_type = False
    for leaf in line.leaves:
        if leaf.type == COLON:
            in_return_type = False
        if in_return_type:
            return_type_leaves.append(leaf)
        if leaf.type == RARROW:
            in_return_type = True
    result = Line(depth=line.depth)
    to_track = get_leaves_inside_matching_brackets(return_type_leaves)
    for leaf in return_type_leaves:
        result.append(leaf, preformatted=True, track_bracket=id(leaf) in to_track)
    first_visible = next((leaf for leaf in return_type_leaves if leaf.value), None)
    return result.magic_trailing_comma is not None or (
        first_visible is not None and first_visible.type == STRING and not is_line_short_enough(result)
    )


def left_hand_split(line: Line, force: bool) -> Iterator[Line]:
    for leaf_type in (LPAR, LSQB):
        tail_leaves: list[Leaf] = []
        body_leaves: list[Leaf] = []
        head_leaves: list[Leaf] = []
        current = head_leaves
        matching_bracket: Leaf | None = None
        depth = 0
        for index, leaf in enumerate(line.leaves):
            if index == 2 and leaf.type == LSQB:
                depth += 1
            elif depth > 0:
                if leaf.type == LSQB:
                    depth += 1
                elif leaf.type == RSQB:
                    depth -= 1
            if (
                current is body_leaves
                and leaf.type in CLOSING_BRACKETS
                and leaf.opening_bracket is matching_bracket
                and isinstance(matching_bracket, Leaf)
                and not (leaf_type == LPAR and depth > 0)
            ):
                ensure_visible(leaf)
                ensure_visible(matching_bracket)
                current = tail_leaves if body_leaves else head_leaves
            current.append(leaf)
            if current is head_leaves and leaf.type == leaf_type and not (leaf_type == LPAR and depth > 0):
                matching_bracket = leaf
                current = body_leaves
        if matching_bracket and tail_leaves:
            break
    if not matching_bracket or not tail_leaves:
        raise CannotSplit("No brackets found")
    head = build_line(head_leaves, line, matching_bracket, "head")
    body = build_line(body_leaves, line, matching_bracket, "body")
    tail = build_line(tail_leaves, line, matching_bracket, "tail")
    succeeded_or_raise(head, body, tail)
    for result in (head, body, tail):
        if result:
            yield result


def _dont_increase_indentation(split_lines: Iterator[Line]) -> Iterator[Line]:
    for split_line in split_lines:
        split_line.leaves[0].prefix = ""
        yield split_line


def delimiter_split(line: Line, force: bool) -> Iterator[Line]:
    return _dont_increase_indentation(_delimiter_split(line))


def _delimiter_split(line: Line) -> Iterator[Line]:
    if len(line.leaves) == 0:
        raise CannotSplit("Line empty")
    last_leaf = line.leaves[-1]
    bt = line.bracket_tracker
    try:
        delimiter_priority = bt.max_delimiter_priority(exclude={id(last_leaf)})
    except ValueError:
        raise CannotSplit("No delimiters found") from None
    if delimiter_priority == DOT_PRIORITY and bt.delimiter_count_with_priority(delimiter_priority) == 1:
        raise CannotSplit("Splitting a single attribute from its owner looks wrong")
    current_line = Line(depth=line.depth, inside_brackets=line.inside_brackets)
    for leaf in line.leaves:
        try:
            current_line.append_safe(leaf, preformatted=True)
        except ValueError:
            yield current_line
            current_line = Line(depth=line.depth, inside_brackets=line.inside_brackets)
            current_line.append(leaf)
        if bt.delimiters.get(id(leaf)) == delimiter_priority:
            yield current_line
            current_line = Line(depth=line.depth, inside_brackets=line.inside_brackets)
    if current_line:
        if (
            delimiter_priority == COMMA_PRIORITY
            and current_line.leaves[-1].type != COMMA
            and current_line.leaves[-1].type != STANDALONE_COMMENT
        ):
            current_line.append(Leaf(COMMA, ","))
        yield current_line

