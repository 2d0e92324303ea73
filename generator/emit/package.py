"""A resolved package -> the files of the output: what each holds, and what decides its text.

The output folder is a package: `__init__.py`, `py.typed`, one subpackage per
Python target (a module per group of definitions, namespace subpackages, a lazy
`__init__.py`, the target's `_runtime.py`) and `json_schema/<py_name>.json`.

Each file comes with a key: a digest of everything its text depends on (the
definitions it holds, the interfaces of those it names, the settings). A run
renders only the files whose key differs from the last run's (generator/pipeline.py).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.emit.common import DEPRECATED_COMMENT, header_docstring
from generator.emit.context import ModuleContext, relative_module
from generator.emit.imports import NaturalKey, from_imports, natural_key
from generator.emit.imports import relative_order as _relative_order
from generator.emit.interface import Interface, interface_of
from generator.emit.jsonschema import closure, definition_schema, schema_document
from generator.emit.jsontext import dumps_indented
from generator.emit.registry import (
    JSON_FOLDER,
    JSON_TARGET,
    JSON_TEMPLATE,
    PACKAGE_TEMPLATE,
    PYTHON_TARGETS,
    PythonTarget,
)
from generator.emit.render import Renderer
from generator.emit.views import Export, PackageView
from generator.graph import components
from generator.ir import codec
from generator.ir.names import namespace_of
from generator.ir.nodes import Definition, ObjectModel, SpecPackage
from generator.layout import syntax
from generator.layout.doc import Doc, flat
from generator.layout.pyexpr import py_string
from generator.layout.syntax import docstring
from generator.mode import Mode

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder
    key: str  # digest of what its text depends on
    render: Callable[[], str]


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class Emitter:
    """Renders the files of one package: the full run (package_files) and the incremental one
    (generator/pipeline.py) both render through here. Jinja compiles each template once."""

    package: str  # its name, for docstrings
    templates_dir: str | None
    made: dict[str, Renderer] = field(default_factory=dict)
    # A definition's schema as it sits in another's $defs, as JSON text: the same in every
    # document that does not name it as its root's own (which then reads "#").
    fragments: dict[str, str] = field(default_factory=dict)

    def renderer(self, name: str) -> Renderer:
        if name not in self.made:
            self.made[name] = Renderer(self.templates_dir, name)
        return self.made[name]

    def python_module(
        self, target: PythonTarget, module: str, members: list[Definition], interfaces: Mapping[str, Interface]
    ) -> str:
        view = target.build(ModuleContext(module, members, interfaces), header_docstring(target.what, self.package))
        return self.renderer(target.template).python(module_path(target, module), module=view)

    def json_document(self, name: str, document: dict[str, Any]) -> str:
        members = [(json.dumps(k, ensure_ascii=False), dumps_indented(v, level=1)) for k, v in document.items()]
        return self.renderer(JSON_TEMPLATE).json(json_path(name), document={"members": members})

    def schema_text(
        self,
        definition: Definition,
        defs: list[Definition],
        interfaces: Mapping[str, Interface],
        references: Mapping[str, list[str]],
    ) -> str:
        """The document of `definition` (what schema_document builds, as json_document writes it),
        its $defs assembled from each definition's text, encoded once for the whole package."""
        root = definition.py_name
        top = schema_document(definition, [], interfaces)
        members = [(json.dumps(k, ensure_ascii=False), dumps_indented(v, level=1)) for k, v in top.items()]
        if defs:
            parts = []
            for d in defs:
                if root in references[d.py_name]:  # names the root: "#" in this document only
                    text = dumps_indented(definition_schema(d, root, interfaces), level=2)
                else:
                    if d.py_name not in self.fragments:
                        self.fragments[d.py_name] = dumps_indented(definition_schema(d, "", interfaces), level=2)
                    text = self.fragments[d.py_name]
                parts.append(f"\n    {json.dumps(d.py_name, ensure_ascii=False)}: {text}")
            members.append(('"$defs"', "{" + ",".join(parts) + "\n  }"))
        return self.renderer(JSON_TEMPLATE).json(json_path(root), document={"members": members})


def module_path(target: PythonTarget, module: str) -> str:
    return f"{target.package}/{module.replace('.', '/')}.py"


def json_path(name: str) -> str:
    return f"{JSON_FOLDER}/{name}.json"


def encode_all(definitions: list[Definition]) -> dict[str, str]:
    """Each definition's JSON encoding (generator/ir/codec.py): what keys digest, what the cache keeps."""
    return {d.py_name: json.dumps(codec.encode(d), separators=(",", ":")) for d in definitions}


def package_files(package: SpecPackage, mode: Mode, salt: str, encoded: dict[str, str]) -> list[OutputFile]:
    """Every file of the output; `salt` (the generator's fingerprint) goes into every key;
    `encoded` is encode_all(package.definitions)."""
    from generator.resolve.modules import reference_graph  # here: pipeline's fast path imports no resolve stage

    definitions = list(package.definitions)
    interfaces = {d.py_name: interface_of(d) for d in definitions}
    references = reference_graph(definitions)
    emitter = Emitter(package.name, mode.templates_dir)
    files = [
        OutputFile(
            "__init__.py",
            _digest(salt, "root", package.name),
            lambda: docstring(header_docstring("The generated package", package.name), 0) + "\n",
        ),
        OutputFile("py.typed", "", lambda: ""),
    ]
    targets = [PYTHON_TARGETS[name] for name in mode.targets if name in PYTHON_TARGETS]
    if targets:  # what every Python target's modules and __init__.py files hold, worked out once
        modules = _modules(definitions, interfaces, references, encoded)
        views = {
            namespace: (view, _digest(*_view_texts(view))) for namespace, view in _package_views(definitions).items()
        }
        for target in targets:
            files.extend(_python_files(target, emitter, modules, views, interfaces, salt))
    if JSON_TARGET in mode.targets:
        files.extend(_json_files(emitter, definitions, interfaces, references, encoded, salt))
    return files


def _modules(
    definitions: list[Definition],
    interfaces: Mapping[str, Interface],
    references: Mapping[str, list[str]],
    encoded: Mapping[str, str],
) -> list[tuple[str, list[Definition], str]]:
    """Each module, its definitions, and a digest of what its text depends on in any target."""
    by_module: dict[str, list[Definition]] = defaultdict(list)
    for d in definitions:
        by_module[d.module].append(d)
    out = []
    for module, members in sorted(by_module.items()):
        named = sorted(_named_through_aliases(members, references, interfaces))
        out.append(
            (
                module,
                members,
                _digest(module, *(encoded[d.py_name] for d in members), *map(repr, map(interfaces.__getitem__, named))),
            )
        )
    return out


def _view_texts(view: PackageView) -> list[str]:
    return [*view.comments, *map(flat, view.type_checking), flat(view.names), flat(view.table)]


def _python_files(
    target: PythonTarget,
    emitter: Emitter,
    modules: list[tuple[str, list[Definition], str]],
    views: dict[tuple[str, ...], tuple[PackageView, str]],
    interfaces: Mapping[str, Interface],
    salt: str,
) -> list[OutputFile]:
    docstring = header_docstring(target.what, emitter.package)
    files: list[OutputFile] = []
    for module, members, digest in modules:
        make = functools.partial(emitter.python_module, target, module, members, interfaces)
        files.append(OutputFile(module_path(target, module), _digest(salt, target.name, docstring, digest), make))
    if target.runtime is not None:
        source = (RUNTIME_DIR / target.runtime).read_text(encoding="utf-8")
        files.append(OutputFile(f"{target.package}/_runtime.py", _digest(source), lambda: source))
    for namespace, (view, digest) in views.items():
        path = "/".join((target.package, *namespace, "__init__.py"))
        view = dataclasses.replace(view, docstring=docstring)
        make = functools.partial(emitter.renderer(PACKAGE_TEMPLATE).python, path, package=view)
        files.append(OutputFile(path, _digest(salt, target.name, docstring, digest), make))
    return files


def _named_through_aliases(
    members: list[Definition], references: Mapping[str, list[str]], interfaces: Mapping[str, Interface]
) -> set[str]:
    """What a module's text depends on of other modules: the definitions it names, and through
    an alias what that names in turn (msgspec flattens unions across aliases)."""
    own = {d.py_name for d in members}
    found: set[str] = set()
    todo = [r for d in members for r in references[d.py_name]]
    while todo:
        name = todo.pop()
        if name in found or name in own:
            continue
        found.add(name)
        if interfaces[name].alias is not None:
            todo.extend(references[name])
    return found


def _package_views(definitions: list[Definition]) -> dict[tuple[str, ...], PackageView]:
    """The __init__.py of the target package (every definition by py_name) and of each
    namespace subpackage (its definitions by local name)."""
    exports: dict[tuple[str, ...], list[Export]] = defaultdict(list)
    for d in sorted(definitions, key=lambda d: export_order(d.py_name)):
        exports[()].append(Export(d.py_name, relative_module("__init__", d.module), d.local_name, d.py_name))
        namespace = namespace_of(d.source.path)
        for depth in range(1, len(namespace) + 1):
            exports.setdefault(namespace[:depth], [])
        if namespace:
            source = ".".join((*namespace, "__init__"))
            exports[namespace].append(Export(d.local_name, relative_module(source, d.module), d.local_name, d.py_name))
    for d in definitions:  # folders that only hold modules of other namespaces' groups
        module_namespace = tuple(d.module.split(".")[:-1])
        for depth in range(1, len(module_namespace) + 1):
            exports.setdefault(module_namespace[:depth], [])
    deprecated = {d.py_name for d in definitions if isinstance(d, ObjectModel) and d.deprecated}
    return {
        namespace: _package_view(sorted(items, key=lambda e: export_order(e.name)), deprecated)
        for namespace, items in exports.items()
    }


def export_order(name: str) -> tuple[int, NaturalKey]:
    """ruff's isort-style order of `__all__` (RUF022): SCREAMING_CASE names, then CamelCase,
    then the rest; numbers in a name compare as numbers."""
    casing = 0 if name.isupper() else (1 if name[:1].isupper() else 2)
    return casing, natural_key(name)


def _package_view(exports: list[Export], deprecated: set[str]) -> PackageView:
    """The view of one __init__.py; each target gives it its docstring."""
    by_module: dict[str, set[str]] = defaultdict(set)
    for e in exports:
        by_module[e.module].add(e.attribute if e.attribute == e.name else f"{e.attribute} as {e.name}")
    type_checking = tuple(
        line
        for module, names in sorted(by_module.items(), key=lambda item: _relative_order(item[0]))
        for line in from_imports(module, names)
    )
    return PackageView(
        docstring="",
        comments=(DEPRECATED_COMMENT,) if any(e.py_name in deprecated for e in exports) else (),
        exports=tuple(exports),
        type_checking=type_checking,
        names=syntax.assign("__all__", syntax.list_([py_string(e.name) for e in exports])),
        table=_table(exports),
    )


def _table(exports: list[Export]) -> Doc:
    """name -> "module" (the name is the module's too) or "module:attribute"."""
    pairs = [
        (py_string(e.name), py_string(e.module if e.attribute == e.name else f"{e.module}:{e.attribute}"))
        for e in exports
    ]
    return syntax.annassign("_EXPORTS", "dict[str, str]", syntax.dict_(pairs))


def _json_files(
    emitter: Emitter,
    definitions: list[Definition],
    interfaces: Mapping[str, Interface],
    references: dict[str, list[str]],
    encoded: dict[str, str],
    salt: str,
) -> list[OutputFile]:
    by_name = {d.py_name: d for d in definitions}
    group_key = _group_keys(list(by_name), references, encoded)
    files = []
    for name, definition in by_name.items():

        def render(definition: Definition = definition) -> str:
            defs = [by_name[n] for n in closure(definition.py_name, references)]
            return emitter.schema_text(definition, defs, interfaces, references)

        files.append(OutputFile(json_path(name), _digest(salt, "json", name, group_key[name]), render))
    return files


def _group_keys(names: list[str], references: dict[str, list[str]], encoded: dict[str, str]) -> dict[str, str]:
    """A digest per definition of everything its document holds: its strongly connected group
    and, through their digests, the groups it reaches (dependencies come first)."""
    keys: dict[str, str] = {}
    for group in components(names, references):
        members = set(group)
        children = sorted({keys[r] for n in group for r in references[n] if r not in members})
        key = _digest(*sorted(encoded[n] for n in group), *children)
        for n in group:
            keys[n] = key
    return keys
