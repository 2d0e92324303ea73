"""The printer against its oracles: black 26 (line length 88, py310) and `ruff format`.

Every statement shape syntax.py builds is rendered at module level, in a class body and in
a method body, embedded in a tiny module, and must be exactly what black makes of the same
statement written on one line (black's output of the flat text, both of its passes), and
what `ruff format` leaves alone (one ruff run over all the snippets of a test).
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.layout import syntax as p
from generator.layout.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Doc,
    char_width,
    column,
    concat,
    group,
    if_break,
    indent,
    render,
    str_width,
)
from generator.layout.pyexpr import py_string
from tests.hostile import payloads

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)
WIDE = "中文字符测试"
Stmt = tuple[Doc, str]  # a statement and where it may stand: module, class, method, any, ...


def black_format(source: str) -> str:
    return black.format_str(source, mode=MODE)


def ruff_unchanged(snippets: list[str], folder: Path) -> None:
    """One `ruff format --check` over all snippets; on a difference, show ruff's diff."""
    path = folder / "snippets.py"
    path.write_text("\n\n".join(snippets), encoding="utf-8")
    cmd = [sys.executable, "-m", "ruff", "format", "--isolated", "--diff", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[:20_000] + result.stderr[-2_000:]


# ---- random statements ----------------------------------------------------------------------


def name(r: random.Random, low: int = 1, high: int = 40) -> str:
    return "n" + "".join(r.choice("abcdefghij_") for _ in range(r.randint(low, high) - 1))


def text(r: random.Random, high: int = 120) -> str:
    """A string literal: 0-200 characters, some wide, some escapes."""
    n = r.choice([0, 1, 5, 20, 40, 60, 70, 80, 90, 100, 150, 200]) if r.random() < 0.5 else r.randint(0, high)
    chars = "".join(r.choice("abc xyz" if r.random() < 0.8 else WIDE) for _ in range(n))
    if r.random() < 0.1:
        chars += "\x00\\\t"
    return py_string(chars)


def leaf(r: random.Random) -> str:
    k = r.random()
    if k < 0.4:
        return name(r, 1, 30)
    if k < 0.6:
        return "_rt." + name(r, 1, 20)
    if k < 0.8:
        return text(r, 60)
    return r.choice(["None", "1", "-1", "True", "3.5"])


def type_(r: random.Random, depth: int) -> Doc:
    k = r.random()
    if depth <= 0 or k < 0.3:
        return r.choice([name(r, 1, 40), "str", "int", "None", "_t.Any", "Foo" + name(r, 1, 10)])
    if k < 0.45:
        return p.subscript("list", [type_(r, depth - 1)])
    if k < 0.55:
        return p.subscript("dict", ["str", type_(r, depth - 1)])
    if k < 0.7:
        values = [text(r, 30) if r.random() < 0.7 else str(r.randint(0, 99)) for _ in range(r.randint(1, 6))]
        return p.subscript("_t.Literal", values)
    if k < 0.8:
        return p.subscript("_rt.Exact", [p.subscript("Literal", [str(i) for i in range(r.randint(1, 5))])])
    if k < 0.9:
        field = p.call("_pydantic.Field", [], [("alias", text(r, 30))])
        return p.subscript("_t.Annotated", [type_(r, depth - 1), field])
    return p.union([type_(r, depth - 1) for _ in range(r.randint(2, 5))])


def value(r: random.Random, depth: int) -> Doc:
    k = r.random()
    if depth <= 0 or k < 0.25:
        return leaf(r)
    if k < 0.5:
        keys = ["default", "alias", "description", "default_factory"]
        func = r.choice(["Field", "_pydantic.Field", "_dataclasses.field"])
        return p.call(func, [], [(r.choice(keys), value(r, depth - 1)) for _ in range(r.randint(1, 4))])
    if k < 0.7:
        return p.call("_rt." + r.choice(["required", "optional"]), ["obj", text(r, 30), "path", value(r, depth - 1)])
    if k < 0.8:
        return p.call("frozenset", [p.list_([text(r, 20) for _ in range(r.randint(0, 6))])])
    if k < 0.85:
        return p.dict_([(text(r, 20), text(r, 30)) for _ in range(r.randint(0, 4))])
    if k < 0.9:
        return p.list_([value(r, depth - 1) for _ in range(r.randint(0, 4))])
    if k < 0.95:
        return p.call("_rt.list_", [value(r, depth - 1)])
    return p.tuple_([leaf(r) for _ in range(r.randint(1, 3))])


def rhs(r: random.Random, depth: int) -> Doc:
    return type_(r, depth) if r.random() < 0.3 else value(r, depth)


def condition(r: random.Random) -> Doc:
    if r.random() < 0.5:
        return p.compare("self." + name(r, 1, 90), "is not", "None")
    return p.compare(text(r, 90), "in", "self._fields_set")


def kwargs(r: random.Random) -> list[tuple[str, Doc]]:
    keys = r.sample(["kw_only", "omit_defaults", "tag_field", "tag"], r.randint(0, 4))
    return [(k, text(r, 20) if k.startswith("tag") else "True") for k in keys]


SHAPES: dict[str, Callable[[random.Random, int], Stmt]] = {
    "annotation": lambda r, d: (p.annassign(name(r), type_(r, d)), "any"),
    "annotated_assignment": lambda r, d: (p.annassign(name(r, 1, 60), type_(r, d), rhs(r, d)), "any"),
    "assignment": lambda r, d: (p.assign(name(r, 1, 60), rhs(r, d)), "any"),
    "return": lambda r, d: (
        p.return_(
            p.call("cls", [], [(name(r, 1, 20), value(r, d)) for _ in range(r.randint(0, 8))])
            if r.random() < 0.6
            else rhs(r, d)
        ),
        "method",
    ),
    "if": lambda r, d: (p.if_(condition(r)), "if"),
    "from_import": lambda r, d: (
        p.from_import(
            r.choice(["..ns.mod", "x", "_rt." + name(r, 1, 30)]),
            [r.choice([name(r, 1, 20), name(r, 1, 20) + " as _" + name(r, 1, 20)]) for _ in range(r.randint(1, 5))],
        ),
        "module",
    ),
    "import": lambda r, d: (p.import_("a." + name(r, 1, 80), r.choice(["", "_" + name(r, 1, 10)])), "module"),
    "decorator": lambda r, d: (
        p.decorator(
            r.choice(
                [
                    "classmethod",
                    p.call("_dataclasses.dataclass", [], [("kw_only", "True")]),
                    p.call("_te.deprecated", [text(r, 200)]),
                ]
            )
        ),
        "decorator",
    ),
    "class": lambda r, d: (
        p.class_(name(r, 1, 60), r.choice([[], ["Base"], ["msgspec.Struct"], ["_enum.Enum", "str"]]), kwargs(r)),
        "class",
    ),
    "def": lambda r, d: (
        p.def_(
            name(r, 1, 40),
            r.choice([["cls", "data: _t.Any", 'path: str = "$"'], ["self"], ["value: object", "path: str"]]),
            r.choice([name(r, 1, 80), "_t.Any", p.subscript("dict", ["str", "_t.Any"]), "Foo" + name(r, 1, 70)]),
        ),
        "def",
    ),
    "alias": lambda r, d: (
        p.alias(
            name(r, 1, 90),
            type_(r, d) if r.random() < 0.8 else p.union(["A" + name(r, 1, 30) for _ in range(r.randint(2, 6))]),
        ),
        "module",
    ),
    "type_alias_type": lambda r, d: (
        p.assign(name(r, 1, 60), p.call("TypeAliasType", [text(r, 40), text(r, 120)])),
        "module",
    ),
    "call_statement": lambda r, d: (p.call("_register", [text(r, 60), value(r, d)]), "any"),
}
INDENTS = {"module": (0,), "method": (8,), "def": (0, 4), "class": (0, 4), "decorator": (0, 4)}


def embed(line: str, kind: str, ind: int) -> str:
    """A tiny module holding the statement `line` at `ind` columns."""
    pre = " " * ind
    head = ("class C:\n" if ind >= 4 else "") + ("    def f(self):\n" if ind >= 8 else "")
    body = pre + line + "\n"
    if kind in ("if", "class", "def"):
        body += pre + "    pass\n"
    elif kind == "decorator":
        body += pre + "def g():\n" + pre + "    pass\n"
    return head + body


def flat(doc: Doc) -> str:
    return doc if isinstance(doc, str) else doc.flat


def check(doc: Doc, kind: str, ind: int, snippets: list[str]) -> None:
    """Rendered at `ind`, the statement is what black makes of its flat text."""
    ours = render(doc, ind)
    one_line = flat(doc)
    if one_line.split(":", 1)[0] + " = " in ours.partition("\n")[0] and ": TypeAlias = " in one_line:
        one_line = one_line.split(":", 1)[0] + " = " + one_line.split(" = ", 1)[1]  # the alias spelled unannotated
    module = embed(ours, kind, ind)
    if ours.endswith(p.SKIP):  # where black and ruff disagree: a line both leave alone
        assert ours == one_line + p.SKIP
        expected = black_format(module)
    else:
        expected = black_format(embed(one_line, kind, ind))
    assert module == expected, f"black:\n{expected}\nours:\n{module}"
    snippets.append(module)


def check_everywhere(doc: Doc, kind: str, snippets: list[str]) -> None:
    for ind in INDENTS.get(kind, (0, 4, 8)):
        check(doc, kind, ind, snippets)


# Shapes whose 120 examples take more than ~1.5 s (black runs on each): `-m "not slow"` leaves them out.
_SLOW_SHAPES = {"annotated_assignment", "assignment", "call_statement", "return", "annotation", "if",
                "type_alias_type", "class", "alias", "def", "from_import", "decorator"}


@pytest.mark.parametrize("shape", [pytest.param(s, marks=pytest.mark.slow) if s in _SLOW_SHAPES else s
                                   for s in sorted(SHAPES)])
def test_shape_matches_black_and_ruff(shape: str, tmp_path: Path) -> None:
    snippets: list[str] = []
    examples = 40 if shape in ("import", "decorator") else 120

    @settings(max_examples=examples, deadline=None)
    @given(st.randoms(use_true_random=False), st.integers(0, 8))
    def one(r: random.Random, depth: int) -> None:
        doc, kind = SHAPES[shape](r, depth)
        check_everywhere(doc, kind, snippets)

    one()
    assert black_format("\n\n".join(snippets)) == "\n\n".join(snippets)
    ruff_unchanged(snippets, tmp_path)


# Hand-picked statements at the edges black's rules draw.
FIELD = p.call("Field", [], [("default", "None"), ("description", py_string("x" * 60))])
OPTIONAL = p.union([p.subscript("list", ["Foo"]), "None"])


def _cases() -> list[tuple[str, Doc, str]]:
    cases: list[tuple[str, Doc, str]] = []
    for n in (1, 30, 50, 60, 70, 75, 78, 80, 82, 84, 85, 86, 90):
        nm = "n" * n
        cases += [
            (f"field-{n}", p.annassign(nm, OPTIONAL, FIELD), "any"),
            (f"plain-field-{n}", p.annassign(nm, "str", FIELD), "any"),
            (f"list-field-{n}", p.annassign(nm, p.subscript("list", ["Foo"]), "None"), "any"),
            (f"alias-union-{n}", p.alias(nm, p.union(["Aaaaaaaaa", "Bbbbbbbbbbbb", "Cccccccc", "None"])), "module"),
            (f"alias-literal-{n}", p.alias(nm, p.subscript("Literal", ['"a"', '"b"', "1"])), "module"),
            (f"alias-list-{n}", p.alias(nm, p.subscript("list", ["Foooooooooooooooooo"])), "module"),
            (f"alias-dict-{n}", p.alias(nm, p.subscript("dict", ["str", "Foooooooooooooooooo"])), "module"),
            (f"name-{n}", p.assign(nm, "other_name_" + "x" * 20), "any"),
            (f"string-{n}", p.assign(nm, py_string("s" * 60)), "any"),
            (f"typealiastype-{n}", p.assign(nm, p.call("TypeAliasType", [py_string(nm), py_string("A | B")])), "module"),
            (f"class-{n}", p.class_(nm, ["msgspec.Struct"], [("kw_only", "True"), ("tag", '"text"')]), "class"),
            (f"def-{n}", p.def_("from_dict", ["cls", "data: _t.Any", 'path: str = "$"'], nm), "def"),
            (f"def-name-{n}", p.def_("_load_alias_" + nm, ["value: object", "path: str"], "_t.Any"), "def"),
            (f"import-{n}", p.from_import("..ns." + nm, ["Name as _Name"]), "module"),
        ]
    long = py_string("y" * 100)
    cases += [
        ("deprecated", p.decorator(p.call("_te.deprecated", [long])), "decorator"),
        ("return-cls", p.return_(p.call("cls", [], [(f"field_{i}", p.call("_rt.required", ["obj", f'"k{i}"', "path",
         p.call("_rt.list_", ["Foo.from_dict"])])) for i in range(6)])), "method"),
        ("if-in", p.if_(p.compare(py_string("some_attribute" * 5), "in", "self._fields_set")), "if"),
        ("keys", p.annassign("_keys", p.subscript("_t.ClassVar", [p.subscript("frozenset", ["str"])]),
         p.call("frozenset", [p.list_([py_string(f"key{i}") for i in range(12)])])), "any"),
        ("module-map", p.assign("_MODULES", p.dict_([(py_string("Name" * 4), py_string(".module" * 3))] * 3)), "module"),
        ("exact", p.annassign("kind", p.subscript("_rt.Exact", [p.subscript("Literal", [str(i) for i in range(40)])])),
         "any"),
        ("empty-call", p.assign("x" * 86, p.call("f")), "any"),
        ("one-tuple", p.assign("x", p.tuple_([py_string("t" * 90)])), "any"),
        ("pass", "pass", "any"),
    ]
    return cases


@pytest.mark.parametrize(("label", "doc", "kind"), _cases(), ids=[c[0] for c in _cases()])
def test_edge_cases_match_black(label: str, doc: Doc, kind: str) -> None:
    check_everywhere(doc, kind, [])


def test_edge_cases_leave_ruff_unchanged(tmp_path: Path) -> None:
    snippets: list[str] = []
    for _, doc, kind in _cases():
        for ind in INDENTS.get(kind, (0, 4, 8)):
            snippets.append(embed(render(doc, ind), kind, ind))
    ruff_unchanged(snippets, tmp_path)


def test_implicit_alias_is_an_alias_to_mypy(tmp_path: Path) -> None:
    """The unannotated spelling `alias` falls back to is still a type alias to mypy --strict."""
    nm = "A" * 86
    values = {
        "union": p.union(["int", "str", "None"]),
        "literal": p.subscript("Literal", ['"a"', "1"]),
        "list": p.subscript("list", ["int"]),
        "dict": p.subscript("dict", ["str", "int"]),
    }
    lines = ["from typing import Literal, TypeAlias", ""]
    for key, v in values.items():
        out = render(p.alias(nm + key.upper(), v))
        assert ": TypeAlias" not in out.partition("\n")[0]
        lines += [out, f"def use_{key}(x: {nm + key.upper()}) -> None: ...", ""]
    lines += ["use_union(1)", 'use_literal("a")', "use_list([1])", 'use_dict({"a": 1})', ""]
    path = tmp_path / "aliases.py"
    path.write_text("\n".join(lines))
    cmd = [sys.executable, "-m", "mypy", "--strict", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


# ---- the document and its printer -----------------------------------------------------------


def test_printer_primitives() -> None:
    args = group("function(", indent(SOFTLINE, group("a,", LINE, "b", if_break(","))), SOFTLINE, ")")
    assert render(args) == "function(a, b)"
    assert render(args, width=12) == "function(\n    a, b\n)"
    assert render(args, width=7) == "function(\n    a,\n    b,\n)"
    assert render(args, indent=8, width=20) == "function(\n            a, b\n        )"
    assert render(group("x", HARDLINE, "y")) == "x\ny"
    assert render(column("widewidewide", lambda col, width: "narrow" if col > 80 else "wide"), 84) == "narrow"
    assert render(concat("a", "b")) == "ab"


def nested(depth: int) -> tuple[Doc, Doc, Doc]:
    t: Doc = "Foo"
    v: Doc = "x"
    u: Doc = "A"
    for i in range(depth):
        t = p.subscript("list", [t]) if i % 2 else p.subscript("dict", ["str", t])
        v = p.call("_rt.list_", [v, p.call("_rt.nullable", ["y"])])
        u = p.union([p.subscript("list", [u]), f"B{i}"])
    return t, v, u


def test_150_levels_build_and_render_without_recursion() -> None:
    limit = sys.getrecursionlimit()
    depth = len(__import__("inspect").stack())
    sys.setrecursionlimit(depth + 60)  # far fewer frames than levels: nothing may recurse per level
    try:
        t, v, u = nested(150)
        outs = [render(p.annassign("x", t, v), ind) for ind in (0, 4, 8)]
        outs.append(render(p.alias("X", u)))
        outs.append(render(p.return_(v), 8))
    finally:
        sys.setrecursionlimit(limit)
    assert ast.dump(ast.parse(outs[0])) == ast.dump(ast.parse(flat(p.annassign("x", t, v))))
    assert ast.dump(ast.parse(outs[3])) == ast.dump(ast.parse(flat(p.alias("X", u))))


def test_flat_statement_is_returned_as_is() -> None:
    doc = p.annassign("name", OPTIONAL, "None")
    assert render(doc, 4) is flat(doc)


# ---- widths -------------------------------------------------------------------------------


def test_width_is_blacks_for_every_assigned_code_point() -> None:
    """Python's Unicode tables may be older than black's: code points they do not assign
    are escaped in generated code (py_string), so they never reach a line."""
    from black.strings import char_width as black_width

    differ = [
        cp
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) not in ("Cn", "Cs") and char_width(chr(cp)) != black_width(chr(cp))
    ]
    assert differ == []
    assert str_width("ab中文") == black.strings.str_width("ab中文") == 6
    assert py_string("\U000e0080").isascii()  # an unassigned code point is escaped


# ---- docstrings ---------------------------------------------------------------------------


def docstring_texts() -> list[str]:
    r = random.Random(7)
    texts = payloads(Path("/nonexistent/marker"))
    texts += ["".join(r.choice('ab c\n  \t"\\\'中文') for _ in range(r.randint(0, 200))) for _ in range(150)]
    for length in range(78, 96):
        texts += ["first\n" + "x" * length, "first\n" + "中" * (length // 2), "y" * length, "  z\n  " + "w" * length]
    texts += ["", " ", "\n\n\n", "a\n", "a\n\n", '"', 'a"', "a\\", "a\\\\", "  lead\n    more\n  less\n"]
    return texts


@pytest.mark.slow
def test_docstrings_match_black_and_ruff(tmp_path: Path) -> None:
    snippets = []
    for t in docstring_texts():
        for ind in (0, 4, 8):
            literal = p.docstring(t, ind)
            pre = " " * ind
            head = ("class C:\n" if ind >= 4 else "") + ("    def f(self):\n" if ind >= 8 else "")
            module = head + pre + literal + "\n" + ("\n" if ind <= 4 else "") + pre + "x = 1\n"
            assert black_format(module) == module, (t, module)
            doc = ast.get_docstring(ast.parse(module if ind == 0 else module.replace("class C:\n", "", 1)
                                              .replace("    def f(self):\n", "", 1).replace(pre, "")), clean=False)
            if ind == 0:
                assert doc is not None and "".join(doc.split()) == "".join(t.split())
            snippets.append(module)
    ruff_unchanged(snippets, tmp_path)


def test_docstring_content_is_the_description() -> None:
    for t in docstring_texts():
        for ind in (0, 4, 8):
            module = "class C:\n" + " " * 4 + p.docstring(t, 4) + "\n"
            namespace: dict[str, object] = {}
            exec(compile(module, "<doc>", "exec"), namespace)  # noqa: S102 - escaped text, the point of the test
            doc = namespace["C"].__doc__  # type: ignore[attr-defined]
            assert "".join((doc or "").split()) == "".join(t.split())
            assert ind >= 0


def test_docstring_rules() -> None:
    assert p.docstring("Short.", 4) == '"""Short."""'
    assert p.docstring("  Padded  \n\n  second  \n", 4) == '"""Padded\n\n    second\n    """'
    assert p.docstring('ends with "', 0) == '"""ends with \\x22"""'
    assert p.docstring("tab\there", 0) == '"""tab\\there"""'
    assert p.docstring("\u202eevil", 0) == '"""\\u202eevil"""'
    last = "x" * 85
    assert p.docstring("a\n" + last, 4).endswith("\n    " + '"""')
    assert p.docstring("\n\n", 4) == '""" """'
