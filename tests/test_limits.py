"""Limits and faults: huge docs, long tables, deep types, reference cycles, symlink
loops, bad encodings, empty and missing docs; and output that depends on nothing
but the docs (not on PYTHONHASHSEED).

Each case runs the CLI in a fresh interpreter with a generous timeout: a safety
net against hangs, not a timing assertion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.parse.package import MAX_DOC_BYTES, MAX_FIELDS
from generator.parse.typeexpr import MAX_DEPTH
from tests.conftest import python_modules, target_text
from tests.hostile import generate, probe, tool_failures
from tests.test_names import write_spec as write_names_spec

_HEAD = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"


def _write(folder: Path, docs: dict[str, str | bytes]) -> Path:
    for rel, content in docs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _model(title: str, rows: str = "| `x` | *int* | :heavy_check_mark: | x |\n") -> str:
    return f"# {title}\n\nA model.\n\n## Fields\n\n{_HEAD}{rows}"


def _refused(result: subprocess.CompletedProcess[str], where: str, words: str, line: int | None = None) -> None:
    """Exit 2 with one `file:line: message` naming the doc (and the line), and no traceback."""
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    path, number, message = last.split(":", 2)
    assert path.endswith(where) and number.isdigit(), last
    assert line is None or int(number) == line, last
    assert words in message, last


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ size


def test_a_10_mb_doc_is_refused_before_it_is_read(tmp_path: Path) -> None:
    rows = "".join(f"| `f{i}` | *str* | :heavy_check_mark: | {'y' * 900} |\n" for i in range(11_000))
    spec = _write(tmp_path / "spec", {"big.md": _model("Big", rows), "ok.md": _model("Ok")})
    assert (spec / "big.md").stat().st_size > 10_000_000 > MAX_DOC_BYTES
    result = generate(spec, tmp_path / "out")
    _refused(result, "big.md", "bytes")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_10000_row_table_is_refused_and_the_limit_itself_generates(tmp_path: Path) -> None:
    rows = "".join(f"| `field_{i}` | *Optional[str]* | :heavy_minus_sign: | Field {i}. |\n" for i in range(10_000))
    spec = _write(tmp_path / "spec", {"wide.md": _model("Wide", rows)})
    _refused(generate(spec, tmp_path / "out"), "wide.md", f"10000 fields, more than the {MAX_FIELDS}")

    rows = "".join(f"| `field_{i}` | *Optional[str]* | :heavy_minus_sign: | Field {i}. |\n" for i in range(MAX_FIELDS))
    spec = _write(tmp_path / "spec_at_limit", {"wide.md": _model("Wide", rows)})
    result = generate(spec, tmp_path / "out_at_limit")
    assert result.returncode == 0, result.stderr[-3000:]
    fields = probe(tmp_path / "out_at_limit", tmp_path / "cwd")["models"]["Wide"]["fields"]
    assert len(fields) == MAX_FIELDS


# ------------------------------------------------------------------ deep types


def _nested(depth: int) -> str:
    kinds = ["List[{}]", "Dict[str, {}]", "Optional[{}]", "Union[int, {}]"]
    text = "str"
    for level in range(depth):
        text = kinds[level % len(kinds)].format(text)
    return text


@pytest.mark.slow
def test_types_nested_100_deep_generate_and_type_check(tmp_path: Path) -> None:
    rows = (f"| `lists` | {'List[' * 100}str{']' * 100} | :heavy_check_mark: | deep |\n"
            f"| `mixed` | {_nested(100)} | :heavy_minus_sign: | deep |\n")
    ts = "string" + "[]" * 100
    spec = _write(tmp_path / "spec", {"deep.md": _model("Deep", rows),
                                      "deepts.md": _model("DeepTs", f"| `a` | {ts} | :heavy_check_mark: | d |\n")})
    out = tmp_path / "deep_pkg"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert probe(out, tmp_path / "cwd")["models"].keys() == {"Deep", "DeepTs"}
    assert tool_failures(out) == {}
    schema = json.loads((out / "json_schema" / "Deep.json").read_text(encoding="utf-8"))
    value: object = "leaf"
    for _ in range(100):
        value = [value]
    Draft202012Validator(schema).validate({"lists": value})


def test_types_nested_deeper_than_the_limit_are_refused(tmp_path: Path) -> None:
    deep = "List[" * (MAX_DEPTH + 1) + "str" + "]" * (MAX_DEPTH + 1)
    spec = _write(tmp_path / "spec", {"deep.md": _model("Deep", f"| `a` | {deep} | :heavy_check_mark: | d |\n")})
    _refused(generate(spec, tmp_path / "out"), "deep.md", "nested deeper")


# ------------------------------------------------------------------ reference cycles


def _cycle_docs(length: int) -> dict[str, str | bytes]:
    """A ring of `length` models, a ring of `length` unions through lists, and a
    ring of unions with nothing in between (A = B | int, B = A | str)."""
    docs: dict[str, str | bytes] = {}
    for i in range(length):
        j = (i + 1) % length
        docs[f"m{i}.md"] = _model(f"M{i}", f"| `next` | [Optional[models.M{j}]](m{j}.md) | :heavy_minus_sign: | n |\n"
                                           f"| `u` | [models.U{i}](u{i}.md) | :heavy_minus_sign: | u |\n")
        docs[f"u{i}.md"] = f"# U{i}\n\n## Supported Types\n\n### `str`\n\n### `List[models.U{j}]`\n"
        docs[f"d{i}.md"] = f"# D{i}\n\n## Supported Types\n\n### `models.D{j}`\n\n### `{['int', 'str', 'bool'][i % 3]}`\n"
    docs["self.md"] = _model("Self", "| `me` | [Optional[models.Self]](self.md) | :heavy_minus_sign: | me |\n"
                                     "| `d` | [models.D0](d0.md) | :heavy_minus_sign: | d |\n")
    return docs


_CYCLE_CHECK = textwrap.dedent(
    """
    import sys, importlib
    pkg = sys.argv[1]
    d = importlib.import_module(pkg + ".dataclass_models")
    value = {"next": {"next": {"u": ["a", ["b", []]]}}, "u": "x"}
    assert d.M0.from_dict(value).to_dict() == value
    assert d.Self.from_dict({"me": {"me": {"d": 7}}}).to_dict() == {"me": {"me": {"d": 7}}}
    if sys.argv[2] == "pydantic":
        p = importlib.import_module(pkg + ".pydantic_models")
        assert p.M0.model_validate(value).model_dump(exclude_none=True) == value
        assert p.Self.model_validate({"me": {"d": 7}}).me.d == 7
    print("ok")
    """
)


@pytest.mark.parametrize("length", [1, *(pytest.param(n, marks=pytest.mark.slow) for n in (2, 3, 20))])
def test_reference_cycles_generate_import_and_load(tmp_path: Path, length: int) -> None:
    spec = _write(tmp_path / "spec", _cycle_docs(length))
    out = tmp_path / f"cycles_{length}"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "contains itself" in result.stderr  # the D ring is flattened, with a warning
    probe(out, tmp_path / "cwd")
    check = subprocess.run([sys.executable, "-c", _CYCLE_CHECK, out.name, "pydantic"], cwd=tmp_path,
                           check=False, capture_output=True, text=True, timeout=600)
    assert check.stdout.strip() == "ok", check.stderr[-3000:]
    for path in (out / "json_schema").glob("*.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_reference_cycles_pass_black_and_mypy(tmp_path: Path) -> None:
    """Rings of 1, 2 and 3 (one run of each tool over the three packages)."""
    outs = []
    for length in (1, 2, 3):
        spec = _write(tmp_path / f"spec_{length}", _cycle_docs(length))
        outs.append(tmp_path / "outs" / f"cycles_{length}")
        result = generate(spec, outs[-1])
        assert result.returncode == 0, result.stderr[-3000:]
    assert tool_failures(outs, tools=("black", "mypy")) == {}


@pytest.mark.slow
@pytest.mark.parametrize("length", [1])
def test_reference_cycles_pass_ruff(tmp_path: Path, length: int) -> None:
    spec = _write(tmp_path / "spec", _cycle_docs(length))
    out = tmp_path / f"cycles_{length}"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert tool_failures(out, tools=("ruff",)) == {}


@pytest.mark.slow
def test_a_ring_of_300_models_generates(tmp_path: Path) -> None:
    """The generator, the dataclasses, the TypedDicts and the JSON Schema take rings of any
    length. (Pydantic builds a ring in one recursion, about ten frames per model or alias:
    past ~50-100 distinct definitions it exceeds the default recursion limit. That is
    Pydantic's limit; rings are checked up to 20 above, chains of 300 below.)"""
    spec = _write(tmp_path / "spec", _cycle_docs(300))
    out = tmp_path / "ring"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    check = subprocess.run([sys.executable, "-c", _CYCLE_CHECK, out.name, "no-pydantic"], cwd=tmp_path,
                           check=False, capture_output=True, text=True, timeout=600)
    assert check.stdout.strip() == "ok", check.stderr[-3000:]
    for path, source in python_modules(out).items():
        compile(source, path, "exec")
    schema = json.loads((out / "json_schema" / "M0.json").read_text(encoding="utf-8"))
    assert len(schema["$defs"]) >= 300
    Draft202012Validator(schema).validate({"next": {"next": {"u": ["a"]}}})


_CHAIN_CHECK = textwrap.dedent(
    """
    import importlib, sys
    p = importlib.import_module(sys.argv[1] + ".pydantic_models")
    model = p.M0.model_validate({"next": {"next": {}}})
    assert type(model.next.next).__name__ == "M2", model
    print("ok")
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("through", ["a field", "a union"])
def test_a_chain_of_300_models_imports_in_pydantic(tmp_path: Path, through: str) -> None:
    """M0 -> M1 -> ... -> M300, no cycle, directly or through unions (M0.next: U0 = M1 | str).
    Each definition is written after those it names, so Pydantic completes each model at
    creation; in name order (M0, M1, M10, M100, ...; unions after every class) it built the
    whole chain at once at import and exceeded the recursion limit."""
    docs: dict[str, str | bytes] = {"m300.md": _model("M300")}
    for i in range(300):
        if through == "a field":
            row = f"| `next` | [Optional[models.M{i + 1}]](m{i + 1}.md) | :heavy_minus_sign: | n |\n"
        else:
            row = f"| `next` | [Optional[models.U{i}]](u{i}.md) | :heavy_minus_sign: | n |\n"
            docs[f"u{i}.md"] = f"# U{i}\n\n## Supported Types\n\n### `models.M{i + 1}`\n\n### `str`\n"
        docs[f"m{i}.md"] = _model(f"M{i}", row)
    spec = _write(tmp_path / "spec", docs)
    out = tmp_path / "chain"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    source = target_text(out, "pydantic_models")
    assert source.index("class M300(") < source.index("class M299(") < source.index("class M0(")
    check = subprocess.run([sys.executable, "-c", _CHAIN_CHECK, out.name], cwd=tmp_path,
                           check=False, capture_output=True, text=True, timeout=600)
    assert check.stdout.strip() == "ok", check.stderr[-3000:]


# ------------------------------------------------------------------ the spec folder


def test_symlink_loops_and_odd_files_are_skipped_with_warnings(tmp_path: Path) -> None:
    spec = _write(tmp_path / "spec", {"ok.md": _model("Ok"), "sub/inner.md": _model("Inner")})
    outside = _write(tmp_path / "outside", {"secret.md": _model("Secret")})
    (spec / "loop").symlink_to(spec, target_is_directory=True)  # spec/loop -> spec
    (spec / "sub" / "up").symlink_to("..", target_is_directory=True)
    (spec / "a.md").symlink_to("b.md")
    (spec / "b.md").symlink_to("a.md")  # a file symlink loop
    (spec / "broken.md").symlink_to("missing.md")
    (spec / "leak.md").symlink_to(outside / "secret.md")
    (spec / "inside.md").symlink_to("ok.md")  # inside the folder: read
    os.mkfifo(spec / "pipe.md")  # opening it would block forever
    out = tmp_path / "out"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr[-3000:]
    warned = {line.split(":")[0].removeprefix(str(spec) + "/") for line in result.stderr.splitlines() if ": warning: " in line}
    assert {"loop", "sub/up", "a.md", "b.md", "broken.md", "leak.md", "pipe.md"} <= warned
    titles = {json.loads(p.read_text(encoding="utf-8"))["title"] for p in (out / "json_schema").glob("*.json")}
    assert titles == {"Ok", "Inner"}  # inside.md is a second Ok; Secret never read


def test_file_names_that_could_forge_messages_are_skipped(tmp_path: Path) -> None:
    """A newline, an escape sequence or a byte that is not UTF-8 in a file name never reaches the
    terminal or the generated code as is."""
    spec = _write(tmp_path / "spec", {"ok.md": _model("Ok")})
    (spec / "evil\x1b[2J\nname.md").write_text(_model("Evil"), encoding="utf-8")
    os.close(os.open(os.fsencode(spec) + b"/bad\xff.md", os.O_CREAT | os.O_WRONLY))
    result = generate(spec, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "evil\\x1b[2J\\nname.md:1: warning:" in result.stderr
    assert "bad\\udcff.md:1: warning:" in result.stderr
    assert [p.name for p in (tmp_path / "out" / "json_schema").iterdir()] == ["Ok.json"]


@pytest.mark.slow
def test_encodings(tmp_path: Path) -> None:
    text = _model("Café", "| `naïve` | *str* | :heavy_check_mark: | Crème brûlée — ☕ |\n")
    # Same folder name for every encoding: the package docstring names the spec folder.
    utf8 = generate(_write(tmp_path / "utf8" / "spec", {"m.md": text}), tmp_path / "o_utf8")
    assert utf8.returncode == 0, utf8.stderr
    for name, data in {"bom8": b"\xef\xbb\xbf" + text.encode("utf-8"), "utf16": text.encode("utf-16"),
                       "utf16be": b"\xfe\xff" + text.encode("utf-16-be"), "utf32": text.encode("utf-32")}.items():
        result = generate(_write(tmp_path / name / "spec", {"m.md": data}), tmp_path / f"o_{name}")
        assert result.returncode == 0, (name, result.stderr)
        assert _tree(tmp_path / f"o_{name}") == _tree(tmp_path / "o_utf8"), name

    latin1 = ("# Ok\n\nFine.\n\n## Fields\n\n" + _HEAD + "| `x` | *int* | :heavy_check_mark: | caf\xe9 |\n").encode("latin-1")
    _refused(generate(_write(tmp_path / "latin1", {"m.md": latin1}), tmp_path / "o1"), "m.md", "not UTF-8", line=9)

    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    _refused(generate(_write(tmp_path / "binary", {"image.md": png}), tmp_path / "o2"), "image.md", "binary")
    _refused(generate(_write(tmp_path / "nul", {"m.md": text.replace("A model.", "A \x00 model.")}), tmp_path / "o3"),
             "m.md", "binary", line=3)
    bad16 = b"\xff\xfe" + text.encode("utf-16-le")[:-1]  # odd length: a truncated UTF-16 file
    _refused(generate(_write(tmp_path / "bad16", {"m.md": bad16}), tmp_path / "o4"), "m.md", "not UTF-16")


@pytest.mark.slow
def test_empty_docs_warn_and_a_folder_without_docs_is_an_error(tmp_path: Path) -> None:
    spec = _write(tmp_path / "spec", {"empty.md": b"", "blank.md": "\n\n  \n", "ok.md": _model("Ok")})
    result = generate(spec, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "empty.md:1: warning:" in result.stderr and "blank.md:1: warning:" in result.stderr

    only_empty = _write(tmp_path / "only_empty", {"empty.md": b"", "notes.md": "Just notes, no title.\n"})
    _refused(generate(only_empty, tmp_path / "o1"), "only_empty", "no model docs")
    no_docs = _write(tmp_path / "no_docs", {"readme.txt": "not markdown"})
    _refused(generate(no_docs, tmp_path / "o2"), "no_docs", "no model docs")
    (tmp_path / "nothing").mkdir()
    _refused(generate(tmp_path / "nothing", tmp_path / "o3"), "nothing", "no model docs")
    _refused(generate(tmp_path / "missing", tmp_path / "o4"), "missing", "does not exist")
    for out in ("o1", "o2", "o3", "o4"):
        assert not (tmp_path / out).exists()


# ------------------------------------------------------------------ determinism


@pytest.mark.slow
def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    write_names_spec(spec)
    _write(spec / "cycles", _cycle_docs(3))
    trees = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"out_{seed}"
        result = generate(spec, out, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr[-3000:]
        trees.append(_tree(out))
        shutil.rmtree(tmp_path / ".docmodels-cache", ignore_errors=True)  # every run starts cold
    assert trees[0] == trees[1] == trees[2]
    assert len(trees[0]) > 50
