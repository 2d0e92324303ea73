"""Generated code is laid out as black lays it out, without running black.

The built-in templates arrange statements the view builders laid out by construction
(generator/layout/syntax.py over the printer, generator/layout/doc.py);
tests/test_printer.py checks each shape. Here the oracle runs on whole outputs: every
generated module (package __init__ files and the copied runtimes included) of the seeds,
the constructs fixture, the hostile payloads (tests/hostile.py) and the atoma, r9s and
mistral corpora must be exactly what `black.format_str` (py310, line length 88) makes of
it, and `ruff format --isolated --check` must pass on each whole tree (one ruff run a tree).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, REPO, python_modules, render_files
from tests.targets_support import generate, seed_options

BLACK = black.Mode(target_versions={black.TargetVersion.PY310})
SEEDS = sorted(p.name for p in (REPO / "specs").iterdir() if p.is_dir())
CORPORA = ("atoma-python", "atoma-typescript", "r9s-python", "mistral-python")


def assert_laid_out_as_black_and_ruff(modules: dict[str, str], tree: Path) -> None:
    """Every module equals black's output of it; `ruff format --check` leaves the tree alone."""
    assert modules, f"no Python module under {tree}"
    assert black_differs(modules) == [], "not black's layout"
    ruff_format_check(tree)


def _written(modules: dict[str, str], tree: Path) -> Path:
    """The modules written below tree (for ruff), returned as the tree."""
    for path, text in modules.items():
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tree


@pytest.mark.parametrize("seed", [s if s == "atoma_python" else pytest.param(s, marks=pytest.mark.slow) for s in SEEDS])
def test_seed_output_is_laid_out_as_black_and_ruff_do(seed: str, tmp_path: Path) -> None:
    out = generate(REPO / "specs" / seed, tmp_path / seed, *seed_options(seed))
    assert_laid_out_as_black_and_ruff(python_modules(out), out)


def test_constructs_output_is_laid_out_as_black_and_ruff_do(tmp_path: Path) -> None:
    out = generate(FIXTURES / "targets" / "constructs", tmp_path / "constructs")
    assert_laid_out_as_black_and_ruff(python_modules(out), out)


@pytest.mark.slow
@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_output_is_laid_out_as_black_and_ruff_do(corpus: str, generated_corpus) -> None:  # type: ignore[no-untyped-def]
    run, out = generated_corpus(corpus)  # the session's one run over the corpus (shared with other tests)
    assert run.returncode == 0, run.stderr[-3000:]
    assert_laid_out_as_black_and_ruff(python_modules(out), out)


def _hostile_modules(names: bool, tmp_path: Path) -> dict[str, str]:
    """The Python modules of a package whose docs carry every hostile payload: in descriptions
    (docstrings, Field descriptions), examples and enum values; with `names`, in field names too."""
    from generator.mode import TARGETS, Mode
    from generator.parse.document import markdown_parser, parse_doc
    from generator.resolve import resolve
    from tests.hostile import md_escape, payloads

    texts = payloads(tmp_path / "marker")
    md = markdown_parser()
    definitions = []
    table = "| Field | Type | Required | Description | Example |\n| ----- | ---- | -------- | ----------- | ------- |\n"
    for number, text in enumerate(texts):
        escaped = md_escape(text)
        following = (number + 1) % len(texts)
        doc = (f"# Model{number}\n\n{escaped}\n\n## Fields\n\n{table}"
               f"| `field_{number}` | *str* | :heavy_check_mark: | {escaped} | {escaped} |\n"
               f"| `other` | [Optional[Model{following}]](model{following}.md) | :heavy_minus_sign: | "
               f"{escaped} {escaped} {escaped} | |\n")
        if names:
            doc += f"| k{escaped}k | *Optional[str]* | :heavy_minus_sign: | name | |\n"
        definitions.extend(parse_doc(md, doc, f"model{number}.md")[0])
    values = "".join(f"| `V{number}` | {md_escape(text)} |\n" for number, text in enumerate(texts))
    definitions.extend(parse_doc(md, f"# Colors\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n{values}",
                                 "colors.md")[0])
    package, _ = resolve("hostile", definitions, Mode())
    python_only = Mode(targets=tuple(t for t in TARGETS if t != "jsonschema"))  # the schemas of a ring are big
    modules = {path: text for path, text in render_files(package, python_only).items() if path.endswith(".py")}
    assert len(modules) > 10
    return modules


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, str], Path]]:
    """The hostile package's modules and the tree they are written to: "plain" (payloads in
    descriptions, examples, enum values) and "names" (the same, and in field names too)."""
    root = tmp_path_factory.mktemp("hostile-layout")
    out = {}
    for kind in ("plain", "names"):
        modules = _hostile_modules(kind == "names", root)
        out[kind] = (modules, _written(modules, root / kind))
    return out


def black_differs(modules: dict[str, str]) -> list[str]:
    return [path for path, text in sorted(modules.items()) if black.format_str(text, mode=BLACK) != text]


def ruff_format_check(tree: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--isolated", "--check", "--diff", str(tree)],
                            capture_output=True, text=True, check=False)
    shown = "\n".join(line if len(line) < 300 else line[:150] + " ... " + line[-100:]
                       for line in result.stdout[:200_000].splitlines()[:300])
    assert result.returncode == 0, shown + "\n" + result.stderr[-2_000:]


@pytest.mark.slow
def test_hostile_text_and_names_are_laid_out_as_black_does(hostile) -> None:  # type: ignore[no-untyped-def]
    """Quotes, backslashes, control and wide characters, code-looking text, everywhere."""
    modules, _ = hostile["names"]  # the plain package's docs are the same, less one row each
    assert black_differs(modules) == []


@pytest.mark.slow
def test_hostile_text_is_laid_out_as_ruff_does(hostile) -> None:  # type: ignore[no-untyped-def]
    ruff_format_check(hostile["plain"][1])




@pytest.mark.slow
def test_hostile_field_names_are_laid_out_as_ruff_does(hostile) -> None:  # type: ignore[no-untyped-def]
    ruff_format_check(hostile["names"][1])


def test_a_field_name_longer_than_a_line_is_laid_out_as_black_and_ruff_do(tmp_path: Path) -> None:
    name = "k" + "9" * 100 + "k"
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "m.md").write_text("# M\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
                               f"| {name} | *Optional[str]* | :heavy_minus_sign: | name |\n", encoding="utf-8")
    out = generate(spec, tmp_path / "out")
    assert_laid_out_as_black_and_ruff(python_modules(out), out)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(value=_json_values)
def test_json_documents_are_indented_as_json_dumps_does(value: object) -> None:
    import json

    from generator.emit.jsontext import dumps_indented

    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
