"""Property-based tests: the type grammar round-trips, and no doc makes the tool crash.

The default run keeps each property to DOCMODELS_FUZZ_EXAMPLES examples (200) and replays
the same cases every time (tests/conftest.py); for a long exploring session set
DOCMODELS_FUZZ_RANDOM=1 DOCMODELS_FUZZ_EXAMPLES=20000.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import SpecError
from generator.ir.nodes import ObjectModel
from generator.ir.types import (
    ListOf,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
    make_union,
    map_refs,
)
from generator.mode import Mode
from generator.parse.document import markdown_parser, parse_doc
from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type
from generator.resolve import resolve
from tests.conftest import render_files
from tests.hostile import md_escape

EXAMPLES = int(os.environ.get("DOCMODELS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                               HealthCheck.data_too_large])
MD = markdown_parser()

# ---------------------------------------------------------------- type trees

_PY_BASE = {"str": "str", "int": "int", "float": "float", "bool": "bool", "any": "Any", "bytes": "bytes",
            "date": "date", "datetime": "datetime"}
_TS_BASE = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "any": "any",
            "bytes": "Uint8Array", "date": "date", "datetime": "Date"}
_RESERVED = {"Optional", "OptionalNullable", "Nullable", "List", "Dict", "Literal", "Union", "Array", "Record",
             "Set", "Sequence", "Mapping", "None", "True", "False", "IO", "File", "Blob", "Date", "Any", "Response",
             "ReadableStream", "BinaryIO", "EventStream", "EventStreamAsync", "AsyncIterable", "Iterable",
             "AsyncIterator", "Iterator", "Uint8Array"}

_titles = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,10}", fullmatch=True).filter(lambda t: t not in _RESERVED)
_literal_values = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.integers(-(10**6), 10**6).map(lambda n: n / 4),  # floats whose repr is plain decimal
    st.booleans(),
)


# The round-trip trees are normalised as the parser normalises them, by make_union itself;
# test_make_union_keeps_exactly_its_members checks make_union against set semantics.
def _nullable(inner: TypeExpr) -> TypeExpr:
    return make_union([inner, LiteralOf((None,))])


_leaves = st.one_of(
    st.sampled_from(sorted(_PY_BASE)).map(Primitive),
    _titles.map(Ref),
    st.lists(_literal_values, min_size=1, max_size=4).map(lambda vs: make_union([LiteralOf((v,)) for v in vs])),
)
type_trees = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        inner.map(ListOf),
        inner.map(MapOf),
        inner.map(_nullable),
        st.lists(inner, min_size=2, max_size=4).map(make_union),
    ),
    max_leaves=12,
)


def py_literal_text(value: object) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def render_py(expr: TypeExpr) -> str:
    """Python-flavored doc syntax: List[...], Dict[str, ...], Optional[...], Union[...], models.X."""
    if isinstance(expr, Primitive):
        return _PY_BASE[expr.name]
    if isinstance(expr, ListOf):
        return f"List[{render_py(expr.item)}]"
    if isinstance(expr, MapOf):
        return f"Dict[str, {render_py(expr.value)}]"
    if isinstance(expr, LiteralOf):
        return f"Literal[{', '.join(py_literal_text(v) for v in expr.values)}]"
    if isinstance(expr, UnionOf):
        return f"Union[{', '.join(render_py(m) for m in expr.members)}]"
    if isinstance(expr, Nullable):
        return f"Optional[{render_py(expr.inner)}]"
    assert isinstance(expr, Ref)
    return f"models.{expr.title}"


def render_ts(expr: TypeExpr, index: bool = False) -> str:
    """TypeScript-flavored doc syntax: X[], Array<...>, Record<string, ...> (or with `index`, the
    index signature `{ [k: string]: ... }` newer docs write), a | b, "lit", X | null."""
    if isinstance(expr, Primitive):
        return _TS_BASE[expr.name]
    if isinstance(expr, ListOf):
        item = render_ts(expr.item, index)
        if isinstance(expr.item, (Primitive, Ref, ListOf, MapOf)):
            return f"{item}[]"
        return f"({item})[]" if isinstance(expr.item, UnionOf) else f"Array<{item}>"
    if isinstance(expr, MapOf):
        value = render_ts(expr.value, index)
        return f"{{ [k: string]: {value} }}" if index else f"Record<string, {value}>"
    if isinstance(expr, LiteralOf):
        return " | ".join(json.dumps(v) for v in expr.values)
    if isinstance(expr, UnionOf):
        return " | ".join(f"({render_ts(m, index)})" if isinstance(m, Nullable) else render_ts(m, index) for m in expr.members)
    if isinstance(expr, Nullable):
        return f"{render_ts(expr.inner, index)} | null"
    assert isinstance(expr, Ref)
    return f"components.{expr.title}"


def render_ts_index(expr: TypeExpr) -> str:
    return render_ts(expr, index=True)


def parsed(segments: list[tuple[str, str | None]]) -> TypeExpr:
    """The parsed type, references compared by title only (links and namespaces aside)."""
    result = parse_type(segments)
    expr = Nullable(result.inner) if isinstance(result, Wrapped) else result
    return map_refs(expr, lambda ref: Ref(ref.title))


@FUZZ
@given(type_trees)
def test_python_type_syntax_round_trips(tree: TypeExpr) -> None:
    assert parsed([(render_py(tree), None)]) == tree


@FUZZ
@given(type_trees, st.booleans())
def test_typescript_type_syntax_round_trips(tree: TypeExpr, index: bool) -> None:
    assert parsed([(render_ts(tree, index), None)]) == tree


@pytest.mark.slow
@FUZZ
@given(type_trees, st.sampled_from([render_py, render_ts, render_ts_index]))
def test_type_in_a_table_cell_round_trips(tree: TypeExpr, render) -> None:  # type: ignore[no-untyped-def]
    """Through Markdown: the cell is escaped the way a doc must escape it (| and backslashes)."""
    doc = (f"# M\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
           f"| `f` | {md_escape(render(tree))} | :heavy_check_mark: | d |\n")
    (model,), _ = parse_doc(MD, doc, "m.md")
    assert isinstance(model, ObjectModel)
    # A top-level Optional[...] or `| null` goes to the field's flags, not its type; the row is
    # marked required, and a required Optional[...] may only be null (older docs' spelling).
    field = model.fields[0]
    assert field.nullable == isinstance(tree, Nullable)
    assert map_refs(field.type, lambda ref: Ref(ref.title)) == (tree.inner if isinstance(tree, Nullable) else tree)


@FUZZ
@given(st.text(max_size=60))
def test_any_type_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        result = parse_type([(text, None)])
    except TypeSyntaxError:
        return
    assert isinstance(result, (Wrapped, Primitive, ListOf, MapOf, LiteralOf, UnionOf, Nullable, Ref))


@FUZZ
@given(st.lists(st.sampled_from(list("[]<>,|()\"'` *\\.") + ["List", "Dict", "Optional", "Union", "Literal",
                                                            "models.X", "str", "int", "null", "1", "-1.5",
                                                            "Array", "Record", "string", "None", "True",
                                                            "{", "}", ":", "[k: string]", "{ [k: string]: "]),
                max_size=40))
def test_any_token_soup_parses_or_fails_cleanly(pieces: list[str]) -> None:
    try:
        result = parse_type([("".join(pieces), None)])
    except TypeSyntaxError:
        return
    assert isinstance(result, (Wrapped, Primitive, ListOf, MapOf, LiteralOf, UnionOf, Nullable, Ref))


# ---------------------------------------------------------------- whole docs


def check_doc(text: str, rel: str = "docs/models/fuzzed.md") -> None:
    """The property every doc must have: definitions, or a SpecError with this file and a real line.
    Docs that parse also resolve and render to Python that compiles and JSON that loads."""
    lines = text.split("\n")
    try:
        definitions, _ = parse_doc(MD, text, rel)
    except SpecError as exc:
        assert exc.diagnostic.path == rel
        assert 1 <= exc.diagnostic.line <= len(lines) + 1, (exc.diagnostic.line, len(lines))
        return
    if not definitions:
        return
    try:
        package, _ = resolve("fuzzed", definitions, Mode())
    except SpecError as exc:
        assert exc.diagnostic.path == rel
        return
    files = render_files(package, Mode())
    assert any(name.endswith(".py") for name in files) and any(name.endswith(".json") for name in files)
    for name, content in files.items():
        content.encode("utf-8")  # what writing the file needs: no unpaired surrogates
        if name.endswith(".py"):
            compile(content, name, "exec")
        elif name.endswith(".json"):
            json.loads(content, parse_constant=_not_json)


def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} in a JSON Schema")


_cell_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r|"), max_size=20)
_type_text = st.one_of(type_trees.map(render_py), type_trees.map(render_ts))
_type_cells = st.one_of(_type_text.map(md_escape), _cell_text)  # escaped: a `|` in a literal must not split the row
_names = st.one_of(_titles, _titles.map(str.lower), _cell_text)
_required = st.sampled_from([":heavy_check_mark:", ":heavy_minus_sign:", ":heavy_check_mark:", "", "yes", "maybe"])
_rows = st.lists(st.tuples(_names.map(lambda n: f"`{n}`"), _type_cells, _required, _cell_text, _cell_text), max_size=6)


@st.composite
def generated_docs(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.integers(0, 9)):  # now and then a doc without a title
        parts.append(f"# {draw(_names)}")
    kinds = [draw(st.sampled_from(["fields", "values", "union"]))]  # most docs define something
    kinds += draw(st.lists(st.sampled_from(["para", "fields", "values", "union", "example", "heading", "list",
                                            "junk"]), max_size=4))
    for kind in draw(st.permutations(kinds)):
        if kind == "para":
            parts.append(draw(st.text(max_size=80)))
        elif kind == "fields":
            rows = draw(_rows)
            width = draw(st.sampled_from([4, 5]))
            head = "| Field | Type | Required | Description |" + (" Example |" if width == 5 else "")
            body = "".join(f"| {n} | {t} | {r} | {d} |" + (f" {e} |" if width == 5 else "") + "\n"
                           for n, t, r, d, e in rows)
            parts.append(f"## Fields\n\n{head}\n{'| - ' * width}|\n{body}")
        elif kind == "values":
            values = draw(st.lists(_cell_text, max_size=5))
            form = draw(st.sampled_from(["list", "table", "ts"]))
            if form == "list":
                parts.append("## Values\n\n" + "".join(f"- `{v}`\n" for v in values))
            elif form == "table":
                parts.append("## Values\n\n| Name | Value |\n| - | - |\n" + "".join(f"| {v} | {json.dumps(v)} |\n" for v in values))
            else:
                parts.append("## Values\n\n```typescript\n" + " | ".join(json.dumps(v) for v in values) + "\n```")
        elif kind == "union":
            members = draw(st.lists(st.one_of(_type_text, _cell_text), max_size=4))
            parts.append("## Supported Types\n\n" + "".join(f"### `{m}`\n\n" for m in members))
        elif kind == "example":
            parts.append(f"## Example Usage\n\n```python\n{draw(st.text(max_size=60))}\n```")
        elif kind == "heading":
            parts.append(f"{'#' * draw(st.integers(1, 4))} {draw(_cell_text)}")
        elif kind == "list":
            parts.append("".join(f"- {draw(_cell_text)}\n" for _ in range(draw(st.integers(1, 3)))))
        else:
            parts.append(draw(st.text(alphabet="|-`#*_[]()<>!\\\"' \n\tab1", max_size=80)))
    return "\n\n".join(parts) + "\n"


@FUZZ
@given(generated_docs())
# Found by a long session: the JSON literal "\udc00" decodes to an unpaired surrogate.
@pytest.mark.slow
@example('# A\n\n## Values\n\n| Name | Value |\n| - | - |\n| a | "\\\\\\ud800\\udc00" |\n')
def test_generated_docs_parse_or_fail_cleanly(doc: str) -> None:
    check_doc(doc)


_HOSTILE_BITS = ["|", "\\|", "`", "```", "<br/>", "\n", "\r", "\t", "\x00", "\x0c", "\u2028", "\\", '"', "'",
                 "[", "]", "(", ")", "<", ">", "# ", "## Fields\n", "## Values\n", "## Supported Types\n",
                 "### ", "- ", "~~", "**", "__", "&#0;", "Optional[", "models.", "Literal[\"", "1e999", "NaN",
                 ":heavy_check_mark:", "| --- |", "\ufeff", "\u202e", "9" * 50]


@st.composite
def mutations(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut", "truncate", "cell"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        j = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            lines = [""]
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            bit = draw(st.one_of(st.sampled_from(_HOSTILE_BITS), st.text(max_size=5)))
            lines[i] = lines[i][:at] + bit + lines[i][at:]
        elif op == "cut":
            a = draw(st.integers(0, len(lines[i])))
            b = draw(st.integers(a, len(lines[i])))
            lines[i] = lines[i][:a] + lines[i][b:]
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "cell" and "|" in lines[i]:
            cells = lines[i].split("|")
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = draw(st.one_of(st.sampled_from(_HOSTILE_BITS), _type_cells))
            lines[i] = "|".join(cells)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def real_docs(corpus_root) -> list[str]:  # type: ignore[no-untyped-def]
    """Docs of two small corpora, one per flavor (skips when ../shared is absent)."""
    docs = []
    for name in ("atoma-python", "r9s-typescript"):
        root: Path = corpus_root(name)
        docs += [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))]
    return docs


@pytest.mark.slow
@FUZZ
@given(st.data())
def test_mutated_real_docs_parse_or_fail_cleanly(real_docs: list[str], data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(real_docs), label="doc")
    check_doc(data.draw(mutations(original), label="mutated"))


@pytest.mark.slow
def test_every_real_doc_passes_the_check(real_docs: list[str]) -> None:
    """The unmutated docs meet the same property (and most of them parse)."""
    for text in real_docs:
        check_doc(text)


def _atoms(expr: TypeExpr) -> tuple[frozenset[object], bool, bool]:
    """What a type accepts at the top level, as sets: (members, nullable, is Any).

    Literal values are keyed by (type, value) so 1, 1.0 and True stay apart."""
    if expr == Primitive("any"):
        return frozenset(), False, True
    if isinstance(expr, Nullable):
        members, _, is_any = _atoms(expr.inner)
        return members, True, is_any
    if isinstance(expr, UnionOf):
        parts = [_atoms(m) for m in expr.members]
        return (frozenset().union(*(p[0] for p in parts)), any(p[1] for p in parts), any(p[2] for p in parts))
    if isinstance(expr, LiteralOf):
        values = [v for v in expr.values if v is not None]
        return frozenset(("lit", type(v).__name__, v) for v in values), None in expr.values, False
    return frozenset({expr}), False, False


# Values that compare equal across types (1 == 1.0 == True): where a sloppy merge goes wrong.
_clashing_literals = st.lists(st.sampled_from([0, 1, 0.0, 1.0, True, False, "1", "", None]), min_size=1, max_size=3)


@FUZZ
@given(st.lists(st.one_of(type_trees, _clashing_literals.map(lambda vs: LiteralOf(tuple(vs)))), min_size=1, max_size=5))
@example([LiteralOf((1,)), LiteralOf((True,)), LiteralOf((1.0,))])
def test_make_union_keeps_exactly_its_members(members: list[TypeExpr]) -> None:
    """make_union loses, adds or mixes up nothing: the set of accepted members and the
    nullability of the result are those of its input, and the result is flat."""
    result = make_union(members)
    parts = [_atoms(m) for m in members]
    if any(p[2] for p in parts):
        assert result == Primitive("any")
        return
    members_in = frozenset().union(*(p[0] for p in parts))
    nullable_in = any(p[1] for p in parts)
    members_out, nullable_out, is_any_out = _atoms(result)
    assert not is_any_out
    assert (members_out, nullable_out) == (members_in, nullable_in)
    # Flat: no union inside a union, at most one literal, null only at the top.
    inner = result.inner if isinstance(result, Nullable) else result
    if isinstance(inner, UnionOf):
        assert not any(isinstance(m, (UnionOf, Nullable)) for m in inner.members)
        assert sum(isinstance(m, LiteralOf) for m in inner.members) <= 1
        assert len(set(inner.members)) == len(inner.members)
