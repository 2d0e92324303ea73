"""Expressions of one logical line -> trees shaped as blib2to3 (black's parser) builds them.

Recursive descent (precedence climbing for binary operators) over the rules
of blib2to3's Grammar.txt that generated code uses; node names and the
single-child collapsing follow blib2to3, since black's layout decisions read
them. Anything else raises Unsupported.
"""

from __future__ import annotations

from generator.emit.layout.tokens import Token, Unsupported
from generator.emit.layout.tree import (
    AMPER, AT, CIRCUMFLEX, COLON, COMMA, DOT, DOUBLESLASH, DOUBLESTAR, EQEQUAL, EQUAL, GREATER, GREATEREQUAL,
    KEYWORDS, LBRACE, LEFTSHIFT, LESS, LESSEQUAL, LN, LPAR, LSQB, MINUS, NAME, NOTEQUAL, NUMBER, PERCENT,
    PLUS, RBRACE, RIGHTSHIFT, RPAR, RSQB, SLASH, STAR, STRING, TILDE, VBAR, Leaf, Node, make_node,
)

# Binary levels, loosest first, and the node each builds.
_OR, _AND, _NOT, _COMPARE, _BITOR = 1, 2, 3, 4, 5
_LEVEL_NODES = {1: "or_test", 2: "and_test", 4: "comparison", 5: "expr", 6: "xor_expr", 7: "and_expr",
                8: "shift_expr", 9: "arith_expr", 10: "term"}
_WORD_LEVELS = {"or": _OR, "and": _AND, "in": _COMPARE, "is": _COMPARE}
_OP_LEVELS = {
    LESS: 4, GREATER: 4, EQEQUAL: 4, NOTEQUAL: 4, LESSEQUAL: 4, GREATEREQUAL: 4,
    VBAR: 5, CIRCUMFLEX: 6, AMPER: 7, LEFTSHIFT: 8, RIGHTSHIFT: 8,
    PLUS: 9, MINUS: 9, STAR: 10, SLASH: 10, PERCENT: 10, DOUBLESLASH: 10, AT: 10,
}
_ATOM_NAMES = frozenset({"None", "True", "False"})
# Statement keywords the engine leaves to black.


class ExpressionParser:
    """The cursor over a line's leaves and the expression rules."""

    def __init__(self, tokens: list[Token]) -> None:
        self.leaves = [Leaf(t.type, t.value) for t in tokens]
        self.leaves.append(Leaf("ENDMARKER", ""))  # a sentinel: the cursor never runs off the end
        self.pos = 0
        self.cur = self.leaves[0]  # the next leaf

    # -- cursor -------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Leaf | None:
        index = self.pos + ahead
        leaf = self.leaves[index] if index < len(self.leaves) else None
        return None if leaf is None or leaf.type == "ENDMARKER" else leaf

    def at(self, type: str, value: str | None = None) -> bool:
        cur = self.cur
        return cur.type == type and (value is None or cur.value == value)

    def at_kw(self, value: str) -> bool:
        cur = self.cur
        return cur.type == NAME and cur.value == value

    def take(self) -> Leaf:
        leaf = self.cur
        if leaf.type == "ENDMARKER":
            raise Unsupported("unexpected end of line")
        self.pos += 1
        self.cur = self.leaves[self.pos]
        return leaf

    def expect(self, type: str, value: str | None = None) -> Leaf:
        if not self.at(type, value):
            raise Unsupported(f"expected {value or type} at {self.peek()!r}")
        return self.take()

    def done(self) -> bool:
        return self.cur.type == "ENDMARKER"

    # -- expressions ----------------------------------------------------------
    def test(self) -> LN:
        if self.at_kw("lambda"):
            raise Unsupported("lambda")
        left = self.or_test()
        if self.at_kw("if"):
            return Node("test", [left, self.take(), self.or_test(), self.expect(NAME, "else"), self.test()])
        return left

    def or_test(self) -> LN:
        return self._climb(_OR)

    def expr(self) -> LN:
        return self._climb(_BITOR)

    def _level(self) -> int:
        """The binary level of the next token (0: none)."""
        leaf = self.cur
        if leaf.type == NAME:
            value = leaf.value
            if value == "not":
                after = self.peek(1)
                return _COMPARE if after is not None and after.type == NAME and after.value == "in" else 0
            return _WORD_LEVELS.get(value, 0)
        return _OP_LEVELS.get(leaf.type, 0)

    def _climb(self, min_level: int) -> LN:
        """Precedence climbing, building blib2to3's flat node per level (a + b + c is one arith_expr)."""
        left = self._operand(min_level)
        level = self._level()
        while level >= min_level and level:
            children = [left]
            while self._level() == level:
                children += [self._comp_op() if level == _COMPARE else self.take(), self._climb(level + 1)]
            left = Node(_LEVEL_NODES[level], children)
            level = self._level()
        return left

    def _operand(self, min_level: int) -> LN:
        if self.at_kw("not"):
            if min_level > _NOT:
                raise Unsupported("'not' inside a comparison operand")
            return Node("not_test", [self.take(), self._climb(_NOT)])
        return self.factor()

    def _comp_op(self) -> LN:
        first = self.take()
        if first.type == NAME and first.value == "not":
            return Node("comp_op", [first, self.take()])
        if first.type == NAME and first.value == "is" and self.at_kw("not"):
            return Node("comp_op", [first, self.take()])
        return first

    def star_expr(self) -> Node:
        return Node("star_expr", [self.expect(STAR), self.expr()])

    def factor(self) -> LN:
        if self.at(PLUS) or self.at(MINUS) or self.at(TILDE):
            return Node("factor", [self.take(), self.factor()])
        return self.power()

    def power(self) -> LN:
        children = [self.atom()]
        while self.at(LPAR) or self.at(LSQB) or self.at(DOT):
            children.append(self.trailer())
        if self.at(DOUBLESTAR):
            raise Unsupported("power operator")
        if isinstance(children[0], Leaf) and children[0].type == NUMBER and len(children) > 1:
            raise Unsupported("attribute of a number literal")
        return make_node("power", children)

    def atom(self) -> LN:
        leaf = self.cur
        if leaf.type == LPAR:
            return self._bracketed(RPAR, lambda: self._sequence("testlist_gexp", "old_comp_for", RPAR))
        if leaf.type == LSQB:
            return self._bracketed(RSQB, lambda: self._sequence("listmaker", "old_comp_for", RSQB))
        if leaf.type == LBRACE:
            return self._bracketed(RBRACE, self.dictsetmaker)
        if leaf.type == NAME and (leaf.value not in KEYWORDS or leaf.value in _ATOM_NAMES):
            return self.take()
        if leaf.type == NUMBER:
            return self.take()
        if leaf.type == STRING:
            strings: list[LN] = [self.take()]
            while self.at(STRING):
                strings.append(self.take())
            return make_node("atom", strings)
        if leaf.type == DOT and self.at_three_dots():
            return Node("atom", [self.take(), self.take(), self.take()])
        raise Unsupported(f"unexpected {leaf!r}")

    def at_three_dots(self) -> bool:
        return all((self.peek(i) is not None and self.peek(i).type == DOT) for i in range(3))  # type: ignore[union-attr]

    def _bracketed(self, closer: str, inner) -> Node:  # type: ignore[no-untyped-def]
        opening = self.take()
        if self.at(closer):
            return Node("atom", [opening, self.take()])
        content = inner()
        return Node("atom", [opening, content, self.expect(closer)])

    def _item(self) -> LN:
        return self.star_expr() if self.at(STAR) else self.test()

    def _sequence(self, node_type: str, comp_type: str, closer: str) -> LN:
        children = [self._item()]
        if self.at_kw("for"):
            return Node(node_type, [children[0], self.comp_for(comp_type)])
        while self.at(COMMA):
            children.append(self.take())
            if self.at(closer):
                break
            children.append(self._item())
        return make_node(node_type, children)

    def dictsetmaker(self) -> LN:
        children: list[LN] = []

        def item() -> None:
            if self.at(DOUBLESTAR):
                children.extend([self.take(), self.expr()])
            elif self.at(STAR):
                children.append(self.star_expr())
            else:
                key = self.test()
                children.append(key)
                if self.at(COLON):
                    children.extend([self.take(), self.test()])

        item()
        if self.at_kw("for"):
            children.append(self.comp_for("comp_for"))
            return make_node("dictsetmaker", children)
        while self.at(COMMA):
            children.append(self.take())
            if self.at(RBRACE):
                break
            item()
        return make_node("dictsetmaker", children)

    def comp_for(self, kind: str) -> Node:
        children: list[LN] = [self.expect(NAME, "for"), self.exprlist(), self.expect(NAME, "in"), self.or_test()]
        following = self._comp_iter(kind)
        if following is not None:
            children.append(following)
        return Node(kind, children)

    def _comp_iter(self, kind: str) -> Node | None:
        if self.at_kw("for"):
            return self.comp_for(kind)
        if self.at_kw("if"):
            children: list[LN] = [self.take(), self.or_test()]
            following = self._comp_iter(kind)
            if following is not None:
                children.append(following)
            return Node("comp_if" if kind == "comp_for" else "old_comp_if", children)
        return None

    def exprlist(self) -> LN:
        children = [self.star_expr() if self.at(STAR) else self.expr()]
        while self.at(COMMA):
            children.append(self.take())
            if self.at_kw("in") or self.at(EQUAL) or self.done():
                break
            children.append(self.star_expr() if self.at(STAR) else self.expr())
        return make_node("exprlist", children)

    def trailer(self) -> Node:
        if self.at(DOT):
            return Node("trailer", [self.take(), self.expect(NAME)])
        if self.at(LPAR):
            opening = self.take()
            if self.at(RPAR):
                return Node("trailer", [opening, self.take()])
            return Node("trailer", [opening, self.arglist(), self.expect(RPAR)])
        opening = self.expect(LSQB)
        return Node("trailer", [opening, self.subscriptlist(), self.expect(RSQB)])

    def arglist(self) -> LN:
        children = [self.argument()]
        while self.at(COMMA):
            children.append(self.take())
            if self.at(RPAR):
                break
            children.append(self.argument())
        return make_node("arglist", children)

    def argument(self) -> LN:
        if self.at(STAR) or self.at(DOUBLESTAR):
            return Node("argument", [self.take(), self.test()])
        first = self.test()
        if self.at(EQUAL):
            return Node("argument", [first, self.take(), self.test()])
        if self.at_kw("for"):
            return Node("argument", [first, self.comp_for("comp_for")])
        return first

    def subscriptlist(self) -> LN:
        children = [self.subscript()]
        while self.at(COMMA):
            children.append(self.take())
            if self.at(RSQB):
                break
            children.append(self.subscript())
        return make_node("subscriptlist", children)

    def subscript(self) -> LN:
        if self.at(STAR):
            return self.star_expr()
        children: list[LN] = []
        if not self.at(COLON):
            children.append(self.test())
            if not self.at(COLON):
                return children[0]
        children.append(self.take())
        if not (self.at(COLON) or self.at(COMMA) or self.at(RSQB)):
            children.append(self.test())
        if self.at(COLON):
            sliceop: list[LN] = [self.take()]
            if not (self.at(COMMA) or self.at(RSQB)):
                sliceop.append(self.test())
            children.append(make_node("sliceop", sliceop))
        return make_node("subscript", children)

    def testlist_star_expr(self) -> LN:
        children = [self._item()]
        while self.at(COMMA):
            children.append(self.take())
            if self.done() or self.at(EQUAL) or self.at(COLON):
                break
            children.append(self._item())
        return make_node("testlist_star_expr", children)
