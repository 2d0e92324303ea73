"""One statement's tree -> black's Line: invisible parentheses, string and
number normalization, spacing (the parts of black/linegen.py's LineGenerator
that act within a statement)."""

from __future__ import annotations

from generator.emit.layout.lines import COMMA_PRIORITY, BracketTracker, Line
from generator.emit.layout.strings import format_docstring, get_string_prefix, make_comment, normalize_number, normalize_string
from generator.emit.layout.tokens import Unsupported
from generator.emit.layout.tree import (
    ASSIGNMENTS, COMMA, COMMENT, LBRACE, LN, LPAR, LSQB, NAME, NEWLINE, NUMBER, OPENING_BRACKETS, RARROW,
    RBRACE, RPAR, RSQB, STAR, STRING, Leaf, Node, replace,
)

_PARENS_AFTER = {
    "expr_stmt": ASSIGNMENTS, "return_stmt": frozenset({"return"}), "import_from": frozenset({"import"}),
    "if_stmt": frozenset({"if", "elif"}), "while_stmt": frozenset({"while"}), "for_stmt": frozenset({"for", "in"}),
    "except_clause": frozenset({"except"}), "classdef": frozenset(), "try_stmt": frozenset(),
}


def statement_line(tree: Node, depth: int, docstring: bool = False, comment: str | None = None) -> Line:
    """The Line black builds for a statement (or block header, or decorator)."""
    _visit(tree)
    line = Line(depth=depth)
    for leaf in tree.leaves():
        if leaf.type == NEWLINE:
            continue
        if leaf.type == STRING:
            leaf.value = format_docstring(leaf.value, depth, 88) if docstring and _docstring_prefix_ok(leaf) \
                else normalize_string(leaf.value)
        elif leaf.type == NUMBER:
            leaf.value = normalize_number(leaf.value)
        line.append(leaf)
    if comment is not None:
        line.append(Leaf(COMMENT, make_comment(comment)))
    return line


def _docstring_prefix_ok(leaf: Leaf) -> bool:
    return not set(get_string_prefix(leaf.value)).intersection("bBfFtT")


def _visit(node: LN) -> None:
    """Depth-first, as black's visitor: each statement normalizes before its children."""
    if isinstance(node, Leaf):
        return
    kind = node.type
    if kind == "simple_stmt":
        first = node.children[0]
        if first.type in {"arith_expr", "shift_expr", "xor_expr", "and_expr"}:
            _wrap_in_parentheses(node, first, visible=False, index=0)
    elif kind in _PARENS_AFTER:
        normalize_invisible_parens(node, _PARENS_AFTER[kind])
    elif kind == "funcdef":
        _visit_funcdef(node)
    elif kind == "tname":
        if len(node.children) == 3 and maybe_make_parens_invisible_in_atom(node.children[2], parent=node):
            _wrap_in_parentheses(node, node.children[2], visible=False)
    elif kind == "test":
        previous = node.prev_sibling
        if not (previous is not None and previous.type == LPAR):
            node.insert_child(0, Leaf(LPAR, ""))
            node.append_child(Leaf(RPAR, ""))
    elif kind == "atom" and len(node.children) == 3:
        first, last = node.children[0], node.children[-1]
        if (first.type == LSQB and last.type == RSQB) or (first.type == LBRACE and last.type == RBRACE):
            maybe_make_parens_invisible_in_atom(node.children[1], parent=node)
    for child in list(node.children):
        _visit(child)


def _visit_funcdef(node: Node) -> None:
    is_return_annotation = False
    for child in list(node.children):
        if child.type == RARROW:
            is_return_annotation = True
        elif is_return_annotation:
            if child.type == "atom" and isinstance(child, Node) and child.children[0].type == LPAR:
                if maybe_make_parens_invisible_in_atom(child, parent=node):
                    _wrap_in_parentheses(node, child, visible=False)
            else:
                _wrap_in_parentheses(node, child, visible=False)
            is_return_annotation = False


def normalize_invisible_parens(node: Node, parens_after: frozenset[str]) -> None:  # noqa: C901 - mirrors black
    check_lpar = False
    for index, child in enumerate(list(node.children)):
        if isinstance(child, Node) and child.type == "annassign":
            normalize_invisible_parens(child, parens_after)
        if index == 0 and isinstance(child, Node) and child.type == "testlist_star_expr":
            check_lpar = True
        if (
            index == 0
            and isinstance(child, Node)
            and child.type == "atom"
            and node.type == "expr_stmt"
            and not _is_one_tuple(child)
        ):
            if _annotated(node):
                raise Unsupported("parenthesized annotation target")
            if maybe_make_parens_invisible_in_atom(child, parent=node, remove_brackets_around_comma=True,
                                                   allow_star_expr=True):
                _wrap_in_parentheses(node, child, visible=False, index=index)
        if check_lpar:
            if (
                child.type == "atom"
                and node.type == "for_stmt"
                and isinstance(child.prev_sibling, Leaf)
                and child.prev_sibling.type == NAME
                and child.prev_sibling.value == "for"
            ):
                if maybe_make_parens_invisible_in_atom(child, parent=node, remove_brackets_around_comma=True):
                    _wrap_in_parentheses(node, child, visible=False, index=index)
            elif child.type == "atom":
                if "in" in parens_after and _is_parenthesized_ternary(child):
                    raise Unsupported("a parenthesized ternary as an iterable")
                if maybe_make_parens_invisible_in_atom(child, parent=node):
                    _wrap_in_parentheses(node, child, visible=False, index=index)
            elif _is_one_tuple(child):
                _wrap_in_parentheses(node, child, visible=True, index=index)
            elif node.type == "import_from":
                _normalize_import_from(node, child, index)
                break
            elif index == 1 and child.type == STAR and node.type == "except_clause":
                continue
            elif not (isinstance(child, Leaf) and child.type == STRING and "\n" in child.value
                      and child.value.lstrip("furbFURB")[:3] in {'"""', "'''"}):
                _wrap_in_parentheses(node, child, visible=False, index=index)
        check_lpar = isinstance(child, Leaf) and (child.value in parens_after or child.type == COMMA)


def _annotated(node: Node) -> bool:
    return len(node.children) >= 2 and node.children[1].type == "annassign"


def _is_parenthesized_ternary(node: LN) -> bool:
    return isinstance(node, Node) and len(node.children) == 3 and node.children[1].type == "test"


def _normalize_import_from(parent: Node, child: LN, index: int) -> None:
    if child.type == LPAR:
        assert isinstance(child, Leaf)
        child.value = ""
        last = parent.children[-1]
        assert isinstance(last, Leaf) and last.type == RPAR
        last.value = ""
    elif child.type != STAR:
        parent.insert_child(index, Leaf(LPAR, ""))
        parent.append_child(Leaf(RPAR, ""))


def _wrap_in_parentheses(parent: Node, child: LN, visible: bool = True, index: int | None = None) -> None:
    lpar = Leaf(LPAR, "(" if visible else "")
    rpar = Leaf(RPAR, ")" if visible else "")
    if index is None:
        index = child.remove() or 0
        parent.insert_child(index, Node("atom", [lpar, child, rpar]))
    else:
        child.parent = None
        new_child = Node("atom", [lpar, child, rpar])
        parent.children[index] = new_child
        new_child.parent = parent


def _unwrap_singleton_parenthesis(node: LN) -> LN | None:
    if not isinstance(node, Node) or len(node.children) != 3:
        return None
    lpar, wrapped, rpar = node.children
    if not (lpar.type == LPAR and rpar.type == RPAR):
        return None
    return wrapped


def _is_one_tuple(node: LN) -> bool:
    if node.type == "atom":
        gexp = _unwrap_singleton_parenthesis(node)
        if gexp is None or gexp.type != "testlist_gexp":
            return False
        return isinstance(gexp, Node) and len(gexp.children) == 2 and gexp.children[1].type == COMMA
    return (
        node.type in {"testlist", "testlist_star_expr", "exprlist"}
        and isinstance(node, Node)
        and len(node.children) == 2
        and node.children[1].type == COMMA
    )


def _gexp_of(node: LN) -> Node | None:
    if node.type != "atom":
        return None
    gexp = _unwrap_singleton_parenthesis(node)
    return gexp if isinstance(gexp, Node) and gexp.type == "testlist_gexp" else None


def _max_delimiter_priority_in_atom(node: LN) -> int:
    if not isinstance(node, Node) or node.type != "atom":
        return 0
    first, last = node.children[0], node.children[-1]
    if not (first.type == LPAR and last.type == RPAR):
        return 0
    tracker = BracketTracker()
    for leaf in _top_level_leaves(node.children[1:-1]):
        tracker.mark(leaf)
    try:
        return tracker.max_delimiter_priority()
    except ValueError:
        return 0


def _top_level_leaves(children: list[LN]):  # type: ignore[no-untyped-def]
    for child in children:
        if isinstance(child, Leaf):
            yield child
            continue
        if not child.children:
            continue
        first, last = child.children[0], child.children[-1]
        if isinstance(first, Leaf) and isinstance(last, Leaf) and first.type in OPENING_BRACKETS \
                and last.type in {RPAR, RSQB, RBRACE}:
            yield first
            yield last
        else:
            yield from _top_level_leaves(child.children)


def maybe_make_parens_invisible_in_atom(node: LN, parent: LN, remove_brackets_around_comma: bool = False,
                                        allow_star_expr: bool = False) -> bool:
    """If it's safe, make the parens in the atom `node` invisible, recursively;
    True when the node should itself be wrapped in invisible parentheses."""
    gexp = _gexp_of(node)
    if (
        node.type not in ("atom", "expr")
        or (isinstance(node, Node) and node.type == "atom" and len(node.children) == 2
            and node.children[0].type == LPAR and node.children[1].type == RPAR)
        or _is_one_tuple(node)
        or (not remove_brackets_around_comma and _max_delimiter_priority_in_atom(node) >= COMMA_PRIORITY)
        or (not allow_star_expr and gexp is not None and any(c.type == "star_expr" for c in gexp.children))
        or (gexp is not None and any(c.type == "old_comp_for" for c in gexp.children))
    ):
        return False
    assert isinstance(node, Node)
    first, last = node.children[0], node.children[-1]
    if first.type == LPAR and last.type == RPAR:
        middle = node.children[1]
        assert isinstance(first, Leaf) and isinstance(last, Leaf)
        first.value = ""
        last.value = ""
        maybe_make_parens_invisible_in_atom(middle, parent=parent,
                                            remove_brackets_around_comma=remove_brackets_around_comma)
        if (isinstance(middle, Node) and middle.type == "atom" and middle.children[0].type == LPAR
                and not middle.children[0].value and middle.children[-1].type == RPAR
                and not middle.children[-1].value):  # type: ignore[union-attr]
            replace(middle, middle.children[1])
        return False
    return True

