"""One module of one target being built: its definitions, what it imports, what it calls each name.

A definition of the module goes by its local name. One of another module is
imported under its local name too, unless the module already binds that name
(a title repeated in two namespaces), then under its package-wide name, and
failing that under a private one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.emit.imports import Imports
from generator.emit.interface import Interface
from generator.ir.nodes import Definition

RUNTIME = "_runtime"  # the private module of a target package: the code every module shares


def relative_module(source: str, target: str) -> str:
    """`target` (a dotted module path in the package) as a relative import from module `source`."""
    source_package = source.split(".")[:-1]
    target_parts = target.split(".")
    if target_parts[:-1] == source_package:
        return "." + target_parts[-1]
    return "." * (len(source_package) + 1) + target


@dataclass
class ModuleContext:
    module: str  # dotted path in the target package
    definitions: list[Definition]
    interfaces: Mapping[str, Interface]  # every definition of the package, by py_name
    imports: Imports = field(init=False)
    bindings: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.bindings = {d.py_name: d.local_name for d in self.definitions}
        self.imports = Imports(taken=frozenset(self.bindings.values()))

    def binding(self, py_name: str) -> str:
        """What the module calls a definition, decided on first use, imported or not."""
        if py_name not in self.bindings:
            other = self.interfaces[py_name]
            bound = set(self.bindings.values())
            self.bindings[py_name] = next(
                n for n in (other.local_name, other.py_name, "_" + other.py_name) if n not in bound
            )
            self.imports.taken |= {self.bindings[py_name]}
        return self.bindings[py_name]

    def name_of(self, py_name: str) -> str:
        """What the module calls a definition, importing it where it lives in another module."""
        name, other = self.binding(py_name), self.interfaces[py_name]
        if other.module != self.module:
            self.imports.relative(relative_module(self.module, other.module), other.local_name, name)
        return name

    def beside(self, py_name: str, prefix: str) -> str:
        """The module-level name `prefix + local name` defined beside a definition (a dataclass
        alias's loader), imported where needed under `prefix +` the name the module calls it."""
        name = self.binding(py_name)  # the check alone is used: the definition is not imported for it
        other = self.interfaces[py_name]
        if other.module == self.module:
            return prefix + name
        return self.imports.relative(
            relative_module(self.module, other.module), prefix + other.local_name, prefix + name
        )

    def runtime(self) -> str:
        """The target's runtime module, imported as `_rt`."""
        return self.imports.relative("." * len(self.module.split(".")), RUNTIME, "_rt")

    def interface(self, py_name: str) -> Interface:
        return self.interfaces[py_name]
