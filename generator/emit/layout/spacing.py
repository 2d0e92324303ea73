"""The space before each leaf: a port of black's `whitespace()` (black/nodes.py),
reduced to the grammar the generator writes."""

from __future__ import annotations

from generator.emit.layout.tree import (
    ALWAYS_NO_SPACE, AT, COLON, COMMA, COMMENT, DOT, DOUBLESTAR, EQUAL, LPAR, LSQB, MATH_OPERATORS, NAME, NUMBER,
    OPENING_BRACKETS, RPAR, STAR, STRING, TEST_DESCENDANTS, TYPED_NAMES, UNPACKING_PARENTS, VARARGS_PARENTS,
    VARARGS_SPECIALS, Leaf, Node, child_towards, parent_type, preceding_leaf,
)

NO, SPACE, DOUBLESPACE = "", " ", "  "


def is_vararg(leaf: Leaf, within: frozenset[str]) -> bool:
    """A star or double star of *args/**kwargs (or an unpacking), not an operator."""
    if leaf.type not in VARARGS_SPECIALS or not leaf.parent:
        return False
    p = leaf.parent
    if p.type == "star_expr":
        if not p.parent:
            return False
        p = p.parent
    return p.type in within


def whitespace(leaf: Leaf, complex_subscript: bool) -> str:  # noqa: C901 - mirrors black's decision list
    t = leaf.type
    p = leaf.parent
    v = leaf.value
    if t in ALWAYS_NO_SPACE:
        return NO
    if t == COMMENT:
        return DOUBLESPACE
    assert p is not None, f"hand-made leaf without parent: {leaf!r}"
    if t == COLON and p.type not in {"subscript", "subscriptlist", "sliceop"}:
        return NO

    prev = leaf.prev_sibling
    if not prev:
        prevp = preceding_leaf(p)
        if not prevp or prevp.type in OPENING_BRACKETS:
            return NO
        if t == COLON:
            if prevp.type == COLON:
                return NO
            elif prevp.type != COMMA and not complex_subscript:
                return NO
            return SPACE
        if prevp.type == EQUAL:
            if prevp.parent:
                if prevp.parent.type in {"arglist", "argument", "parameters", "varargslist"}:
                    return NO
                elif prevp.parent.type == "typedargslist":
                    return prevp.prefix
        elif (
            prevp.type == STAR
            and parent_type(prevp) == "star_expr"
            and parent_type(prevp.parent) in ("subscriptlist", "tname_star")
        ):
            return NO
        elif prevp.type in VARARGS_SPECIALS:
            if is_vararg(prevp, within=VARARGS_PARENTS | UNPACKING_PARENTS):
                return NO
        elif prevp.type == COLON:
            if prevp.parent and prevp.parent.type in {"subscript", "sliceop"}:
                return SPACE if complex_subscript else NO
        elif prevp.parent and prevp.parent.type == "factor" and prevp.type in MATH_OPERATORS:
            return NO
        elif prevp.type == AT and p.parent and p.parent.type == "decorator":
            return NO
    elif prev.type in OPENING_BRACKETS:
        return NO

    if p.type in {"parameters", "arglist"}:
        if not prev or prev.type != COMMA:
            return NO
    elif p.type == "varargslist":
        if prev and prev.type != COMMA:
            return NO
    elif p.type == "typedargslist":
        if not prev:
            return NO
        if t == EQUAL:
            if prev.type not in TYPED_NAMES:
                return NO
        elif prev.type == EQUAL:
            return prev.prefix
        elif prev.type != COMMA:
            return NO
    elif p.type in TYPED_NAMES:
        if not prev:
            prevp = preceding_leaf(p)
            if not prevp or prevp.type != COMMA:
                return NO
    elif p.type == "trailer":
        if t == LPAR or t == RPAR:
            return NO
        if not prev:
            if t == DOT or t == LSQB:
                return NO
        elif prev.type != COMMA:
            return NO
    elif p.type == "argument":
        if t == EQUAL:
            return NO
        if not prev:
            prevp = preceding_leaf(p)
            if not prevp or prevp.type == LPAR:
                return NO
        elif prev.type in {EQUAL} | VARARGS_SPECIALS:
            return NO
    elif p.type == "decorator":
        return NO
    elif p.type == "dotted_name":
        if prev:
            return NO
        prevp = preceding_leaf(p)
        if not prevp or prevp.type == AT or prevp.type == DOT:
            return NO
    elif p.type == "classdef":
        if t == LPAR:
            return NO
        if prev and prev.type == LPAR:
            return NO
    elif p.type in {"subscript", "sliceop"}:
        if not prev:
            assert p.parent is not None, "subscripts are always parented"
            if p.parent.type == "subscriptlist":
                return SPACE
            return NO
        elif not complex_subscript:
            return NO
    elif p.type == "atom":
        if prev and t == DOT:
            return NO
    elif p.type == "dictsetmaker":
        if prev and prev.type == DOUBLESTAR:
            return NO
    elif p.type in {"factor", "star_expr"}:
        if not prev:
            prevp = preceding_leaf(p)
            if not prevp or prevp.type in OPENING_BRACKETS:
                return NO
            prevp_parent = prevp.parent
            assert prevp_parent is not None
            if prevp.type == COLON and prevp_parent.type in {"subscript", "sliceop"}:
                return NO
            elif prevp.type == EQUAL and prevp_parent.type == "argument":
                return NO
        elif t in {NAME, NUMBER, STRING}:
            return NO
    elif p.type == "import_from":
        if t == DOT:
            if prev and prev.type == DOT:
                return NO
        elif t == NAME:
            if v == "import":
                return SPACE
            if prev and prev.type == DOT:
                return NO
    elif p.type == "sliceop":
        return NO
    elif p.type == "except_clause":
        if t == STAR:
            return NO
    return SPACE


def complex_subscript_at(open_lsqb: Leaf | None, leaf: Leaf, cache: dict[int, bool]) -> bool:
    """black's Line.is_complex_subscript: is `leaf` part of a slice with non-trivial expressions?"""
    if open_lsqb is None:
        return False
    subscript_start = open_lsqb.next_sibling
    if isinstance(subscript_start, Node):
        if subscript_start.type == "listmaker":
            return False
        if subscript_start.type == "subscriptlist":
            subscript_start = child_towards(subscript_start, leaf)
    if subscript_start is None:
        return False
    key = id(subscript_start)
    cached = cache.get(key)
    if cached is None:
        cached = isinstance(subscript_start, Node) and any(
            n.type in TEST_DESCENDANTS for n in subscript_start.pre_order()
        )
        cache[key] = cached
    return cached

