"""Python syntax for the view builders, laid out as black lays it out.

Every input is already valid, escaped Python: a `str` is one token or a dotted name
(`_rt.Exact`, `"key"`, `-1`; generator/layout/pyexpr.py makes the literals), anything else
a construct built here. Each builder returns a `Syn`: the construct's text on one line,
computed as it is built, and how to build its layout document. Most statements fit on
their line, and then that text is the layout (black leaves a line that fits alone: the
generated code has no magic trailing commas). Only a statement that does not fit builds
its document, for the printer (generator/layout/doc.py) to lay out at its indentation:
building it for every statement would cost ten times as much. An expression's document
is an `Expr`, which also carries what black's statement-level rules ask of it.

The rules, from black's linegen.py (stable style, black 24 to 26):

- Inside brackets a line that does not fit splits at its delimiters of the highest
  priority (comma > comparison > `|`), one operand per line, an operator
  leading each continuation line and a trailing comma after the last of a comma list; a
  line with no delimiters splits at its last bracket pair. A group per bracket and a
  group per delimiter list say exactly that (`_bracket`, `union`, `compare`).
- A collection literal (and an import) whose brackets split puts every element on its own
  line, whatever fits: one group for its brackets and its commas.
- One element between brackets gets no trailing comma; function parameters always do.
- A statement's right-hand side, annotation, return value, condition and return annotation
  sit in invisible parentheses. Black splits the statement at its last bracket pair, tries
  to do without the invisible ones (`can_omit_invisible_parens`,
  `_prefer_split_rhs_oop_over_rhs`), then omits trailers (`generate_trailers_to_omit`)
  until the first line fits, and finally takes a "second opinion" with the invisible
  parentheses made real. `_opt_line` replays that at print time, where the column is
  known, through `column`.
- A `def` splits at its parameters first (`left_hand_split`), then its return annotation.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple, TypeAlias

from generator.layout.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    WIDTH,
    Column,
    Concat,
    Doc,
    column,
    concat,
    flat,
    group,
    if_break,
    indent,
    join,
    render,
    str_width,
)
from generator.layout.pyexpr import escape_char

SKIP: Final = "  # fmt: skip"
_COMMA_LINE: Final = concat(",", LINE)
_COMMA_HARDLINE: Final = concat(",", HARDLINE)
COMPARATOR: Final = 10
VBAR: Final = 9


class Syn(Column):
    """A construct: its text on one line, and how to build its layout document, built the
    first time the printer or a construct around it needs it (a column it does not depend on)."""

    __slots__ = ("build", "built")

    def __init__(self, text: str, build: Callable[[], Doc]) -> None:
        self.flat = text
        self.hard = False
        self.build = build
        self.built: Doc | None = None

    def layout(self, col: int = 0, width: int = WIDTH) -> Doc:
        if self.built is None:
            self.built = self.build()
        return self.built

    def __str__(self) -> str:
        return self.flat


class Expr(Concat):
    """An expression's document and what black's rules ask of it.

    `prio`/`count`: its delimiters outside brackets of the highest priority and how many.
    `tail`: its last bracket pair when the expression ends with one (not empty) as
    (text up to and with the opening bracket, the body to print on its own lines, the
    closing bracket); `last` the kind of closing bracket (")", "}", "display]", "]").
    `leaves2`: it has two tokens or more (black's `can_be_split`); `before`: a bracket pair
    comes before the last one;
    `chain`: the operands of a union (a union in a union flattens).
    """

    __slots__ = ("before", "chain", "count", "last", "leaves2", "prio", "tail")

    def __init__(
        self,
        parts: tuple[Doc, ...],
        *,
        prio: int = 0,
        count: int = 0,
        tail: tuple[str, Doc, str] | None = None,
        last: str = "",
        leaves2: bool = True,
        before: bool = False,
        chain: tuple[Expr, ...] | None = None,
    ) -> None:
        super().__init__(parts)
        self.prio = prio
        self.count = count
        self.tail = tail
        self.last = last
        self.leaves2 = leaves2
        self.before = before
        self.chain = chain


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9A-Za-z_.]*|[rRbBuU]{0,2}(\"[^\n]*\"|'[^\n]*')")


def as_expr(doc: Doc) -> Expr:
    """`doc` as an Expr: a `str` is a token or dotted name without brackets."""
    if isinstance(doc, Syn):
        doc = doc.layout()
    if isinstance(doc, Expr):
        return doc
    if isinstance(doc, str):
        return Expr((doc,), leaves2=_TOKEN.fullmatch(doc) is None)
    return Expr((doc,))


def _has_brackets(e: Expr) -> bool:
    return e.tail is not None or e.before or e.last == "empty"


def _bracket(prefix: str, opening: str, items: Sequence[Doc], closing: str, explode: bool) -> Expr:
    """`prefix` + bracketed comma list. `explode`: a collection literal (one group: all
    its elements on their own lines once its brackets split)."""
    docs = list(items)
    if not docs:
        return Expr((prefix + opening + closing,), last="empty")
    if len(docs) == 1:
        inner = split_body = docs[0]
    elif explode:
        inner = concat(join(_COMMA_LINE, docs), if_break(","))
        split_body = concat(join(_COMMA_HARDLINE, docs), ",")
    else:
        inner = split_body = group(join(_COMMA_LINE, docs), if_break(","))
    last = {")": ")", "}": "}", "]": "display]" if explode else "]"}[closing]
    return Expr(
        (prefix, group(opening, indent(SOFTLINE, inner), SOFTLINE, closing)),
        tail=(prefix + opening, split_body, closing),
        last=last,
        before=any(c in prefix for c in "([{"),
    )


def _flats(docs: Sequence[Doc]) -> str:
    return ", ".join([d if isinstance(d, str) else d.flat for d in docs])


# ---- expressions ----------------------------------------------------------------------------


def subscript(base: Doc, items: Sequence[Doc]) -> Syn:
    """`base[a, b]`: `list[X]`, `dict[str, X]`, `Literal["a", 1]`, `_t.Annotated[...]`."""
    head, items = flat(base), tuple(items)
    return Syn(f"{head}[{_flats(items)}]", lambda: _bracket(head, "[", items, "]", explode=False))


def call(func: Doc, args: Sequence[Doc] = (), kwargs: Sequence[tuple[str, Doc]] = ()) -> Syn:
    """`func(a, b, key=value)`."""
    head, args, kwargs = flat(func), tuple(args), tuple(kwargs)
    text = ", ".join([*(flat(a) for a in args), *(f"{k}={flat(v)}" for k, v in kwargs)])

    def layout() -> Expr:
        return _bracket(head, "(", [*args, *(concat(k + "=", v) for k, v in kwargs)], ")", explode=False)

    return Syn(f"{head}({text})", layout)


def _display(opening: str, items: tuple[Doc, ...], closing: str) -> Syn:
    """A collection literal: once its brackets split, every element on its own line."""
    return Syn(opening + _flats(items) + closing, lambda: _bracket("", opening, items, closing, explode=True))


def list_(items: Sequence[Doc]) -> Syn:
    return _display("[", tuple(items), "]")


def dict_(pairs: Sequence[tuple[str, Doc]]) -> Syn:
    pairs = tuple(pairs)
    text = "{" + ", ".join([f"{k}: {flat(v)}" for k, v in pairs]) + "}"
    return Syn(text, lambda: _bracket("", "{", [concat(k, ": ", v) for k, v in pairs], "}", explode=True))


def tuple_(items: Sequence[Doc]) -> Syn:
    if len(items) != 1:
        return _display("(", tuple(items), ")")
    one = items[0]

    def layout() -> Expr:
        body = concat(as_expr(one), ",")
        return Expr((group("(", indent(SOFTLINE, body), SOFTLINE, ")"),), tail=("(", body, ")"), last=")")

    return Syn(f"({flat(one)},)", layout)


def union(members: Sequence[Doc]) -> Doc:
    """`A | B | None`, split before each `|` when too long; a union of one member is the member."""
    if len(members) == 1:
        return members[0]
    members = tuple(members)

    def layout() -> Expr:
        docs = [d for e in map(as_expr, members) for d in e.chain or (e,)]
        last = docs[-1]
        before = "".join(d.flat + " | " for d in docs[:-1])
        any_before = any(_has_brackets(d) for d in docs[:-1])
        return Expr(
            (group(join(concat(LINE, "| "), docs)),),
            prio=VBAR,
            count=len(docs) - 1,
            tail=None if last.tail is None else (before + last.tail[0], last.tail[1], last.tail[2]),
            last=last.last,
            before=any_before or last.before,
            chain=tuple(docs),
        )

    return Syn(" | ".join([flat(m) for m in members]), layout)


def compare(left: Doc, operator: str, right: Doc) -> Syn:
    """`left OP right` for `is`, `is not`, `in`, `not in`, `==`, ...: split before `OP`."""

    def layout() -> Expr:
        lhs, rhs = as_expr(left), as_expr(right)
        return Expr(
            (group(lhs, LINE, operator + " ", rhs),),
            prio=COMPARATOR,
            count=1,
            tail=None if rhs.tail is None else (lhs.flat + f" {operator} " + rhs.tail[0], rhs.tail[1], rhs.tail[2]),
            last=rhs.last,
            before=_has_brackets(lhs) or rhs.before,
        )

    return Syn(f"{flat(left)} {operator} {flat(right)}", layout)


# ---- statements -----------------------------------------------------------------------------


def _fits(text: str, col: int, width: int) -> bool:
    return col + str_width(text) <= width


class _Split(NamedTuple):
    """A split at one bracket pair: `head` (ending with the opening bracket) on the first
    line, `body` indented on its own lines, `tail` (from the closing bracket) after it;
    `visible`: the bracket pair was one of black's invisible parentheses; `risky`: ruff
    lays the line out otherwise."""

    head: str
    body: Doc
    tail: Doc
    visible: bool
    risky: bool = False

    def doc(self, head: Doc | None = None) -> Doc:
        return concat(self.head if head is None else head, indent(HARDLINE, self.body), HARDLINE, self.tail)


# split(after, col, width, force): the statement split inside its left-hand side (None: black
# gives up); `after(closing)` is the rest of the line from that closing bracket on.
_LhsSplit: TypeAlias = Callable[[Callable[[str], Doc], int, int, bool], "_Split | None"]


class _Lhs(NamedTuple):
    """What comes before the invisible parentheses of a statement line. `brackets`: it holds
    a bracket (black then weighs the split of the right-hand side); `trig`: the closing
    bracket black meets walking left from the `=` ("" an invisible one, None none)."""

    flat: str
    brackets: bool = False
    trig: str | None = None
    split: _LhsSplit | None = None


def _can_omit(e: Expr, col: int, width: int) -> bool:
    """black's can_omit_invisible_parens for `e` as the body of its invisible parentheses."""
    if e.prio == 0:
        return True
    if e.count > 1:
        return False
    if e.last in (")", "}", "display]") and e.tail is not None:
        return e.before or col + 4 + len(e.tail[0]) <= width
    return False


def _magic(doc: Doc, col: int, width: int) -> bool:
    """Whether `doc` printed from `col` puts a trailing comma before a closing bracket (a
    "magic trailing comma" when black formats its own output a second time)."""
    return ",\n" in render(doc, col, width)


def _all_fit(text: str, col: int, width: int) -> bool:
    lines = text.split("\n")
    return col + str_width(lines[0]) <= width and all(str_width(line) <= width for line in lines[1:])


def _opt_line(lhs: _Lhs, assign: bool, e: Expr, suffix: str) -> Doc:
    """The line `LHS = (E)SUFFIX` (or `LHS (E)SUFFIX`), the parentheses invisible."""
    text = lhs.flat + (" = " if assign else " ") + e.flat + suffix

    def layout(col: int, width: int) -> Doc:
        if _fits(text, col, width):
            return text
        risky: list[bool] = []
        doc = _rhs(lhs, assign, e, suffix, col, width, False, risky)
        if doc is None:
            return text
        if isinstance(doc, Concat) and doc.parts[0] == paren_head and not _all_fit(render(doc, col, width), col, width):
            risky.append(True)  # black's parentheses that do not make it fit: ruff keeps the line
        # Where black and ruff lay a line out differently, both leave it alone marked `fmt: skip`.
        return text + SKIP if any(risky) else doc

    paren_head = lhs.flat + (" = (" if assign else " (")
    return column(text, layout)


def _rhs(
    lhs: _Lhs, assign: bool, e: Expr, suffix: str, col: int, width: int, force: bool, risky: list[bool]
) -> Doc | None:
    """black's right_hand_split_with_omits (and run_transformer's second opinion) on the
    line; None where black leaves the line as it is. Appends to `risky` when the layout
    is one ruff does not share."""
    sep = " = " if assign else " "
    paren_head = lhs.flat + sep + "("
    can_omit = not force and _can_omit(e, col, width)

    def after(closing: str) -> Doc:
        return _opt_line(_Lhs(closing, True, closing), assign, e, suffix)

    def paren() -> _Split:
        return _Split(paren_head, e, ")" + suffix, True)

    def split(omit_trailer: bool, lhs_magic: bool = False) -> _Split | None:
        if not can_omit:
            return paren()
        if e.tail is not None and not omit_trailer:
            head = lhs.flat + sep + e.tail[0]
            prefer = (
                not assign
                or not lhs.brackets
                or lhs_magic
                or not _fits(paren_head, col, width)
                or e.before
                or _fits(head, col, width)
            )
            return _Split(head, e.tail[1], e.tail[2] + suffix, False) if prefer else paren()
        if lhs.split is not None:
            if assign and lhs.brackets and _fits(paren_head, col, width):
                return paren()
            sub = lhs.split(after, col, width, False)
            if sub is not None:
                return sub
        if not e.leaves2 and not _fits("    " + e.flat, col, width):
            return None
        return paren()

    first = split(False)
    if first is None:
        return None
    if _fits(first.head, col, width):
        risky.append(first.risky)
        return first.doc()
    if first.visible and first.head == paren_head:
        # Black made the parentheses real before finding the head too long: they are now
        # a trailer it can omit, to split inside the left-hand side instead.
        trailer = lhs.trig is not None and col + len(lhs.trig + sep + "(" + e.flat + ")" + suffix) <= width
        if lhs.split is not None and trailer:
            sub = lhs.split(lambda closing: _parenthesized(closing + sep, e, suffix), col, width, force)
            if sub is None:
                return None
            if _fits(sub.head, col, width):
                risky.append(True)  # ruff keeps no parentheses black made real on the way
                if not _magic(sub.body, col + 4, width):
                    return sub.doc()
                # Black's second pass finds the trailing comma this split put in the
                # left-hand side and no longer omits the parentheses.
                return first.doc(_head_line(lhs, sep, first, col, width, force, risky))
    elif e.tail is not None and lhs.trig is not None and col + len(lhs.trig + sep + e.flat + suffix) <= width:
        second = split(True)
        if second is None:
            return None
        if _fits(second.head, col, width):
            risky.append(second.risky)
            if second.head == paren_head or not _magic(second.tail, col, width):
                return second.doc()
            # Black's second pass finds the trailing comma the right-hand side got and
            # no longer omits it: it splits as the first attempt did.
            if _magic(second.body, col + 4, width):
                first = split(False, lhs_magic=True) or first
    risky.append(first.risky)
    primary = first.doc(_head_line(lhs, sep, first, col, width, force, risky))
    if first.visible or force:
        return primary
    text = render(primary, col, width)
    if _fits(text.partition("\n")[0], col, width):
        return primary
    forced_risky: list[bool] = []
    forced = _rhs(lhs, assign, e, suffix, col, width, True, forced_risky)
    if forced is not None and _all_fit(render(forced, col, width), col, width):
        risky[:] = forced_risky
        return forced
    return primary


def _parenthesized(head: str, e: Expr, suffix: str) -> Doc:
    """`head(E)SUFFIX` with real parentheses, split inside them when too long."""
    text = head + "(" + e.flat + ")" + suffix
    broken = concat(head + "(", indent(HARDLINE, e), HARDLINE, ")" + suffix)
    return column(text, lambda col, width: text if _fits(text, col, width) else broken)


def _head_line(lhs: _Lhs, sep: str, split: _Split, col: int, width: int, force: bool, risky: list[bool]) -> Doc:
    """The head of a split that does not fit, split in turn inside the left-hand side."""
    if lhs.split is None or not split.head.startswith(lhs.flat + sep):
        return split.head
    rest = split.head[len(lhs.flat + sep) :]
    sub = lhs.split(lambda closing: closing + sep + rest, col, width, force)
    if sub is None:
        return split.head
    risky.append(sub.risky)
    return sub.doc()


def _annotation_split(name: str, ann: Expr) -> _LhsSplit:
    def split(after: Callable[[str], Doc], col: int, width: int, force: bool) -> _Split | None:
        paren = _Split(name + ": (", ann, after(")"), True, ann.tail is None and ann.prio == 0)
        if force or not _can_omit(ann, col, width):
            return paren
        if ann.tail is not None:
            return _Split(name + ": " + ann.tail[0], ann.tail[1], after(ann.tail[2]), False)
        if not ann.leaves2 and not _fits("    " + ann.flat, col, width):
            return None
        return paren

    return split


def annassign(name: str, annotation: Doc, value: Doc | None = None) -> Syn:
    """`name: ANNOTATION` or `name: ANNOTATION = VALUE` (a field, a class variable, an alias)."""
    text = f"{name}: {flat(annotation)}" + ("" if value is None else f" = {flat(value)}")

    def layout() -> Doc:
        ann = as_expr(annotation)
        if value is None:
            return _opt_line(_Lhs(name + ":"), False, ann, "")
        lhs = _Lhs(name + ": " + ann.flat, True, "", _annotation_split(name, ann))
        line = _opt_line(lhs, True, as_expr(value), "")
        # A name that alone leaves no room for `: (`: black splits the annotation and the value
        # in turn, ruff keeps the value whole; the one line (fmt: skip) is what both leave alone.
        return column(text, lambda col, width: text + SKIP if not _fits(name + ": (", col, width) else line)

    return Syn(text, layout)


def alias(name: str, value: Doc, annotation: Callable[[], str] = lambda: "TypeAlias") -> Syn:
    """`Name: TypeAlias = VALUE` where it fits on its line or `Name: TypeAlias = (` fits in 87
    columns; else `Name = VALUE` (black would split the annotation, `Name: (\\n    TypeAlias\\n) =`,
    which ruff does not; an unannotated alias is an alias to mypy all the same). `annotation`
    is asked for (and so imported) only where it is written."""
    if str_width(f"{name}: TypeAlias = {flat(value)}") <= WIDTH or str_width(f"{name}: TypeAlias = (") < WIDTH:
        return annassign(name, annotation(), value)
    return assign(name, value)


def assign(target: str, value: Doc) -> Syn:
    """`target = VALUE`, `target` a name or dotted name."""
    return Syn(f"{target} = {flat(value)}", lambda: _opt_line(_Lhs(target), True, as_expr(value), ""))


def return_(value: Doc) -> Syn:
    return Syn(f"return {flat(value)}", lambda: _opt_line(_Lhs("return"), False, as_expr(value), ""))


def if_(condition: Doc) -> Syn:
    """`if CONDITION:`."""
    return Syn(f"if {flat(condition)}:", lambda: _opt_line(_Lhs("if"), False, as_expr(condition), ":"))


def decorator(expr: Doc) -> Syn:
    """`@expr`: `@classmethod`, `@_dataclasses.dataclass(kw_only=True)`, `@_te.deprecated("...")`."""
    return Syn(f"@{flat(expr)}", lambda: concat("@", expr))


def class_(name: str, bases: Sequence[Doc] = (), keywords: Sequence[tuple[str, Doc]] = ()) -> Doc:
    """`class Name(Base, key=value):`, the bases one per line when too long."""
    if not bases and not keywords:
        return f"class {name}:"
    head = call(name, bases, keywords)
    return Syn(f"class {head.flat}:", lambda: concat("class ", head, ":"))


def param(name: str, annotation: Doc | None = None, default: Doc | None = None) -> Doc:
    """A parameter: `name`, `name: ann`, `name: ann = default`, `name=default`."""
    if annotation is None:
        return name if default is None else concat(name, "=", default)
    if default is None:
        return concat(name, ": ", annotation)
    return concat(name, ": ", annotation, " = ", default)


def def_(name: str, params: Sequence[Doc], returns: Doc | None = None) -> Syn:
    """`def name(params) -> RETURNS:`; black splits at the parameters first (always with a
    trailing comma after a lone one), then the return annotation."""
    params = tuple(params)
    text = f"def {name}({_flats(params)})" + ("" if returns is None else f" -> {flat(returns)}") + ":"

    def layout() -> Doc:
        head = f"def {name}("
        tail: Doc = "):" if returns is None else _opt_line(_Lhs(") ->", True, ")"), False, as_expr(returns), ":")
        if not params:
            return concat(head, HARDLINE, tail)
        if len(params) == 1:
            return concat(head, indent(HARDLINE, params[0], ","), HARDLINE, tail)
        body = group(join(_COMMA_LINE, params), if_break(","))
        return concat(head, indent(HARDLINE, body), HARDLINE, tail)

    return Syn(text, layout)


def import_(module: str, alias_: str = "") -> str:
    """`import a.b` or `import a.b as _c` (never split)."""
    return f"import {module}" + (f" as {alias_}" if alias_ else "")


def from_import(module: str, names: Sequence[str]) -> Syn:
    """`from x import a, b as _b`; too long, one name per line in parentheses."""
    head, names = f"from {module} import ", tuple(names)
    return Syn(
        head + ", ".join(names),
        lambda: group(
            head, if_break("("), indent(SOFTLINE, join(_COMMA_LINE, names), if_break(",")), SOFTLINE, if_break(")")
        ),
    )


# ---- docstrings ---------------------------------------------------------------------------

_DOC_ESCAPES: Final = {"\\": "\\\\", "\r": "\\r", "\t": "\\t", '"': '\\"'}
_PLAIN_DOC = re.compile(r"[ !#-\[\]-~\n]*")


def docstring(text: str, indent: int) -> str:
    """A triple-quoted docstring holding `text`, as black writes it at `indent` columns.

    Control, format, separator, surrogate, private-use and unassigned characters, tabs,
    carriage returns, quotes and backslashes are escaped; newlines stay real. Then black's
    own normalisation: the first line stripped, the common indentation of the others
    removed and replaced by `indent`, trailing whitespace dropped, blank lines emptied,
    and the closing quotes on their own line when the last line of a multi-line docstring
    would pass the limit with them.
    """
    if _PLAIN_DOC.fullmatch(text):
        body = text
    else:
        body = "".join(ch if ch == "\n" else escape_char(ch, _DOC_ESCAPES) for ch in text)
    prefix = " " * indent
    if not body.strip():
        return '""" """' if text else '""""""'  # ruff collapses blank lines that black keeps
    if "\n" in body:
        lines = body.split("\n")
        margin = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=sys.maxsize)
        trimmed = [lines[0].strip()]
        if margin < sys.maxsize:  # else black drops every line after the first: all blank
            for i, line in enumerate(lines[1:], start=1):
                stripped = line[margin:].rstrip()
                trimmed.append(prefix + stripped if stripped or i == len(lines) - 1 else "")
        body = "\n".join(trimmed)
    else:
        body = body.strip()
    backslash = False
    if body:
        if body.endswith('\\"'):
            # Black pads a final escaped quote with a space, ruff then drops it: spell it \x22.
            body = body[:-2] + "\\x22"
        if body[-1] == '"':
            body += " "
        elif body[-1] == "\\" and (len(body) - len(body.rstrip("\\"))) % 2:
            body += " "
            backslash = True
    elif text:
        body = " "
    lines = body.splitlines()
    last = len(lines[-1]) if body and not body.endswith("\n") else 0
    if len(lines) > 1 and last + 3 > WIDTH and indent + 3 <= WIDTH and not backslash:
        return '"""' + body + "\n" + prefix + '"""'
    return '"""' + body + '"""'
