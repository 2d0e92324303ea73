"""Point every Ref at a definition: by the link's path, then by title; else a placeholder."""

from __future__ import annotations

import dataclasses
import posixpath
from collections import defaultdict

from generator.diagnostics import Diagnostic, SpecError
from generator.ir import names
from generator.ir.nodes import Definition, ObjectModel, Placeholder, Source, UnionModel
from generator.ir.types import Ref, TypeExpr, map_refs


class _Index:
    def __init__(self, definitions: list[Definition]) -> None:
        self.by_path: dict[str, list[Definition]] = defaultdict(list)
        self.by_title: dict[str, list[Definition]] = defaultdict(list)
        for d in definitions:
            self.by_path[d.source.path].append(d)
            self.by_title[d.title].append(d)

    def linked_path(self, target: str, doc_path: str) -> str:
        """The spec-relative path a link names. Speakeasy links climb out of the
        docs folder and back in by its name (`../../models/operations/x.md` from
        docs/models/components/): such a path is matched by its longest known tail."""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), target))
        parts = path.split("/")
        if parts[0] != "..":
            return path
        inside = [p for p in parts if p != ".."]
        for start in range(len(inside)):
            tail = "/".join(inside[start:])
            if tail in self.by_path:
                return tail
        return path

    def lookup(self, ref: Ref, doc_path: str) -> Definition | None:
        if ref.link and not ref.link.startswith(("http://", "https://", "mailto:")):
            target, _, anchor = ref.link.partition("#")
            in_doc = self.by_path.get(self.linked_path(target, doc_path), []) if target else self.by_path.get(doc_path, [])
            if anchor:
                in_doc = [d for d in in_doc if d.title.lower().replace(" ", "-") == anchor.lower()] or in_doc
            if in_doc:
                return in_doc[0]
        candidates = self.by_title.get(ref.title, [])
        if not candidates:
            return None
        # Several docs share the title: prefer the one in the folder the doc's
        # namespace names (`operations.Status`), then the one beside the doc.
        in_namespace = [d for d in candidates if _folder_name(d.source.path) == ref.namespace]
        here = posixpath.dirname(doc_path)
        near = [d for d in candidates if posixpath.dirname(d.source.path) == here]
        return (in_namespace or near or candidates)[0]


def _folder_name(path: str) -> str:
    return posixpath.basename(posixpath.dirname(path))


def resolve_references(definitions: list[Definition], warnings: list[Diagnostic], strict: bool) -> list[Definition]:
    index = _Index(definitions)
    taken = {d.py_name for d in definitions}
    placeholders: dict[str, Placeholder] = {}

    def resolve_at(source: Source):  # type: ignore[no-untyped-def]
        def resolve_one(ref: Ref) -> Ref:
            found = index.lookup(ref, source.path)
            if found is not None:
                return dataclasses.replace(ref, target=found.py_name)
            message = f"unresolved reference to {ref.title!r}" + (f" ({ref.link})" if ref.link else "")
            if strict:
                raise SpecError(source.path, source.line, message)
            if ref.title not in placeholders:
                warnings.append(Diagnostic(source.path, source.line, message + ": generated as a placeholder that accepts any value"))
                py_name = names.deduplicate(sorted(taken) + [names.class_name(ref.title)])[-1]
                taken.add(py_name)
                placeholders[ref.title] = Placeholder(title=ref.title, py_name=py_name, source=source)
            return dataclasses.replace(ref, target=placeholders[ref.title].py_name)

        return resolve_one

    def fix(expr: TypeExpr, source: Source) -> TypeExpr:
        return map_refs(expr, resolve_at(source))

    out: list[Definition] = []
    for d in definitions:
        if isinstance(d, ObjectModel):
            fields = tuple(dataclasses.replace(f, type=fix(f.type, f.source)) for f in d.fields)
            d = dataclasses.replace(d, fields=fields)
        elif isinstance(d, UnionModel):
            d = dataclasses.replace(d, members=tuple(fix(m, d.source) for m in d.members))
        out.append(d)
    return out + list(placeholders.values())
