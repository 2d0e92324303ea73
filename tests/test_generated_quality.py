"""Generated code meets the bar of hand-written code: `mypy --strict`, `ruff check`
(its defaults, no project config), `black --check`; it imports, every annotation
resolves, every schema is valid 2020-12, and two runs give the same bytes.

Checked on the seeds and on tests/fixtures/targets/constructs, which has every
construct (enums of each kind, unions, recursive aliases, nested lists and
dicts, aliases, keywords and helper names as fields, deprecated models and
fields, extra keys, self and mutual references, a placeholder).
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from pathlib import Path

import jsonschema
import pydantic
import pytest

from tests.conftest import FIXTURES, REPO, write_doc
from tests.targets_support import definitions_of, generate, load, seed_options

CONSTRUCTS = FIXTURES / "targets" / "constructs"
SEEDS = sorted(p for p in (REPO / "specs").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def out_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quality")
    for spec in SEEDS:
        generate(spec, root / spec.name, *seed_options(spec.name))
    generate(CONSTRUCTS, root / "constructs")
    return root


def _packages(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if (p / "__init__.py").is_file())


def _tool(root: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}"


@pytest.mark.slow
def test_mypy_strict(out_root: Path) -> None:
    # Also mypy's opt-in deprecation check: the modules refer to their own deprecated models.
    options = ("--strict", "--enable-error-code", "deprecated", "--cache-dir", str(out_root / ".mypy_cache"))
    _tool(out_root, "mypy", *options, *_packages(out_root))


@pytest.mark.slow
def test_ruff_defaults(out_root: Path) -> None:
    _tool(out_root, "ruff", "check", "--isolated", "--no-cache", *_packages(out_root))


@pytest.mark.slow
def test_black(out_root: Path) -> None:
    _tool(out_root, "black", "--check", "--quiet", *_packages(out_root))


@pytest.mark.slow
def test_every_module_imports_and_every_annotation_resolves(out_root: Path) -> None:
    for name in _packages(out_root):
        generated = load(out_root / name, f"quality_{name}")
        models = [
            v for v in definitions_of(generated.pydantic).values()
            if isinstance(v, type) and issubclass(v, pydantic.BaseModel)
        ]
        assert models, f"{name}: no Pydantic model"
        for model in models:
            assert model.model_rebuild(force=True), f"{name}.{model.__name__} has an unresolved annotation"
        for module in (generated.dataclasses, generated.typeddict):
            classes = [v for v in definitions_of(module).values() if isinstance(v, type)
                       and v.__module__.startswith(module.__name__ + ".")]
            assert module is generated.typeddict or classes, f"{name}: no class in {module.__name__}"
            for cls in classes:
                typing.get_type_hints(cls)  # raises on a name that does not resolve


@pytest.mark.slow
def test_every_schema_is_valid_2020_12(out_root: Path) -> None:
    files = sorted(out_root.glob("*/json_schema/*.json"))
    assert len(files) >= 20
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.slow
def test_two_runs_are_byte_identical(out_root: Path, tmp_path: Path) -> None:
    again = generate(CONSTRUCTS, tmp_path / "constructs")  # a fresh interpreter: another hash seed
    def tree(root: Path) -> dict[Path, bytes]:  # the generated files, not the bytecode of importing them
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    first, second = tree(out_root / "constructs"), tree(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.slow
def test_a_package_without_object_models_passes_the_linters(tmp_path: Path) -> None:
    """Only enums and unions: the dataclass module then has no class to decorate and
    must not import dataclasses (ruff F401)."""
    from tests.hostile import generate as run_cli
    from tests.hostile import tool_failures

    spec = tmp_path / "spec" / "docs" / "models"
    spec.mkdir(parents=True)
    (spec / "color.md").write_text('# Color\n\n## Values\n\n- `"red"`\n- `"blue"`\n', encoding="utf-8")
    (spec / "shade.md").write_text("# Shade\n\n## Supported Types\n\n### `models.Color`\n\n### `int`\n", encoding="utf-8")
    out = tmp_path / "enums_only"
    result = run_cli(spec, out)
    assert result.returncode == 0, result.stderr
    assert tool_failures(out) == {}


def _numbered_spec(spec: Path) -> None:
    """Titles and modules whose numbers sort differently as text (25 < 5) and as numbers."""
    row = "| `{0}` | [models.{1}]({2}.md) | :heavy_check_mark: | N/A |\n"
    head = "## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
    parts = ["Part5", "Part25", "Part100"]
    for part in parts:
        write_doc(spec, f"docs/models/{part.lower()}.md", f"# {part}\n\n{head}| `text` | *str* | :heavy_check_mark: | N/A |\n")
    # Two users each, so every Part is a module of its own; Holder's module imports all three.
    for user in ("Holder", "Other"):
        rows = "".join(row.format(p.lower(), p, p.lower()) for p in parts)
        write_doc(spec, f"docs/models/{user.lower()}.md", f"# {user}\n\n{head}{rows}")
    # One module exporting Value5 and Value25 (used by Bag alone, so they join its module).
    values = "".join(row.format(v.lower(), v, v.lower()) for v in ("Value25", "Value5"))
    write_doc(spec, "docs/models/bag.md", f"# Bag\n\n{head}{values}")
    for value in ("Value25", "Value5"):
        write_doc(spec, f"docs/models/{value.lower()}.md", f"# {value}\n\n{head}| `n` | *int* | :heavy_check_mark: | N/A |\n")


@pytest.mark.slow
def test_imports_and_all_are_in_ruffs_isort_order(out_root: Path, tmp_path: Path) -> None:
    """Users who turn on ruff's isort rules (I001) and RUF022 see no change: names and modules
    with numbers in natural order (`Part5` before `Part25`), as ruff sorts them."""
    _numbered_spec(tmp_path / "spec")
    generate(tmp_path / "spec", tmp_path / "numbered")
    init = (tmp_path / "numbered" / "pydantic_models" / "__init__.py").read_text(encoding="utf-8")
    assert init.index("from .part5 import") < init.index("from .part25 import") < init.index("from .part100 import")
    assert "Bag, Value5, Value25" in init
    for root in (tmp_path, out_root):
        _tool(root, "ruff", "check", "--isolated", "--no-cache", "--select", "I,RUF022", *_packages(root))
