"""The naming stage: every identifier the targets use, decided once, each change warned once.

- A definition's `py_name` is unique in the package (flat exports, references,
  json_schema/<py_name>.json): the first doc of a title (in path order) keeps it,
  later ones take their folder as a prefix (`OperationsStatus`), then a number.
- Its `local_name` is unique in its namespace (the doc's folder below `models/`,
  `components/`, `operations/`...): the class name in its module, so a title
  repeated in two namespaces keeps its name in each, as the SDKs' own code does.
- A field's `py_name` is the attribute in the Pydantic, dataclass and msgspec
  classes; it changes only where Python needs it to (not an identifier, a keyword,
  an attribute of the generated class, or a name its own class body uses); its
  `wire_name` comes from resolve/wire.py.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable

from generator.diagnostics import Diagnostic
from generator.ir import names
from generator.ir.names import namespace_of
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, Placeholder, UnionModel, evolve
from generator.ir.spelling import ATTRIBUTE_TARGETS, names_in_types, pydantic_uses_field
from generator.ir.types import TypeExpr, map_refs, refs_of
from generator.resolve.wire import documented_key, wire_key


def _folder_prefix(path: str) -> str:
    folder = posixpath.basename(posixpath.dirname(path))
    return names.class_name(folder.title().replace("_", "")) if folder else ""


def _class_names(definitions: list[Definition], warnings: list[Diagnostic]) -> list[tuple[str, str]]:
    """(py_name, local_name) of each definition."""
    wanted = [names.class_name(d.title) for d in definitions]
    # A title that is its own Python name wins over one that only maps onto it ('users' -> 'Users').
    exact = {w for w, d in zip(wanted, definitions) if w == d.title}
    taken: set[str] = set()
    local_taken: dict[tuple[str, ...], set[str]] = {}
    out: list[tuple[str, str]] = []
    for definition, want in zip(definitions, wanted):
        placeholder = isinstance(definition, Placeholder)
        namespace = namespace_of(definition.source.path)  # a placeholder's: its first reference's
        in_namespace = local_taken.setdefault(namespace, set())

        def blocked(name: str, pool: set[str], title: str = definition.title) -> bool:
            return name in pool or (name in exact and name != title)

        flat = want
        if blocked(flat, taken) and not placeholder:
            flat = _folder_prefix(definition.source.path) + want
        flat = numbered(flat, functools.partial(blocked, pool=taken), "_" if placeholder else "")
        local = (
            want
            if not blocked(want, in_namespace)
            else numbered(flat, functools.partial(blocked, pool=in_namespace), "")
        )
        taken.add(flat)
        in_namespace.add(local)
        out.append((flat, local))
        if placeholder or flat == want == definition.title:
            continue
        if flat != want:
            again = "is defined more than once" if want == definition.title else f"would be {want!r} like another title"
            keeps = f" (it keeps {local!r} in {'/'.join(namespace)}/)" if local == want and namespace else ""
            message = f"title {definition.title!r} {again}: this one is generated as {flat!r}{keeps}"
        else:
            message = f"title {definition.title!r} is not a usable Python name: generated as {flat!r}"
        warnings.append(Diagnostic(definition.source.path, definition.source.line, message))
    return out


def numbered(name: str, blocked: Callable[[str], bool], joiner: str) -> str:
    """The name, or the first of name{joiner}2, name{joiner}3... that is not blocked."""
    candidate, n = name, 1
    while blocked(candidate):
        n += 1
        candidate = f"{name}{joiner}{n}"
    return candidate


def assign_names(definitions: list[Definition], wire_names: str, warnings: list[Diagnostic]) -> list[Definition]:
    """Every name of every definition; references (keys, see resolve/references.py) then point at py_names."""
    class_names = _class_names(definitions, warnings)
    by_key = {f"#{i}": py_name for i, (py_name, _) in enumerate(class_names)}
    local_of = {py_name: local for py_name, local in class_names}

    def retarget(expr: TypeExpr) -> TypeExpr:
        return map_refs(expr, lambda ref: evolve(ref, target=by_key[ref.target]) if ref.target else ref)

    out: list[Definition] = []
    for definition, (py_name, local_name) in zip(definitions, class_names):
        if isinstance(definition, ObjectModel):
            fields = [evolve(f, type=retarget(f.type)) for f in definition.fields]
            named = _field_names(fields, local_of, wire_names, warnings)
            extra = (
                names.deduplicate([f.py_name for f in named] + ["extra_fields"])[-1]
                if definition.extra_allowed
                else None
            )
            definition = evolve(definition, fields=tuple(named), extra_name=extra)
        elif isinstance(definition, UnionModel):
            definition = evolve(definition, members=tuple(retarget(m) for m in definition.members))
        elif isinstance(definition, EnumModel):
            member_names = names.deduplicate([names.enum_member_name(m.name or m.value) for m in definition.members])
            members = tuple(evolve(m, py_name=n) for m, n in zip(definition.members, member_names))
            definition = evolve(definition, members=members)
        out.append(evolve(definition, py_name=py_name, local_name=local_name))
    return out


def _field_names(
    fields: list[Field], local_of: dict[str, str], wire_names: str, warnings: list[Diagnostic]
) -> list[Field]:
    base = [names.field_name(f.name) for f in fields]
    unique = names.deduplicate(base, [f.name for f in fields])
    referenced = {ref.target for f in fields for ref in refs_of(f.type)}
    used = {
        target: names_in_types([f.type for f in fields], target) | {local_of[r] for r in referenced if r}
        for target in ATTRIBUTE_TARGETS
    }
    keys = _wire_keys(fields, wire_names, warnings)
    named: list[Field] = []
    reasons: list[list[str]] = []
    taken = set(unique)
    for field, first, name, key in zip(fields, base, unique, keys):
        why = [r for r in [names.field_rename_reason(field.name)] if r and first != field.name]
        if name != first:
            why.append(f"another field is also named {first!r}")
        name, hidden = _unshadowed(name, used, taken)
        if hidden:
            why.append(hidden)
        named.append(evolve(field, py_name=name, wire_name=key))
        reasons.append(why)
    # Pydantic's class body calls Field(...) only where a field needs it: known once every name is.
    if any(pydantic_uses_field(f) for f in named):
        for i, field in enumerate(named):
            if field.py_name == "Field":
                name, hidden = _unshadowed(field.py_name, {"pydantic": {"Field"}}, taken)
                named[i] = evolve(field, py_name=name)
                reasons[i].append(hidden)
    for field, why in zip(named, reasons):
        if why:
            message = f"field {field.name!r} is generated as {field.py_name!r}: {'; '.join(why)}"
            warnings.append(Diagnostic(field.source.path, field.source.line, message))
    return named


def _unshadowed(name: str, used: dict[str, set[str]], taken: set[str]) -> tuple[str, str]:
    """The name with `_` added while a class body of some target uses it; why, if it changed."""
    hiding = [target for target, names_used in used.items() if name in names_used]
    if not hiding:
        return name, ""
    new = name + "_"
    while new in taken or any(new in names_used for names_used in used.values()):
        new += "_"
    taken.add(new)
    targets = " and ".join(hiding) + (" targets" if len(hiding) > 1 else " target")
    return new, f"it would hide {name!r}, which its class uses in the {targets}"


def _wire_keys(fields: list[Field], style: str, warnings: list[Diagnostic]) -> list[str]:
    used: set[str] = set()
    keys = []
    for f in fields:
        key = f.wire_name or wire_key(f.name, style)  # set before naming only by an override
        if key in used:
            fallback = documented_key(f.name)
            message = f"field {f.name!r} would travel as {key!r} like another field: kept as {fallback!r}"
            warnings.append(Diagnostic(f.source.path, f.source.line, message))
            key = fallback
        used.add(key)
        keys.append(key)
    return keys
