"""Generate a spec folder into a temporary folder and load what came out.

Each output is imported as a package under a name unique to the test (many
generated packages live in one session), its Python targets as subpackages;
the JSON Schema documents are read as they are. `verdicts` asks each target
whether it accepts a payload.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pydantic

from tests.conftest import REPO, run_docmodels

PYTHON_TARGETS = ("pydantic_models", "dataclass_models", "typeddict_models", "msgspec_models")


def seed_options(package: str) -> tuple[str, ...]:
    """The command-line options matching specs/<package>'s entry in [tool.docmodels]."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for entry in config["tool"]["docmodels"]["packages"]:
        if entry["spec"] == f"specs/{package}":
            return ("--wire-names", entry["wire_names"]) if "wire_names" in entry else ()
    raise AssertionError(f"specs/{package} is not in [tool.docmodels]")


def generate(spec_dir: Path, out_dir: Path, *options: str) -> Path:
    run_docmodels("generate", spec_dir, "-o", out_dir, "-q", *options, check=True)
    return out_dir


def import_package(out_dir: Path, label: str) -> ModuleType:
    """The generated package at out_dir, imported as `label` (its folder name does not matter)."""
    spec = importlib.util.spec_from_file_location(label, out_dir / "__init__.py", submodule_search_locations=[str(out_dir)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[label] = module
    spec.loader.exec_module(module)
    return module


def definitions_of(module: ModuleType) -> dict[str, Any]:
    """Every name a target package exports, each imported (the package imports lazily)."""
    return {name: getattr(module, name) for name in module.__all__}


@dataclass(frozen=True)
class Generated:
    root: Path
    pydantic: ModuleType
    dataclasses: ModuleType
    typeddict: ModuleType
    msgspec: ModuleType | None

    def schema(self, name: str) -> dict[str, Any]:
        return json.loads((self.root / "json_schema" / f"{name}.json").read_text(encoding="utf-8"))

    def validator(self, name: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(
            self.schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )


def load(out_dir: Path, label: str) -> Generated:
    import_package(out_dir, label)
    modules = [importlib.import_module(f"{label}.{target}") for target in PYTHON_TARGETS[:3]]
    msgspec = importlib.import_module(f"{label}.msgspec_models") if (out_dir / "msgspec_models").is_dir() else None
    return Generated(out_dir, *modules, msgspec)


@dataclass(frozen=True)
class Verdicts:
    pydantic: bool
    dataclasses: bool
    schema: bool


def verdicts(generated: Generated, name: str, payload: Any) -> Verdicts:
    """Whether each target accepts the payload, read from its JSON text."""
    text = json.dumps(payload)
    try:
        getattr(generated.pydantic, name).model_validate_json(text)
        pydantic_ok = True
    except pydantic.ValidationError:
        pydantic_ok = False
    try:
        getattr(generated.dataclasses, name).from_dict(json.loads(text))
        dataclass_ok = True
    except ValueError:
        dataclass_ok = False
    schema_ok = generated.validator(name).is_valid(json.loads(text))
    return Verdicts(pydantic_ok, dataclass_ok, schema_ok)
