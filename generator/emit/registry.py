"""The targets docmodels emits: a plain table, one entry per target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.emit.context import ModuleContext
from generator.emit.dataclasses import dataclass_module
from generator.emit.msgspec import msgspec_module
from generator.emit.pydantic import pydantic_module
from generator.emit.typeddict import typeddict_module
from generator.emit.views import ModuleView


@dataclass(frozen=True)
class PythonTarget:
    name: str  # as --format names it
    package: str  # the subpackage of the output it becomes
    what: str  # for docstrings
    build: Callable[[ModuleContext, str], ModuleView]
    runtime: str | None  # the module of generator/runtime copied in as its _runtime.py

    @property
    def template(self) -> str:
        return f"{self.package}.py.jinja"


PYTHON_TARGETS: dict[str, PythonTarget] = {
    t.name: t
    for t in (
        PythonTarget("pydantic", "pydantic_models", "Pydantic v2 models", pydantic_module, "pydantic_runtime.py"),
        PythonTarget(
            "dataclasses",
            "dataclass_models",
            "Dataclasses with from_dict/to_dict",
            dataclass_module,
            "dataclass_runtime.py",
        ),
        PythonTarget("typeddict", "typeddict_models", "TypedDicts keyed by wire names", typeddict_module, None),
        PythonTarget("msgspec", "msgspec_models", "msgspec Structs", msgspec_module, "msgspec_runtime.py"),
    )
}
JSON_TARGET = "jsonschema"
JSON_FOLDER = "json_schema"
JSON_TEMPLATE = "json_schema.json.jinja"
PACKAGE_TEMPLATE = "package_init.py.jinja"
