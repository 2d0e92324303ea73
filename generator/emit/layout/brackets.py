"""Splitting a line at a pair of brackets (black's bracket_split_build_line and
friends, black/linegen.py): the head, body and tail lines a split makes."""

from __future__ import annotations


from generator.emit.layout.lines import COMMA_PRIORITY, Line
from generator.emit.layout.tree import BRACKET, CLOSING_BRACKETS, COMMA, LPAR, OPENING_BRACKETS, RARROW, RPAR, STANDALONE_COMMENT, Leaf

class CannotTransform(Exception):
    pass


class CannotSplit(CannotTransform):
    pass


def succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
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


def build_line(leaves: list[Leaf], original: Line, opening_bracket: Leaf, component: str) -> Line:
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


def ensure_visible(leaf: Leaf) -> None:
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


