"""Shared test helpers: where ../shared is, unpacked corpora, running the generator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from hypothesis import settings

# The suite (and CI) replays the same hypothesis cases every run, so a red build always
# points at a change, never at luck. Exploring is a separate, deliberate run:
# DOCMODELS_FUZZ_RANDOM=1 DOCMODELS_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py
settings.register_profile("replay", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("DOCMODELS_FUZZ_RANDOM") else "replay")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# The suite starts the CLI a few hundred times; where PYTHONDONTWRITEBYTECODE is set (our CI
# machines), each would compile the generator again. Byte-compile it once, as an install does.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False
CORPORA = SHARED / "corpora"
SCORER = SHARED / "conformance" / "score.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def need_shared(*parts: str) -> Path:
    """The path inside ../shared; the test fails without it (CI always has it: a skip would
    pass a suite that did not run)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is absent: this test needs the shared corpora beside the repository")
    return path


def target_text(out: Path, package: str) -> str:
    """Every module of one target package of an output, one after another, for tests that look for text."""
    root = out / package
    return "".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts)


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """corpus_root(name) -> the unpacked docs tree of ../shared/corpora/<name> (once per session)."""
    cache: dict[str, Path] = {}

    def unpack(name: str) -> Path:
        if name not in cache:
            archive = need_shared("corpora", name, "docs-models.tar.gz")
            target = tmp_path_factory.mktemp(f"corpus-{name}")
            with tarfile.open(archive) as tar:
                tar.extractall(target, filter="data")
            cache[name] = target
        return cache[name]

    return unpack


def run_docmodels(
    *args: str | Path, cwd: Path | None = None, check: bool = False, python_options: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, in a fresh interpreter (with `python_options`, `args` are
    the interpreter's own, `-m generator` included)."""
    # This checkout's generator, wherever the command runs (from another folder, the
    # interpreter would find whichever checkout is installed in editable mode).
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, *([] if python_options else ["-m", "generator"]), *map(str, args)],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"docmodels {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


def write_doc(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def generated_corpus(corpus_root, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """generated_corpus(name) -> (the CLI's CompletedProcess, OUT_DIR): `docmodels generate`
    over ../shared/corpora/<name>, every target, run once per session and shared by the
    crash test and the conformance test."""
    cache: dict[str, tuple[subprocess.CompletedProcess[str], Path]] = {}

    def run(name: str) -> tuple[subprocess.CompletedProcess[str], Path]:
        if name not in cache:
            out = tmp_path_factory.mktemp(f"generated-{name}") / ("gen_" + name.replace("-", "_"))
            cache[name] = (run_docmodels("generate", corpus_root(name) / "docs" / "models", "-o", out, "-q"), out)
        return cache[name]

    return run


def python_modules(out: Path) -> dict[str, str]:
    """Every generated Python module of an output (the root __init__.py, every target
    package's modules), by path relative to the output, in path order."""
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.py")) if "__pycache__" not in p.parts}


_BUILTIN_RENDERERS: dict[str, object] = {}


def _builtin_renderer(override_dir: str | None, name: str):  # type: ignore[no-untyped-def]
    """A Renderer of a built-in template, made once per session: package_files makes new ones
    for every package, and compiling the templates again is most of the time of rendering a
    small package (tests render thousands of them)."""
    from generator.emit.render import Renderer

    if override_dir is not None:
        return Renderer(override_dir, name)
    if name not in _BUILTIN_RENDERERS:
        _BUILTIN_RENDERERS[name] = Renderer(None, name)
    return _BUILTIN_RENDERERS[name]


def render_files(package, mode=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every file of the output of a resolved package, by path, as a cold run renders it
    (no cache, no manifest)."""
    from unittest import mock

    from generator.emit.package import encode_all, package_files
    from generator.mode import Mode

    with mock.patch("generator.emit.package.Renderer", _builtin_renderer):
        files = package_files(package, mode or Mode(), "tests", encode_all(list(package.definitions)))
        return {f.path: f.render() for f in files}


def fresh_files(spec: Path, mode=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What `docmodels generate SPEC -o OUT` would write for the spec folder, computed here
    from nothing (no cache): path -> text, without the manifest."""
    from generator.mode import Mode
    from generator.parse.loader import parse_folder
    from generator.pipeline import package_name as _package_name
    from generator.resolve import resolve

    mode = mode or Mode()
    definitions, _ = parse_folder(spec)
    package, _ = resolve(_package_name(spec), definitions, mode)
    return render_files(package, mode)


# Run in a fresh interpreter over a generated corpus: which titles each target lacks.
MISSING_NAMES = """
import importlib, sys
sys.path.insert(0, sys.argv[1])
titles = set(sys.argv[3:])
modules = {target: importlib.import_module(sys.argv[2] + "." + target)
           for target in ("pydantic_models", "dataclass_models", "typeddict_models")}
# Exported (in __all__) and importable (the package imports lazily: getattr imports its module).
missing = {target: sorted(t for t in titles if t not in module.__all__ or not hasattr(module, t))
           for target, module in modules.items()}
print(missing)
sys.exit(any(missing.values()))
"""


def doc_titles(docs: Path) -> set[str]:
    """The titles of the docs below a folder that are identifiers (the first line `# Title`)."""
    titles = set()
    for doc in docs.rglob("*.md"):
        first = doc.read_text(encoding="utf-8").split("\n", 1)[0]
        if match := re.fullmatch(r"# ([A-Za-z_][A-Za-z0-9_]*)\s*", first):
            titles.add(match.group(1))
    return titles


class _Job:
    """A command running in the background, its output going to files (a pipe nobody reads
    would stop it)."""

    def __init__(self, argv: list[str], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.argv, self.stdout, self.stderr = argv, folder / "stdout", folder / "stderr"
        with self.stdout.open("w") as out, self.stderr.open("w") as err:
            self.process = subprocess.Popen(argv, stdout=out, stderr=err, text=True)

    def result(self, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
        code = self.process.wait(timeout=timeout)
        return subprocess.CompletedProcess(self.argv, code, self.stdout.read_text(encoding="utf-8"),
                                           self.stderr.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_checks(generated_corpus, corpus_root, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """corpus_checks(name) -> {check: job}: the long checks over a corpus's generated package,
    started together in background processes as soon as the corpus is generated (once per
    session), so the scorer (tests/test_conformance.py) and the import of every title
    (tests/test_corpora_run.py) run on both cores at once. Checks: "names" (MISSING_NAMES
    over the doc titles), and "score" (../shared/conformance/score.py) for a corpus with
    ground truth."""
    from tests.conformance_table import PYTHON_CORPORA, score_command

    started: dict[str, dict[str, _Job]] = {}

    def checks(name: str) -> dict[str, _Job]:
        if name not in started:
            run, out = generated_corpus(name)
            jobs: dict[str, _Job] = {}
            if run.returncode == 0:
                folder = tmp_path_factory.mktemp(f"checks-{name}")
                titles = sorted(doc_titles(corpus_root(name) / "docs" / "models"))
                jobs["names"] = _Job([sys.executable, "-c", MISSING_NAMES, str(out.parent), out.name, *titles],
                                     folder / "names")
                if name in PYTHON_CORPORA:
                    jobs["score"] = _Job(score_command(name, out), folder / "score")
            started[name] = jobs
        return started[name]

    yield checks
    for jobs in started.values():  # the session ends: stop what a deselected test never waited for
        for job in jobs.values():
            if job.process.poll() is None:
                job.process.kill()
                job.process.wait()
