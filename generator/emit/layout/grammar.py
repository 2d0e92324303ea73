"""Tokens of one logical line -> its statement (a simple statement, a block
header or a decorator) as a tree shaped as blib2to3 (black's parser) builds it.

The statement rules of blib2to3's Grammar.txt that generated code uses, on
top of the expression rules (generator.emit.layout.expressions); anything
else raises Unsupported.
"""

from __future__ import annotations

from generator.emit.layout.expressions import ExpressionParser
from generator.emit.layout.tokens import Token, Unsupported
from generator.emit.layout.tree import (
    COLON, COMMA, DOT, DOUBLESTAR, EQUAL, LN, LPAR, NAME, NEWLINE, RARROW, RPAR, SLASH, STAR, AT, Leaf, Node,
    make_node,
)

# (`match` and `case` are soft keywords: as names they start plain statements; a real match
# statement does not parse as one and is refused there.)
_UNSUPPORTED_STARTS = frozenset({
    "with", "async", "await", "lambda", "yield", "global", "nonlocal", "assert", "del",
})


class _Parser(ExpressionParser):
    def statement(self) -> Node:
        first = self.peek()
        if first is None:
            raise Unsupported("empty line")
        if first.type == AT:
            return Node("decorator", [self.take(), self.test(), Leaf(NEWLINE, "\n")])
        word = first.value if first.type == NAME else ""
        if word in _UNSUPPORTED_STARTS:
            raise Unsupported(f"statement {word!r}")
        header = {
            "class": self.classdef, "def": self.funcdef, "if": self._conditional, "elif": self._conditional,
            "while": self._conditional, "for": self.for_header, "else": self._bare_clause, "try": self._bare_clause,
            "finally": self._bare_clause, "except": self.except_header,
        }.get(word)
        if header is not None:
            node = header()
            if not self.done():
                raise Unsupported("code after a block's colon")
            return node
        stmt = self.small_statement(word)
        if not self.done():
            raise Unsupported(f"unexpected {self.peek()!r}")
        return Node("simple_stmt", [stmt, Leaf(NEWLINE, "\n")])

    def small_statement(self, word: str) -> LN:
        if word in ("pass", "break", "continue"):
            return self.take()
        if word == "return":
            keyword = self.take()
            return keyword if self.done() else Node("return_stmt", [keyword, self.testlist_star_expr()])
        if word == "raise":
            children: list[LN] = [self.take()]
            if not self.done():
                children.append(self.test())
                if self.at_kw("from"):
                    children += [self.take(), self.test()]
            return make_node("raise_stmt", children)
        if word == "import":
            return Node("import_name", [self.take(), self._dotted_as_names()])
        if word == "from":
            return self.import_from()
        return self.expr_stmt()

    def expr_stmt(self) -> LN:
        target = self.testlist_star_expr()
        if self.at(COLON):
            annotation: list[LN] = [self.take(), self.test()]
            if self.at(EQUAL):
                annotation += [self.take(), self.testlist_star_expr()]
            return Node("expr_stmt", [target, Node("annassign", annotation)])
        children = [target]
        while self.at(EQUAL):
            children += [self.take(), self.testlist_star_expr()]
        return make_node("expr_stmt", children)

    def _dotted_name(self) -> LN:
        children: list[LN] = [self.expect(NAME)]
        while self.at(DOT):
            children += [self.take(), self.expect(NAME)]
        return make_node("dotted_name", children)

    def _dotted_as_names(self) -> LN:
        def one() -> LN:
            name = self._dotted_name()
            return Node("dotted_as_name", [name, self.take(), self.expect(NAME)]) if self.at_kw("as") else name

        children = [one()]
        while self.at(COMMA):
            children += [self.take(), one()]
        return make_node("dotted_as_names", children)

    def import_from(self) -> Node:
        children: list[LN] = [self.take()]
        while self.at(DOT):
            children.append(self.take())
        if not self.at_kw("import"):
            children.append(self._dotted_name())
        children.append(self.expect(NAME, "import"))
        if self.at(STAR):
            children.append(self.take())
        elif self.at(LPAR):
            children += [self.take(), self._import_as_names(), self.expect(RPAR)]
        else:
            children.append(self._import_as_names())
        return Node("import_from", children)

    def _import_as_names(self) -> LN:
        def one() -> LN:
            name = self.expect(NAME)
            return Node("import_as_name", [name, self.take(), self.expect(NAME)]) if self.at_kw("as") else name

        children = [one()]
        while self.at(COMMA):
            children.append(self.take())
            if self.done() or self.at(RPAR):
                break
            children.append(one())
        return make_node("import_as_names", children)

    def classdef(self) -> Node:
        children: list[LN] = [self.take(), self.expect(NAME)]
        if self.at(LPAR):
            children.append(self.take())
            if not self.at(RPAR):
                children.append(self.arglist())
            children.append(self.expect(RPAR))
        children.append(self.expect(COLON))
        return Node("classdef", children)

    def funcdef(self) -> Node:
        children: list[LN] = [self.take(), self.expect(NAME)]
        opening = self.expect(LPAR)
        params: list[LN] = [opening]
        if not self.at(RPAR):
            params.append(self.typedargslist())
        params.append(self.expect(RPAR))
        children.append(Node("parameters", params))
        if self.at(RARROW):
            children += [self.take(), self.test()]
        children.append(self.expect(COLON))
        return Node("funcdef", children)

    def typedargslist(self) -> LN:
        children: list[LN] = []
        while not self.at(RPAR):
            if self.at(STAR):
                children.append(self.take())
                if self.at(NAME):
                    children.append(self._tname("tname_star"))
            elif self.at(DOUBLESTAR):
                children += [self.take(), self._tname("tname")]
            elif self.at(SLASH):
                children.append(self.take())
            else:
                children.append(self._tname("tname"))
                if self.at(EQUAL):
                    children += [self.take(), self.test()]
            if not self.at(COMMA):
                break
            children.append(self.take())
        return make_node("typedargslist", children)

    def _tname(self, kind: str) -> LN:
        name = self.expect(NAME)
        if self.at(COLON):
            return Node(kind, [name, self.take(), self.test()])
        return name

    def _conditional(self) -> Node:
        keyword = self.take()
        kind = "while_stmt" if keyword.value == "while" else "if_stmt"
        return Node(kind, [keyword, self.test(), self.expect(COLON)])

    def for_header(self) -> Node:
        return Node("for_stmt", [self.take(), self.exprlist(), self.expect(NAME, "in"),
                                 self.testlist_star_expr(), self.expect(COLON)])

    def _bare_clause(self) -> Node:
        keyword = self.take()
        return Node("try_stmt" if keyword.value in ("try", "finally") else "if_stmt", [keyword, self.expect(COLON)])

    def except_header(self) -> Node:
        clause: list[LN] = [self.take()]
        if not self.at(COLON):
            clause.append(self.test())
            if self.at_kw("as"):
                clause += [self.take(), self.expect(NAME)]
        return Node("try_stmt", [make_node("except_clause", clause), self.expect(COLON)])


def parse_statement(tokens: list[Token]) -> Node:
    """The tree of one logical line: a simple statement, a decorator or a block header."""
    return _Parser(tokens).statement()
