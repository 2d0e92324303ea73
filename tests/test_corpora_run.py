"""`docmodels generate` over every corpus in ../shared/corpora: exit 0, no traceback,
and a package that imports with every doc's model in it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

# Run in a fresh interpreter: which titles each generated module lacks.
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
CORPUS_NAMES = ("atoma-python", "r9s-python", "mistral-python", "orq-python", "atoma-typescript", "r9s-typescript")


@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_generate_over_a_corpus_exits_0_without_traceback(corpus: str, corpus_root, generated_corpus) -> None:  # type: ignore[no-untyped-def]
    run, out = generated_corpus(corpus)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr[-3000:]
    for target in ("pydantic_models", "dataclass_models", "typeddict_models"):
        assert (out / target / "__init__.py").is_file()
    # Every doc's title is a name of the generated modules (the contract the scorer relies on).
    titles = set()
    for doc in (corpus_root(corpus) / "docs" / "models").rglob("*.md"):
        first = doc.read_text(encoding="utf-8").split("\n", 1)[0]
        if match := re.fullmatch(r"# ([A-Za-z_][A-Za-z0-9_]*)\s*", first):
            titles.add(match.group(1))
    assert len(titles) > 30
    check = subprocess.run(
        [sys.executable, "-c", MISSING_NAMES, str(out.parent), out.name, *sorted(titles)],
        capture_output=True, text=True, check=False,
    )
    assert check.returncode == 0, (check.stdout + check.stderr)[-3000:]
