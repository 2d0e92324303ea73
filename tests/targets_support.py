"""Generate a spec folder into a temporary folder and load what came out.

The three Python modules are loaded under names unique to the test (many
generated packages live in one session); the JSON Schema documents are read
as they are. `verdicts` asks each target whether it accepts a payload.
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

PYTHON_TARGETS = ("pydantic_models", "dataclass_models", "typeddict_models")


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


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Pydantic and dataclasses look the module up by name while building classes.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Generated:
    root: Path
    pydantic: ModuleType
    dataclasses: ModuleType
    typeddict: ModuleType

    def schema(self, name: str) -> dict[str, Any]:
        return json.loads((self.root / "json_schema" / f"{name}.json").read_text(encoding="utf-8"))

    def validator(self, name: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(
            self.schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )


def load(out_dir: Path, label: str) -> Generated:
    modules = [_load_module(out_dir / f"{target}.py", f"{label}_{target}") for target in PYTHON_TARGETS]
    return Generated(out_dir, *modules)


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
