"""`docmodels generate` over every corpus in ../shared/corpora: exit 0, no traceback,
and a package that imports with every doc's model in it."""

from __future__ import annotations

import pytest

from tests.conftest import doc_titles

CORPUS_NAMES = ("atoma-python", "r9s-python", "mistral-python", "orq-python", "atoma-typescript", "r9s-typescript")


@pytest.mark.slow
@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_generate_over_a_corpus_exits_0_without_traceback(corpus: str, corpus_root, generated_corpus,  # type: ignore[no-untyped-def]
                                                          corpus_checks) -> None:
    run, out = generated_corpus(corpus)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr[-3000:]
    for target in ("pydantic_models", "dataclass_models", "typeddict_models"):
        assert (out / target / "__init__.py").is_file()
    # Every doc's title is a name of the generated packages (the contract the scorer relies on),
    # checked in a fresh interpreter (tests/conftest.py: MISSING_NAMES, run in the background).
    assert len(doc_titles(corpus_root(corpus) / "docs" / "models")) > 30
    check = corpus_checks(corpus)["names"].result()
    assert check.returncode == 0, (check.stdout + check.stderr)[-3000:]
