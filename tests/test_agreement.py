"""The Pydantic models, the dataclasses' from_dict and the JSON Schema accept and
reject the same streamed chunks.

Payloads live in tests/fixtures/payloads/<source>/<Model>.json, grouped:
  valid                accepted by all three; to_dict(from_dict(x)) == x
  valid_lossy          accepted by all three; the round trip drops the keys the doc
                       does not describe
  invalid              rejected by all three
  null_where_optional  the one allowed difference: an explicit null where the doc
                       says Optional (not nullable) passes Pydantic and dataclasses,
                       not the JSON Schema; to_dict(from_dict(x)) == x

A source is `seed-<package>` (specs/<package>, whose chunk docs link to models
they do not include: placeholders that accept anything) or `corpus-<name>`
(the same chunk type with every model it reaches, taken from
../shared/corpora/<name>, so nested objects, enums and unions are exercised).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO
from tests.targets_support import Generated, Verdicts, generate, load, seed_options, verdicts

PAYLOADS = FIXTURES / "payloads"
EXPECTED = {
    "valid": Verdicts(True, True, True),
    "valid_lossy": Verdicts(True, True, True),
    "invalid": Verdicts(False, False, False),
    "null_where_optional": Verdicts(True, True, False),
}
# Where each corpus keeps its chunk doc, and how its SDK puts keys on the wire.
CORPUS_CHUNKS = {
    "atoma-python": ("docs/models/chatcompletionchunk.md", ()),
    "atoma-typescript": ("docs/models/components/chatcompletionchunk.md", ("--wire-names", "snake_case")),
    "mistral-python": ("docs/models/completionchunk.md", ()),
    "orq-python": ("docs/models/createchatcompletiondata.md", ()),
    "r9s-python": ("docs/models/chatcompletionstreamevent.md", ()),
}


def _cases() -> list[Any]:
    cases = []
    for path in sorted(PAYLOADS.glob("*/*.json")):
        groups = json.loads(path.read_text(encoding="utf-8"))
        assert set(groups) <= set(EXPECTED), f"{path}: unknown group"
        for group, payloads in groups.items():
            for name, payload in payloads.items():
                source, model = path.parent.name, path.stem
                # Each source is generated once, ~1 s (orq's chunk reaches hundreds of docs: ~10 s);
                # `-m "not slow"` keeps one seed and one corpus.
                marks = [] if source in ("seed-atoma_python", "corpus-atoma-python") else [pytest.mark.slow]
                cases.append(pytest.param(source, model, group, payload, id=f"{source}/{model}/{group}/{name}",
                                          marks=marks))
    return cases


CASES = _cases()


_LINK = re.compile(r"\]\(([^)#\s]+\.md)\)")
_NAMED = re.compile(r"\b(?:models|components|operations)\.([A-Za-z_]\w*)")


def copy_closure(docs_root: Path, start: str, dest: Path) -> Path:
    """Copy a doc and every doc it reaches to dest: by link, and by a
    `models.Name` written without one (Speakeasy names the file name.lower().md)."""
    todo, seen = [start], set()
    while todo:
        rel = todo.pop()
        if rel in seen or not (docs_root / rel).is_file():
            continue
        seen.add(rel)
        text = (docs_root / rel).read_text(encoding="utf-8")
        folder = posixpath.dirname(rel)
        todo.extend(posixpath.normpath(posixpath.join(folder, href)) for href in _LINK.findall(text))
        todo.extend(posixpath.join(folder, f"{name.lower()}.md") for name in _NAMED.findall(text))
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(docs_root / rel, target)
    return dest


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, corpus_root):  # type: ignore[no-untyped-def]
    """generated(source) -> the loaded targets of that source, built once per module."""
    cache: dict[str, Generated] = {}

    def build(source: str) -> Generated:
        if source not in cache:
            kind, name = source.split("-", 1)
            work = tmp_path_factory.mktemp(source)
            if kind == "seed":
                spec, options = REPO / "specs" / name, seed_options(name)
            else:
                start, options = CORPUS_CHUNKS[name]
                spec = copy_closure(corpus_root(name), start, work / "spec")
            label = "agreement_" + re.sub(r"\W", "_", source)
            cache[source] = load(generate(spec, work / "out", *options), label)
        return cache[source]

    return build


def test_every_source_has_payloads() -> None:
    sources = {p.parent.name for p in PAYLOADS.glob("*/*.json")}
    seeds = {f"seed-{p.name}" for p in (REPO / "specs").iterdir() if p.is_dir()}
    assert seeds | {f"corpus-{name}" for name in CORPUS_CHUNKS} == sources


@pytest.mark.parametrize(("source", "model", "group", "payload"), CASES)
def test_targets_agree(generated, source: str, model: str, group: str, payload: Any) -> None:  # type: ignore[no-untyped-def]
    assert verdicts(generated(source), model, payload) == EXPECTED[group]


@pytest.mark.parametrize(
    ("source", "model", "group", "payload"), [c for c in CASES if c.values[2] in ("valid", "null_where_optional")]
)
def test_dataclass_round_trip(generated, source: str, model: str, group: str, payload: Any) -> None:  # type: ignore[no-untyped-def]
    loaded = getattr(generated(source).dataclasses, model).from_dict(payload)
    assert loaded.to_dict() == payload


def test_integral_floats_are_integers_to_json_schema_only(generated) -> None:  # type: ignore[no-untyped-def]
    """JSON Schema cannot tell 1.0 from 1 (both are the number one); Python can. Not a
    doc-level difference, but worth pinning down: "created": 1.0 for an int field."""
    chunk = {"id": "c", "model": "m", "choices": [], "created": 1718000000.0}
    assert verdicts(generated("seed-atoma_python"), "ChatCompletionChunk", chunk) == Verdicts(False, False, True)
