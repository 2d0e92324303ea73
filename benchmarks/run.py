"""`make bench`: every figure of the performance issue, with its target beside it.

Each figure is the median of several runs of the whole command, in a fresh
interpreter as a user runs it; commands that are compared run alternately
in the same session, and the ratio is printed. Peak RSS is the largest
resident set among the command's processes (docmodels forks one worker,
which shares the parent's pages).

    python benchmarks/run.py [--runs 5] [--orq-runs 1] [--skip-orq] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# markdown-it-py parsing every doc, as docmodels configures it, and nothing else.
FLOOR = """
import sys
from pathlib import Path
from typing import Any
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    md.parse(path.read_text(encoding="utf-8"))
"""


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss_mib: float
    cpu: tuple[float, float] = (0.0, 0.0)  # user and system seconds of the command and its children


@dataclass(frozen=True)
class Figure:
    name: str
    samples: list[Sample]

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.max_rss_mib for s in self.samples)

    def spread(self) -> str:
        times = sorted(s.seconds for s in self.samples)
        user, system = (statistics.median(s.cpu[i] for s in self.samples) for i in (0, 1))
        cpu = f", CPU {user:.2f} user + {system:.2f} system" if user else ""
        return f"n={len(times)}, min {times[0]:.2f} s, max {times[-1]:.2f} s{cpu}"


def run(command: list[str | Path], quiet: bool = True, cwd: Path = REPO) -> Sample:
    """Time one command to its end; its peak RSS (the largest of it and the children it waited for)."""
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in command], cwd=cwd,
                               stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{errors.decode()[-2000:]}")
    return Sample(seconds, usage.ru_maxrss / 1024, (usage.ru_utime, usage.ru_stime))  # KiB on Linux


def unpack(shared: Path, corpus: str, into: Path) -> Path:
    archive = shared / "corpora" / corpus / "docs-models.tar.gz"
    if not archive.is_file():
        raise SystemExit(f"{archive} is missing: the benchmark needs the shared corpora")
    target = into / corpus
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "docs" / "models"


def docmodels(spec: Path, out: Path) -> list[str | Path]:
    script = BIN / "docmodels"
    launcher: list[str | Path] = [script] if script.exists() else [sys.executable, "-m", "generator"]
    return [*launcher, "generate", spec, "-o", out, "-q"]


def forget(out: Path) -> None:
    """No output and no cache: the next run is a cold one.

    They are moved aside, not deleted: deleting a thousand files keeps the disk busy for a
    while after (ext4 with online discard here), and the next timed run would pay for it.
    The temporary folder goes at the very end."""
    trash = out.parent.parent / "trash"
    trash.mkdir(exist_ok=True)
    for path in (out, out.parent / ".docmodels-cache"):
        if path.exists():
            path.rename(trash / f"{len(list(trash.iterdir()))}")


def bundle_schema(json_schema: Path, target: Path) -> Path:
    """One JSON Schema whose $defs are every document docmodels wrote (self references made explicit)."""
    def retarget(name: str, node: object) -> object:
        if isinstance(node, dict):
            return {k: (f"#/$defs/{name}" if k == "$ref" and v == "#" else retarget(name, v)) for k, v in node.items()}
        if isinstance(node, list):
            return [retarget(name, v) for v in node]
        return node

    definitions = {}
    for path in sorted(json_schema.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        document.pop("$schema", None)
        document.pop("$defs", None)
        definitions[path.stem] = retarget(path.stem, document)
    bundle = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Bundle", "$defs": definitions}
    target.write_text(json.dumps(bundle, indent=1), encoding="utf-8")
    return target


def toggle_description(doc: Path, turn: int) -> None:
    """Change the doc's first paragraph, a different text each turn."""
    text = doc.read_text(encoding="utf-8")
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], 1):
        if line.strip() and not line.startswith(("#", "|", "```")):
            base = line.split(" [bench ")[0]
            lines[number] = f"{base} [bench {turn}]"
            break
    doc.write_text("\n".join(lines), encoding="utf-8")


def a_model_doc(spec: Path) -> Path:
    for doc in sorted(spec.rglob("*.md")):
        text = doc.read_text(encoding="utf-8")
        if "## Fields" in text and len(text.split("\n\n")) > 2:
            return doc
    raise SystemExit("no model doc to edit")


def mistral_figures(spec: Path, work: Path, runs: int) -> dict[str, Any]:
    out = work / "mistral-run" / "out"
    dcg = BIN / "datamodel-codegen"
    run(docmodels(spec, out))  # warm-up (bytecode, file cache), and the JSON Schema to bundle
    bundle = bundle_schema(out / "json_schema", work / "bundle.json")
    dcg_command: list[str | Path] | None = None
    if dcg.exists():
        # Its fastest configuration: ruff formats (black would be about twice as slow).
        dcg_command = [dcg, "--input", bundle, "--input-file-type", "jsonschema", "--output-model-type",
                       "pydantic_v2.BaseModel", "--formatters", "ruff-format", "--output", work / "dcg_models.py"]
        run(dcg_command)
    else:
        print("datamodel-code-generator is not installed (pip install -e '.[bench]'): that comparison is skipped")
    floor: list[str | Path] = [sys.executable, "-c", FLOOR, spec]
    cold, dcg_samples, floor_samples = [], [], []
    for _ in range(runs):  # alternately, so that the machine's state hits all three alike
        forget(out)
        cold.append(run(docmodels(spec, out)))
        if dcg_command:
            dcg_samples.append(run(dcg_command))
        floor_samples.append(run(floor))
    noop = [run(docmodels(spec, out)) for _ in range(runs)]
    changed, _ = one_doc_changed(spec, out, runs)
    figures: dict[str, Any] = {
        "cold": Figure("mistral cold, 5 targets", cold),
        "floor": Figure("markdown-it-py parse only", floor_samples),
        "noop": Figure("mistral, nothing changed", noop),
        "changed": Figure("mistral, one doc changed", changed),
    }
    if dcg_samples:
        figures["dcg"] = Figure("datamodel-code-generator, Pydantic only, ruff-format", dcg_samples)
    figures["decode"] = decode_figures(out)
    return figures


def one_doc_changed(spec: Path, out: Path, runs: int) -> tuple[list[Sample], int]:
    """Runs after a description edit in the first model doc (a different text each turn);
    and the bytes the median-sized run rewrote."""
    doc = a_model_doc(spec)
    original = doc.read_text(encoding="utf-8")
    samples, written = [], []
    for turn in range(runs):
        toggle_description(doc, turn)
        command = [*docmodels(spec, out)[:-1], "-v"]  # -v: which files were written
        start = time.perf_counter()
        result = subprocess.run([str(c) for c in command], cwd=REPO, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        paths = [line.removeprefix("wrote ") for line in result.stdout.splitlines() if line.startswith("wrote ")]
        written.append(sum(os.path.getsize(p) for p in paths))
        samples.append(Sample(seconds, 0.0))
    doc.write_text(original, encoding="utf-8")
    run(docmodels(spec, out))
    return samples, int(statistics.median(written))


DECODE = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import msgspec
from out.pydantic_models import CompletionChunk as P
from out.msgspec_models import CompletionChunk as M
payload = json.loads(open(sys.argv[2]).read())["valid"]
data = json.dumps(next(iter(payload.values()))).encode()
decoder = msgspec.json.Decoder(M)
def median(f, n=20000):
    out = []
    for _ in range(9):
        start = time.perf_counter()
        for _ in range(n):
            f(data)
        out.append((time.perf_counter() - start) / n)
    return statistics.median(out)
print(json.dumps({"pydantic": median(P.model_validate_json), "msgspec": median(decoder.decode)}))
"""


def decode_figures(out: Path) -> dict[str, float]:
    """Median time to decode one realistic streamed chunk (mistral's CompletionChunk)."""
    payload = REPO / "tests" / "fixtures" / "payloads" / "corpus-mistral-python" / "CompletionChunk.json"
    result = subprocess.run([sys.executable, "-c", DECODE, str(out.parent), str(payload)], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


IMPORT_ONE = """
import json, sys, time
start = time.perf_counter()
import importlib
module = importlib.import_module("out." + sys.argv[1])
model = getattr(module, "CreateChatCompletionData")
imported = time.perf_counter() - start
payload = json.loads(open(sys.argv[2]).read())["valid"]
data = next(iter(payload.values()))
start = time.perf_counter()
if sys.argv[1] == "pydantic_models":
    model.model_validate_json(json.dumps(data))
elif sys.argv[1] == "dataclass_models":
    model.from_dict(data)
elif sys.argv[1] == "msgspec_models":
    import msgspec
    msgspec.json.decode(json.dumps(data), type=model)
print(json.dumps({"import": imported, "validate": time.perf_counter() - start}))
"""


def import_figures(out: Path) -> dict[str, tuple[float, float]]:
    """orq, byte-compiled, fresh process: import CreateChatCompletionData from each Python
    target, then validate one payload with it (medians of 3)."""
    compileall.compile_dir(str(out), quiet=1)
    payload = REPO / "tests" / "fixtures" / "payloads" / "corpus-orq-python" / "CreateChatCompletionData.json"
    figures = {}
    for target in ("pydantic_models", "dataclass_models", "typeddict_models", "msgspec_models"):
        samples = []
        for _ in range(3):
            result = subprocess.run([sys.executable, "-c", IMPORT_ONE, target, str(payload)], cwd=out.parent,
                                    capture_output=True, text=True, check=True)
            samples.append(json.loads(result.stdout))
        figures[target] = (statistics.median(s["import"] for s in samples),
                           statistics.median(s["validate"] for s in samples))
    return figures


def orq_figures(spec: Path, work: Path, runs: int, with_mypy: bool) -> dict[str, Any]:
    out = work / "orq-run" / "out"
    cold = []
    for _ in range(runs):
        forget(out)
        cold.append(run(docmodels(spec, out)))
    noop = [run(docmodels(spec, out)) for _ in range(3)]
    changed, written = one_doc_changed(spec, out, 3)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    modules = {t: sum(1 for _ in (out / t).rglob("*.py")) for t in ("pydantic_models", "msgspec_models")}
    figures: dict[str, Any] = {
        "orq_cold": Figure("orq cold, 5 targets", cold), "orq_noop": Figure("orq, nothing changed", noop),
        "orq_changed": Figure("orq, one doc changed", changed), "orq_written": written,
        "orq_files": (files, modules), "orq_import": import_figures(out),
    }
    if with_mypy:
        figures["orq_mypy"] = run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", work / "mypy",
                                   "-p", "out.pydantic_models"], quiet=True, cwd=out.parent)
    return figures


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(figures: dict[str, Any]) -> None:
    print()
    print(f"{'figure':62} {'measured':>26}  target")
    rows: list[tuple[str, str, str, bool]] = []
    cold, floor = figures["cold"], figures["floor"]
    if "dcg" in figures:
        ratio = cold.median / figures["dcg"].median
        rows.append(("mistral cold, 5 targets / datamodel-code-generator (ruff-format)",
                     f"{cold.median:.2f} / {figures['dcg'].median:.2f} s = {ratio:.2f}", "<= 0.5", ratio <= 0.5))
    ratio = cold.median / floor.median
    rows.append(("mistral cold, 5 targets / markdown-it-py parse only",
                 f"{cold.median:.2f} / {floor.median:.2f} s = {ratio:.2f}", "<= 3", ratio <= 3))
    rows.append(("mistral, nothing changed", f"{figures['noop'].median:.2f} s", "<= 0.4 s", figures["noop"].median <= 0.4))
    rows.append(("mistral, one doc changed", f"{figures['changed'].median:.2f} s", "<= 1 s",
                 figures["changed"].median <= 1))
    decode = figures["decode"]
    ratio = decode["msgspec"] / decode["pydantic"]
    rows.append(("decode one chunk: msgspec / generated Pydantic (mistral)",
                 f"{decode['msgspec'] * 1e6:.2f} / {decode['pydantic'] * 1e6:.2f} us = {ratio:.2f}", "<= 0.35",
                 ratio <= 0.35))
    if "orq_cold" in figures:
        orq = figures["orq_cold"]
        rows.append(("orq cold, 5 targets", f"{orq.median:.1f} s", "<= 45 s", orq.median <= 45))
        rows.append(("orq cold, peak RSS", f"{orq.rss:.0f} MiB", "<= 1024 MiB", orq.rss <= 1024))
        rows.append(("orq, nothing changed", f"{figures['orq_noop'].median:.2f} s", "<= 0.5 s",
                     figures["orq_noop"].median <= 0.5))
        rows.append(("orq, one doc's description changed", f"{figures['orq_changed'].median:.2f} s", "<= 1.5 s",
                     figures["orq_changed"].median <= 1.5))
        written = figures["orq_written"]
        rows.append(("orq, one doc changed: bytes rewritten", f"{written / 1024:.0f} KiB", "<= 1024 KiB",
                     written <= 1 << 20))
        for target, (imported, validated) in figures["orq_import"].items():
            rows.append((f"orq, import one model from {target}", f"{imported:.2f} s", "<= 0.6 s", imported <= 0.6))
            if target != "typeddict_models":
                rows.append((f"orq, then validate one payload ({target})", f"{validated:.3f} s", "<= 0.6 s",
                             validated <= 0.6))
    for name, measured, target, ok in rows:
        print(f"{name:62} {measured:>26}  {target:12} {verdict(ok)}")
    print()
    print("medians of the whole command; details:")
    for figure in figures.values():
        if isinstance(figure, Figure):
            rss = f", peak RSS {figure.rss:.0f} MiB" if figure.rss else ""  # runs timed with -v carry none
            print(f"  {figure.name:48} median {figure.median:6.2f} s  ({figure.spread()}){rss}")
    if "orq_files" in figures:
        files, modules = figures["orq_files"]
        print(f"  orq output: {files} files; modules per target: {modules}")
    if "orq_mypy" in figures:
        sample = figures["orq_mypy"]
        print(f"  mypy --strict on orq's pydantic_models: {sample.seconds:.0f} s, peak RSS {sample.max_rss_mib:.0f} MiB")
    print(f"  on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")


def compile_bytecode() -> None:
    """Byte-compile the generator, as `pip install` does for an installed package.

    An editable install leaves that to the first import, which never happens where
    PYTHONDONTWRITEBYTECODE is set (as on our CI machines): every timed run would then
    compile docmodels' modules again, which no installed docmodels does (~0.1-0.2 s a run).
    The libraries it is compared with (markdown-it-py, datamodel-code-generator) were
    byte-compiled when pip installed them."""
    package = REPO / "generator"
    if not compileall.compile_dir(str(package), quiet=1):
        raise SystemExit(f"could not byte-compile {package}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(f"PYTHONDONTWRITEBYTECODE is set: byte-compiled {package} first, as pip does on install")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per mistral figure (default 5)")
    parser.add_argument("--orq-runs", type=int, default=1, help="cold orq runs (default 1; ~a minute each)")
    parser.add_argument("--skip-orq", action="store_true", help="leave out the 18,577-doc corpus")
    parser.add_argument("--orq-mypy", action="store_true", help="also time mypy --strict on orq's Pydantic package")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared corpora folder")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="docmodels-bench-") as temp:
        work = Path(temp)
        figures = mistral_figures(unpack(args.shared, "mistral-python", work), work, args.runs)
        if not args.skip_orq:
            figures.update(orq_figures(unpack(args.shared, "orq-python", work), work, args.orq_runs, args.orq_mypy))
        report(figures)


if __name__ == "__main__":
    main()
