"""`docmodels diff`: what changed between two spec versions, and which changes can break a consumer."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.diff import compare_packages, load_spec
from tests.conftest import FIXTURES, REPO, run_docmodels, write_doc

SPECDIFF = FIXTURES / "specdiff"
SEED_DOC = REPO / "specs/orq_python/docs/models/createchatcompletiondata.md"

# Every kind of change the fixture pair holds, worked out from the docs themselves:
# (model, field, kind, old, new, breaking)
FIXTURE_CHANGES = {
    ("Owner", None, "model-removed", None, None, True),
    ("Person", None, "model-added", None, None, False),
    ("Pet", "nickname", "field-removed", "Optional[str]", None, True),
    ("Pet", "weight", "type-widened", "int", "float", False),
    ("Pet", "age", "type-narrowed", "float", "int", True),
    ("Pet", "code", "type-changed", "str", "int", True),
    # Person has Owner's shape (recursion included): a rename that breaks no data.
    ("Pet", "owner", "type-equivalent", "Owner", "Person", False),
    ("Pet", "tag", "made-non-nullable", None, None, True),
    ("Pet", "color", "made-required", None, None, True),
    ("Pet", "breed", "made-optional", None, None, False),
    ("Pet", "notes", "made-nullable", None, None, False),
    ("Pet", "microchip", "field-added", None, "Optional[str]", False),
    ("Pet", "shelter", "required-field-added", None, "str", True),
    ("PetStatus", None, "enum-value-removed", '"sold"', None, True),
    ("PetStatus", None, "enum-value-added", None, '"adopted"', False),
    ("Size", None, "model-kind-changed", "enum", "object", True),
    ("Toy", None, "union-member-removed", "int", None, True),
    ("Toy", None, "union-member-added", None, "bool", False),
}


def _changes(old: Path, new: Path) -> set[tuple[object, ...]]:
    found = compare_packages(load_spec(old, "old"), load_spec(new, "new"))
    return {(c.model, c.field, c.kind, c.old, c.new, c.breaking) for c in found}


def test_every_kind_of_change_is_found_and_classified() -> None:
    assert _changes(SPECDIFF / "old", SPECDIFF / "new") == FIXTURE_CHANGES


def test_reversed_diff_mirrors_breaking_and_non_breaking() -> None:
    reverse = _changes(SPECDIFF / "new", SPECDIFF / "old")
    by_subject = {(m, f, k): b for m, f, k, _, _, b in reverse}
    assert by_subject[("Pet", "weight", "type-narrowed")] is True
    assert by_subject[("Pet", "age", "type-widened")] is False
    assert by_subject[("Pet", "color", "made-optional")] is False
    assert by_subject[("Pet", "tag", "made-nullable")] is False
    assert by_subject[("Pet", "nickname", "field-added")] is False
    assert by_subject[("Pet", "shelter", "field-removed")] is True
    assert by_subject[("PetStatus", None, "enum-value-removed")] is True
    assert by_subject[("Pet", "owner", "type-equivalent")] is False


def test_a_spec_against_itself_has_no_changes() -> None:
    assert _changes(SPECDIFF / "old", SPECDIFF / "old") == set()


@pytest.mark.slow
def test_orq_history_create_chat_completion_data(corpus_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The seed doc is an older revision of the corpus doc: Proxy types became Router types,
    id/created/model became required, usage became OptionalNullable. Exactly that, nothing else."""
    newer = corpus_root("orq-python") / "docs/models/createchatcompletiondata.md"
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, doc in ((old, SEED_DOC), (new, newer)):
        (folder / "docs/models").mkdir(parents=True)
        shutil.copy(doc, folder / "docs/models/createchatcompletiondata.md")
    model = "CreateChatCompletionData"
    assert _changes(old, new) == {
        (model, "choices", "type-changed", "List[CreateChatCompletionProxyChoices]",
         "List[CreateChatCompletionRouterChatCompletionsChoices]", True),
        (model, "usage", "type-changed", "CreateChatCompletionProxyUsage",
         "CreateChatCompletionRouterChatCompletionsUsage", True),
        (model, "object", "type-changed", "CreateChatCompletionProxyObject",
         "CreateChatCompletionRouterChatCompletionsObject", True),
        (model, "id", "made-required", None, None, True),
        (model, "created", "made-required", None, None, True),
        (model, "model", "made-required", None, None, True),
        (model, "usage", "made-nullable", None, None, False),  # Optional[...] -> OptionalNullable[...]
    }


def test_text_report_and_exit_codes() -> None:
    old, new = SPECDIFF / "old", SPECDIFF / "new"
    plain = run_docmodels("diff", old, new)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert lines[:2] == [f"--- {old}", f"+++ {new}"]
    assert "  BREAKING color: now required" in lines
    assert "           breed: now optional" in lines
    assert "  BREAKING enum value removed: \"sold\"" in lines
    assert lines[-1] == "18 change(s), 10 breaking"
    failing = run_docmodels("diff", old, new, "--fail-on-breaking")
    assert failing.returncode == 3
    assert failing.stdout == plain.stdout


def test_fail_on_breaking_passes_when_only_widened(tmp_path: Path) -> None:
    """Only additions and widenings: --fail-on-breaking exits 0."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SPECDIFF / "old", old)
    shutil.copytree(old, new)
    status = new / "docs/models/petstatus.md"
    status.write_text(status.read_text(encoding="utf-8") + "| `LOST` | lost |\n", encoding="utf-8")
    result = run_docmodels("diff", old, new, "--fail-on-breaking")
    assert result.returncode == 0, result.stdout
    assert "enum value added: \"lost\"" in result.stdout and "BREAKING" not in result.stdout


def test_json_report() -> None:
    result = run_docmodels("diff", SPECDIFF / "old", SPECDIFF / "new", "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    (package,) = document["packages"]
    assert document["breaking"] == package["breaking"] == 10
    assert (package["old"], package["new"]) == (str(SPECDIFF / "old"), str(SPECDIFF / "new"))
    found = {(c["model"], c["field"], c["kind"], c["old"], c["new"], c["breaking"]) for c in package["changes"]}
    assert found == FIXTURE_CHANGES
    required = next(c for c in package["changes"] if c["field"] == "color")
    assert required["message"] == "now required"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


def test_base_revision_against_the_work_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    spec = repo / "api" / "spec"
    shutil.copytree(SPECDIFF / "old", spec)
    _git(repo.parent, "init", "-q", str(repo))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "old spec")
    shutil.rmtree(spec)
    shutil.copytree(SPECDIFF / "new", spec)  # uncommitted: the work tree holds the new spec
    result = run_docmodels("diff", "--base", "HEAD", "api/spec", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    (package,) = json.loads(result.stdout)["packages"]
    assert (package["old"], package["new"]) == ("HEAD:api/spec", "api/spec")
    found = {(c["model"], c["field"], c["kind"], c["old"], c["new"], c["breaking"]) for c in package["changes"]}
    assert found == FIXTURE_CHANGES
    # Without folders, the spec folders of [tool.docmodels] are compared.
    (repo / "pyproject.toml").write_text('[[tool.docmodels.packages]]\nspec = "api/spec"\noutput = "models"\n', encoding="utf-8")
    from_config = run_docmodels("diff", "--base", "HEAD", "--fail-on-breaking", cwd=repo)
    assert from_config.returncode == 3
    assert from_config.stdout.startswith("--- HEAD:api/spec\n+++ api/spec\n")


@pytest.mark.slow
def test_base_revision_errors_and_new_folders(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _git(tmp_path, "init", "-q", str(repo))
    write_doc(repo, "README.md", "nothing\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    shutil.copytree(SPECDIFF / "old", repo / "spec")
    added = run_docmodels("diff", "--base", "HEAD", "spec", cwd=repo)
    assert added.returncode == 0, added.stderr
    assert "5 change(s), 0 breaking" in added.stdout  # a folder the revision lacked: every model is new
    unknown = run_docmodels("diff", "--base", "no-such-rev", "spec", cwd=repo)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(f"{repo}:1: unknown git revision 'no-such-rev'")
    loose = Path(shutil.copytree(SPECDIFF / "old", tmp_path / "loose"))  # in no git repository
    outside = run_docmodels("diff", "--base", "HEAD", loose, cwd=tmp_path)
    assert outside.returncode == 2
    assert outside.stderr.startswith(f"{loose}:1: not inside a git repository")


def test_a_bad_doc_in_the_old_revision_is_named_by_revision(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _git(tmp_path, "init", "-q", str(repo))
    bad = repo / "spec/docs/models/bad.md"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"# Bad\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | \xff |\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "bad doc")
    bad.unlink()
    shutil.copytree(SPECDIFF / "old" / "docs", repo / "spec" / "docs", dirs_exist_ok=True)
    result = run_docmodels("diff", "--base", "HEAD", "spec", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith("HEAD:spec/docs/models/bad.md:7: not UTF-8 text")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("MISSING", "NEW"), ("OLD", "MISSING")])
def test_missing_folder_exits_2(tmp_path: Path, args: tuple[str, str]) -> None:
    paths = {"MISSING": tmp_path / "missing", "OLD": SPECDIFF / "old", "NEW": SPECDIFF / "new"}
    result = run_docmodels("diff", *(paths[a] for a in args))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'missing'}:1: spec folder does not exist"
