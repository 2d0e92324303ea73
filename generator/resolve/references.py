"""Point every Ref at a definition: by the link's path, then by title; else a placeholder.

Names are not known yet (resolve/naming.py assigns them next), so a reference
points at a definition's key: its position in the list resolve_references
returns (`#3`), placeholders for the titles no doc defines coming last.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from generator.diagnostics import Diagnostic, SpecError
from generator.ir.nodes import Definition, ObjectModel, Placeholder, Source, UnionModel, evolve
from generator.ir.types import Ref, TypeExpr, map_refs


class _Index:
    def __init__(self, definitions: list[Definition]) -> None:
        self.by_path: dict[str, list[int]] = defaultdict(list)
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.definitions = definitions
        for index, d in enumerate(definitions):
            self.by_path[d.source.path].append(index)
            self.by_title[d.title].append(index)

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

    def lookup(self, ref: Ref, doc_path: str) -> int | None:
        if ref.link and not ref.link.startswith(("http://", "https://", "mailto:")):
            target, _, anchor = ref.link.partition("#")
            in_doc = (
                self.by_path.get(self.linked_path(target, doc_path), []) if target else self.by_path.get(doc_path, [])
            )
            if anchor:
                titled = [i for i in in_doc if self.definitions[i].title.lower().replace(" ", "-") == anchor.lower()]
                in_doc = titled or in_doc
            if in_doc:
                return in_doc[0]
        candidates = self.by_title.get(ref.title, [])
        if not candidates:
            return None
        # Several docs share the title: prefer the one in the folder the doc's
        # namespace names (`operations.Status`), then the one beside the doc.
        paths = [self.definitions[i].source.path for i in candidates]
        in_namespace = [
            i for i, p in zip(candidates, paths) if posixpath.basename(posixpath.dirname(p)) == ref.namespace
        ]
        here = posixpath.dirname(doc_path)
        near = [i for i, p in zip(candidates, paths) if posixpath.dirname(p) == here]
        return (in_namespace or near or candidates)[0]


def resolve_references(definitions: list[Definition], warnings: list[Diagnostic], strict: bool) -> list[Definition]:
    """The definitions with every Ref's target set to a key, then one placeholder per
    title no doc defines (each a warning, or with `strict` an error, at its first use)."""
    index = _Index(definitions)
    placeholders: list[Placeholder] = []
    placeholder_keys: dict[str, str] = {}  # by title

    def fix(expr: TypeExpr, source: Source) -> TypeExpr:
        def resolve_one(ref: Ref) -> Ref:
            found = index.lookup(ref, source.path)
            if found is not None:
                return evolve(ref, target=f"#{found}")
            message = f"unresolved reference to {ref.title!r}" + (f" ({ref.link})" if ref.link else "")
            if strict:
                raise SpecError(source.path, source.line, message)
            if ref.title not in placeholder_keys:
                message += ": generated as a placeholder that accepts any value"
                warnings.append(Diagnostic(source.path, source.line, message))
                placeholder_keys[ref.title] = f"#{len(definitions) + len(placeholders)}"
                placeholders.append(Placeholder(title=ref.title, source=source))
            return evolve(ref, target=placeholder_keys[ref.title])

        return map_refs(expr, resolve_one)

    out: list[Definition] = []
    for d in definitions:
        if isinstance(d, ObjectModel):
            d = evolve(d, fields=tuple(evolve(f, type=fix(f.type, f.source)) for f in d.fields))
        elif isinstance(d, UnionModel):
            d = evolve(d, members=tuple(fix(m, d.source) for m in d.members))
        out.append(d)
    return out + placeholders
