"""Splitting a line that is too long, exactly as black does: a port of
transform_line and its right-hand, left-hand and delimiter splits
(black/linegen.py, black/lines.py), without the preview features and
without comments inside brackets (the engine leaves those to black).

`force` stands for black's FORCE_OPTIONAL_PARENTHESES feature; the
trailing-comma features are always on (the target is Python 3.10).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.emit.layout.lines import (
    COMMA_PRIORITY, DOT_PRIORITY, LINE_LENGTH, Line, is_line_short_enough, is_one_sequence_between, line_to_string,
)
from generator.emit.layout.tokens import Unsupported
from generator.emit.layout.tree import (
    BRACKET, BRACKETS, CLOSING_BRACKETS, COLON, COMMA, DOT, EQUAL, LBRACE, LPAR, LSQB, NAME, OPENING_BRACKETS,
    RARROW, RBRACE, RPAR, RSQB, STANDALONE_COMMENT, STRING, Leaf,
)


class CannotTransform(Exception):
    pass


class CannotSplit(CannotTransform):
    pass


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
                _ensure_visible(leaf)
                _ensure_visible(matching_bracket)
                current = tail_leaves if body_leaves else head_leaves
            current.append(leaf)
            if current is head_leaves and leaf.type == leaf_type and not (leaf_type == LPAR and depth > 0):
                matching_bracket = leaf
                current = body_leaves
        if matching_bracket and tail_leaves:
            break
    if not matching_bracket or not tail_leaves:
        raise CannotSplit("No brackets found")
    head = _build_line(head_leaves, line, matching_bracket, "head")
    body = _build_line(body_leaves, line, matching_bracket, "body")
    tail = _build_line(tail_leaves, line, matching_bracket, "tail")
    _succeeded_or_raise(head, body, tail)
    for result in (head, body, tail):
        if result:
            yield result


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
    head = _build_line(head_leaves, line, opening_bracket, "head")
    body = _build_line(body_leaves, line, opening_bracket, "body")
    tail = _build_line(tail_leaves, line, opening_bracket, "tail")
    _succeeded_or_raise(head, body, tail)
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
    _ensure_visible(rhs.opening_bracket)
    _ensure_visible(rhs.closing_bracket)
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


def _succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_len = len(str(tail).strip())
    if not body:
        if tail_len == 0:
            raise CannotSplit("Splitting brackets produced the same line")
        elif tail_len < 3:
            raise CannotSplit(f"Splitting brackets on an empty body to save {tail_len} characters is not worth it")


def _annotation_type(leaf: Leaf) -> str | None:
    ancestor = leaf.parent
    while ancestor is not None:
        previous = ancestor.prev_sibling
        if previous is not None and previous.type == RARROW:
            return "return"
        if ancestor.parent and ancestor.parent.type == "tname":
            return "param"
        ancestor = ancestor.parent
    return None


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening_bracket: Leaf) -> bool:
    if not leaves:
        return False
    if original.is_import:
        return True
    if not original.is_def:
        return False
    if opening_bracket.value != "(":
        return False
    if any(leaf.type == COMMA and _annotation_type(leaf) is None for leaf in leaves):
        return False
    leaf_with_parent = next((leaf for leaf in leaves if leaf.parent), None)
    if leaf_with_parent is None:
        return True
    if _annotation_type(leaf_with_parent) == "return":
        return False
    if (
        leaf_with_parent.parent
        and leaf_with_parent.parent.next_sibling
        and leaf_with_parent.parent.next_sibling.type == "VBAR"
    ):
        return False
    return True


def _build_line(leaves: list[Leaf], original: Line, opening_bracket: Leaf, component: str) -> Line:
    result = Line(depth=original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening_bracket):
            for i in range(len(leaves) - 1, -1, -1):
                if leaves[i].type == STANDALONE_COMMENT:
                    continue
                if leaves[i].type != COMMA:
                    leaves.insert(i + 1, Leaf(COMMA, ","))
                break
    to_track = get_leaves_inside_matching_brackets(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track_bracket=id(leaf) in to_track)
        for comment_after in original.comments_after(leaf):
            result.append(comment_after, preformatted=True)
    if component == "body" and should_split_line(result, opening_bracket):
        result.should_split_rhs = True
    return result


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.type == LPAR:
        leaf.value = "("
    elif leaf.type == RPAR:
        leaf.value = ")"


def get_leaves_inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    start_index = next((i for i, leaf in enumerate(leaves) if leaf.type in OPENING_BRACKETS), None)
    if start_index is None:
        return set()
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    for leaf in leaves[start_index:]:
        if leaf.type in OPENING_BRACKETS:
            stack.append((BRACKET[leaf.type], [id(leaf)]))
        elif leaf.type in CLOSING_BRACKETS:
            if stack and leaf.type == stack[-1][0]:
                _, level_ids = stack.pop()
                level_ids.append(id(leaf))
                ids.update(level_ids)
            else:
                break
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def should_split_line(line: Line, opening_bracket: Leaf) -> bool:
    if not (opening_bracket.parent and opening_bracket.value in "[{("):
        return False
    exclude = set()
    trailing_comma = False
    try:
        last_leaf = line.leaves[-1]
        if last_leaf.type == COMMA:
            trailing_comma = True
            exclude.add(id(last_leaf))
        max_priority = line.bracket_tracker.max_delimiter_priority(exclude=exclude)
    except (IndexError, ValueError):
        return False
    return max_priority == COMMA_PRIORITY and (
        trailing_comma or opening_bracket.parent.type in {"atom", "import_from"}
    )


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


__all__ = ["transform_line", "CannotTransform", "LBRACE", "RBRACE"]
