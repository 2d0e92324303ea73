"""Fidelity of the generated models on the real corpora in ../shared/corpora.

    python tests/conformance_table.py            # the Markdown table of every corpus
    python tests/conformance_table.py --details  # the table, then every failing model

Python corpora are scored with ../shared/conformance/score.py against the
ground truth read from each SDK's own code. TypeScript trees have no ground
truth of their own: their models are compared with the Python twin's ground
truth by title (camelCase names mapped to snake_case, nullability left out,
int and float both `number`, as TypeScript docs have one numeric type).

tests/test_conformance.py uses the same functions; only the scorer's output
and the generated `pydantic_models` are read, never the generator's internals.
"""

from __future__ import annotations

import gzip
import json
import re
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"
CONFORMANCE = SHARED / "conformance"
PYTHON_CORPORA = ("atoma-python", "r9s-python", "mistral-python", "orq-python")
TYPESCRIPT_TWINS = {"atoma-typescript": "atoma-python", "r9s-typescript": "r9s-python"}
# The scorer reads pydantic_models only; the other targets are tested elsewhere,
# and rendering them for 18,577 docs would only slow the measurement down.
SCORED_FORMATS = ("--format", "pydantic")

_SCORE_LINE = re.compile(r"^(where docs agree with the SDK|conformance): (\d+)/(\d+)")
_KIND_LINE = re.compile(r"^\s*(\d+)\s+(.+?)\s+e\.g\. (.*)$")


def unpack_corpus(name: str, into: Path) -> Path:
    """The corpus's docs/models folder, unpacked below `into`."""
    with tarfile.open(CORPORA / name / "docs-models.tar.gz") as tar:
        tar.extractall(into, filter="data")
    return into / "docs" / "models"


def generate(spec_dir: Path, out_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`docmodels generate SPEC_DIR -o OUT_DIR` in a fresh interpreter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec_dir), "-o", str(out_dir), "-q", *options],
        cwd=REPO, capture_output=True, text=True, check=False,
    )


def load_expected(name: str) -> dict[str, dict]:  # type: ignore[type-arg]
    with gzip.open(CORPORA / name / "expected.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Score:
    agree_ok: int  # models whose doc agrees with the SDK, and that match
    agree: int  # models whose doc agrees with the SDK
    ok: int
    total: int
    failing: frozenset[str]  # every model that does not match, as the scorer lists them

    def agree_line(self) -> str:
        return f"{self.agree_ok}/{self.agree} ({100.0 * self.agree_ok / max(self.agree, 1):.1f}%)"

    def all_line(self) -> str:
        return f"{self.ok}/{self.total} ({100.0 * self.ok / max(self.total, 1):.1f}%)"


def score_command(name: str, out_dir: Path) -> list[str]:
    """The command line of ../shared/conformance/score.py on a generated package."""
    return [sys.executable, str(CONFORMANCE / "score.py"), str(CORPORA / name / "expected.json.gz"), str(out_dir),
            "--show", "1000000"]


def score(name: str, out_dir: Path) -> Score:
    """Run ../shared/conformance/score.py on a generated package and read what it prints."""
    return read_score(subprocess.run(score_command(name, out_dir), capture_output=True, text=True, check=False), out_dir)


def read_score(result: subprocess.CompletedProcess[str], out_dir: Path) -> Score:
    """What score.py printed, as a Score."""
    if result.returncode != 0:
        raise RuntimeError(f"score.py failed on {out_dir}:\n{result.stderr[-3000:]}")
    counts: dict[str, tuple[int, int]] = {}
    failing: set[str] = set()
    for line in result.stdout.splitlines():
        if match := _SCORE_LINE.match(line):
            counts[match.group(1)] = (int(match.group(2)), int(match.group(3)))
        elif match := _KIND_LINE.match(line):
            failing.update(t.strip() for t in match.group(3).split(","))
    (agree_ok, agree), (ok, total) = counts["where docs agree with the SDK"], counts["conformance"]
    return Score(agree_ok, agree, ok, total, frozenset(failing))


def failing_where_docs_agree(name: str, result: Score) -> frozenset[str]:
    expected = load_expected(name)
    return frozenset(t for t in result.failing if expected.get(t, {}).get("doc_agrees", True))


# --- TypeScript trees against their Python twin -------------------------------------------


def twin_differences(python_twin: str, out_dir: Path) -> tuple[int, dict[str, list[str]]]:
    """(titles compared, {title: differences}) for a generated TypeScript tree, in a fresh
    interpreter (the generated package is imported there, not here)."""
    result = subprocess.run(
        [sys.executable, __file__, "--twin", python_twin, str(out_dir)], capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"twin comparison failed on {out_dir}:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout)
    return data["compared"], data["differences"]


def _wire_key(python_name: str) -> str:
    """A Python-flavored doc's field name without Speakeasy's reserved-word underscore."""
    import builtins
    import keyword

    stem = python_name[:-1]
    pydantic_names = ("schema", "model_config", "json", "copy", "validate", "construct", "fields")
    if python_name.endswith("_") and (keyword.iskeyword(stem) or hasattr(builtins, stem) or stem in pydantic_names):
        return stem
    return python_name


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _base(shape: object, open_as_str: bool = False) -> object:
    """A type shape with null dropped and the numeric and date types TypeScript merges merged;
    an open enum (`lit | str`) as its values, or with `open_as_str` as what it accepts, `str`
    (an SDK's open enum class reads as `str` in the ground truth)."""
    if shape in ("int", "float"):
        return "number"
    if shape == "date":
        return "datetime"
    if isinstance(shape, list) and shape and shape[0] == "union":
        members = [_base(m, open_as_str) for m in shape[1] if m != "null"]
        if any(isinstance(m, list) and m[0] == "lit" for m in members) and "str" in members:
            drop = (lambda m: isinstance(m, list) and m[0] == "lit") if open_as_str else (lambda m: m == "str")
            members = [m for m in members if not drop(m)]
        unique = sorted({json.dumps(m, sort_keys=True) for m in members})
        parts = [json.loads(u) for u in unique]
        return parts[0] if len(parts) == 1 else ["union", parts]
    if isinstance(shape, list) and shape and shape[0] in ("list", "dict"):
        return [shape[0], _base(shape[1], open_as_str)]
    if isinstance(shape, list) and shape and shape[0] in ("tuple", "object"):
        return shape  # not produced by docs; compared as they are
    return shape


def _same_type(python: object, typescript: object) -> bool:
    """Openness left out: an open enum matches its values or `str`."""
    return _base(python) == _base(typescript) or _base(python, True) == _base(typescript, True)


def _single_literal(shape: object) -> bool:
    return isinstance(shape, list) and shape[:1] == ["lit"] and len(shape[1]) == 1


def compare_with_twin(python_shape: dict, ts_shape: dict) -> list[str]:  # type: ignore[type-arg]
    """What differs between a Python ground-truth shape and a TypeScript doc's model."""
    if python_shape["kind"] != ts_shape["kind"]:
        return [f"kind {python_shape['kind']} != {ts_shape['kind']}"]
    if python_shape["kind"] == "type":
        return [] if _same_type(python_shape["type"], ts_shape["type"]) else ["type"]
    py_fields = {_wire_key(k): v for k, v in python_shape["fields"].items()}
    ts_fields = {_wire_key(_snake(k)): v for k, v in ts_shape["fields"].items()}
    out = [f"missing field {k}" for k in sorted(set(py_fields) - set(ts_fields))]
    out += [f"extra field {k}" for k in sorted(set(ts_fields) - set(py_fields))]
    for key in sorted(set(py_fields) & set(ts_fields)):
        p, t = py_fields[key], ts_fields[key]
        # As the scorer does: an SDK gives a single-literal field a default.
        if p["required"] != t["required"] and not _single_literal(p["type"]):
            out.append(f"field {key} required")
        if not _same_type(p["type"], t["type"]):
            out.append(f"field {key} type")
    return out


def pair_titles(python_titles: set[str], ts_titles: set[str]) -> dict[str, str]:
    """Python title -> the TypeScript title of the same model. Speakeasy's TypeScript
    SDKs add a `T` to names JavaScript reserves (Function -> FunctionT) and case
    acronyms differently (JSONSchema -> JsonSchema)."""
    by_lower: dict[str, list[str]] = {}
    for ts in ts_titles:
        by_lower.setdefault(ts.lower(), []).append(ts)
    pairs: dict[str, str] = {}
    for py in sorted(python_titles):
        if py in ts_titles:
            pairs[py] = py
        elif py + "T" in ts_titles and py + "T" not in python_titles:
            pairs[py] = py + "T"
        elif len(by_lower.get(py.lower(), [])) == 1 and by_lower[py.lower()][0] not in python_titles:
            pairs[py] = by_lower[py.lower()][0]
    return pairs


def _renamed_refs(shape: object, names: dict[str, str]) -> object:
    if isinstance(shape, dict):
        return {k: _renamed_refs(v, names) for k, v in shape.items()}
    if isinstance(shape, list) and len(shape) == 2 and shape[0] == "ref" and isinstance(shape[1], str):
        return ["ref", names.get(shape[1], shape[1])]
    if isinstance(shape, list):
        return [_renamed_refs(x, names) for x in shape]
    return shape


def _twin_main(python_twin: str, out_dir: str) -> None:
    import importlib

    sys.path.insert(0, str(CONFORMANCE))
    from extract_expected import schema_for  # type: ignore[import-not-found]
    from shape import drop_refs, shape_of  # type: ignore[import-not-found]

    expected = load_expected(python_twin)
    package = Path(out_dir).resolve()
    sys.path.insert(0, str(package.parent))
    module = importlib.import_module(package.name + ".pydantic_models")
    # The package imports lazily: its names are the ones it exports, each imported by getattr.
    pairs = pair_titles(set(expected), {n for n in module.__all__ if n[:1].isupper()})
    to_python = {ts: py for py, ts in pairs.items()}
    compared = 0
    differences: dict[str, list[str]] = {}
    for title, record in sorted(expected.items()):
        if title not in pairs:
            continue  # the TypeScript tree has no doc of that title
        compared += 1
        schema = schema_for(getattr(module, pairs[title]))
        if schema is None:
            differences[title] = ["no schema"]
            continue
        ts_shape = drop_refs(_renamed_refs(shape_of(schema), to_python), set(expected))
        found = compare_with_twin(record["shape"], ts_shape)
        if found:
            differences[title] = found
    json.dump({"compared": compared, "differences": differences}, sys.stdout, indent=1, sort_keys=True)


# --- the table ---------------------------------------------------------------------------


def measure_all(work: Path, details: bool) -> list[str]:
    rows = [
        "| corpus | docs | where docs agree with the SDK | all models |",
        "| --- | ---: | --- | --- |",
    ]
    notes: list[str] = []
    for name in (*PYTHON_CORPORA, *TYPESCRIPT_TWINS):
        spec = unpack_corpus(name, work / name)
        docs = sum(1 for _ in spec.rglob("*.md"))
        out = work / ("out_" + name.replace("-", "_"))
        run = generate(spec, out, *SCORED_FORMATS)
        if run.returncode != 0:
            rows.append(f"| {name} | {docs:,} | generation failed (exit {run.returncode}) | |")
            notes.append(run.stderr[-2000:])
            continue
        if name in TYPESCRIPT_TWINS:
            twin = TYPESCRIPT_TWINS[name]
            compared, differences = twin_differences(twin, out)
            agree = compared - len(differences)
            rows.append(f"| {name} | {docs:,} | agrees with {twin} on {agree}/{compared} shared titles "
                        f"({100.0 * agree / max(compared, 1):.1f}%) | |")
            if details:
                notes += [f"{name} {title}: {', '.join(d)}" for title, d in sorted(differences.items())]
            continue
        result = score(name, out)
        rows.append(f"| {name} | {docs:,} | {result.agree_line()} | {result.all_line()} |")
        if details:
            notes += [f"{name} {title}" for title in sorted(failing_where_docs_agree(name, result))]
    rows.append(_with_overrides(work, "mistral-python"))
    return rows + ([""] + notes if notes else [])


OVERRIDES = REPO / "tests" / "fixtures" / "fidelity" / "mistral_overrides.toml"


def _with_overrides(work: Path, name: str) -> str:
    """The corpus generated with the overrides example (what its docs lose, put back), scored
    on a row of its own so that the plain score stays what the docs alone give."""
    project = work / f"overridden_{name.replace('-', '_')}"
    project.mkdir()
    spec = work / name / "docs" / "models"
    (project / "pyproject.toml").write_text(
        f'[[tool.docmodels.packages]]\nspec = "{spec}"\noutput = "out"\nformats = ["pydantic"]\n\n'
        f"[tool.docmodels.packages.overrides]\n{OVERRIDES.read_text(encoding='utf-8')}", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "generate", "-q"], cwd=project, capture_output=True,
                         text=True, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    if run.returncode != 0:
        return f"| {name} with {OVERRIDES.name} | | generation failed (exit {run.returncode}) | |"
    result = score(name, project / "out")
    return f"| {name} with its overrides ({OVERRIDES.relative_to(REPO)}) | | {result.agree_line()} | {result.all_line()} |"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--twin"]:
        _twin_main(argv[1], argv[2])
        return 0
    if not CORPORA.is_dir():
        print(f"{CORPORA} is absent: the conformance table needs the shared corpora", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="docmodels-conformance-") as tmp:
        print("\n".join(measure_all(Path(tmp), details="--details" in argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
