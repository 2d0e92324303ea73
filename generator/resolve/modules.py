"""Which module of a target package each definition lives in.

The unit is a group of definitions that name each other (a strongly connected
component of the reference graph; most are one definition), so imports between
modules never form a cycle. A group used by exactly one other group of its
namespace joins that group's module, as an SDK keeps an operation's inline
schemas beside it; a group used from several groups (or from none) starts a
module of its own, named after the doc of its first definition. The modules
still form no cycle: only a module's first group is named from outside it.

A module is capped at MODULE_WEIGHT (definitions plus their fields): where the
groups that would join one pass it, the largest of them start modules of their
own. Real specs have trees of thousands of inline schemas under one operation
(orq: 13,764 under one response body), which would otherwise be one module that
every edit in the tree rewrites whole.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from generator.graph import components
from generator.ir import names
from generator.ir.aliases import named_types
from generator.ir.names import namespace_of
from generator.ir.nodes import Definition, EnumModel, ObjectModel, Placeholder, UnionModel, evolve
from generator.ir.types import refs_of
from generator.resolve.naming import numbered

# See the module docstring: about 300 definitions of a few fields each.
MODULE_WEIGHT = 2000


def reference_graph(definitions: list[Definition]) -> dict[str, list[str]]:
    """py_name -> the py_names it names, in order, each once."""
    return {
        d.py_name: list(dict.fromkeys(r.target for t in named_types(d) for r in refs_of(t) if r.target))
        for d in definitions
    }


def _stem(definition: Definition) -> str:
    if isinstance(definition, Placeholder):
        return definition.title
    return posixpath.splitext(posixpath.basename(definition.source.path))[0]


def _weight(definition: Definition) -> int:
    if isinstance(definition, ObjectModel):
        return 1 + len(definition.fields)
    if isinstance(definition, (EnumModel, UnionModel)):
        return 1 + len(definition.members) // 4
    return 1


def assign_modules(definitions: list[Definition], edges: dict[str, list[str]]) -> list[Definition]:
    groups = components([d.py_name for d in definitions], edges)
    by_name = {d.py_name: d for d in definitions}
    group_of = {name: i for i, group in enumerate(groups) for name in group}
    users: list[set[int]] = [set() for _ in groups]
    for i, group in enumerate(groups):
        for name in group:
            for target in edges[name]:
                if group_of[target] != i:
                    users[group_of[target]].add(i)
    firsts = [by_name[group[0]] for group in groups]
    namespace = [namespace_of(first.source.path) for first in firsts]
    # The groups that may join each group: those it alone uses, in its namespace.
    joiners: list[list[int]] = [[] for _ in groups]
    for i, used_by in enumerate(users):
        if len(used_by) == 1 and namespace[(user := next(iter(used_by)))] == namespace[i]:
            joiners[user].append(i)
    # Dependencies come first in `groups`: each group's joiners are sized before it.
    weight = [sum(_weight(by_name[name]) for name in group) for group in groups]
    root_of = list(range(len(groups)))  # first the group each group joins, then the one that starts its module
    for i in range(len(groups)):
        total = weight[i]
        for j in sorted(joiners[i], key=lambda j: (weight[j], groups[j][0])):
            if total + weight[j] > MODULE_WEIGHT:
                break
            total += weight[j]
            root_of[j] = i
        weight[i] = total
    for i in reversed(range(len(groups))):  # users first: a group's root is known before its joiners'
        root_of[i] = root_of[root_of[i]]
    roots = [i for i in range(len(groups)) if root_of[i] == i]
    module_names = _module_names(roots, firsts, namespace)
    module_of = {name: module_names[root_of[i]] for i, group in enumerate(groups) for name in group}
    return [evolve(d, module=module_of[d.py_name]) for d in definitions]


def _module_names(roots: list[int], firsts: list[Definition], namespace: list[tuple[str, ...]]) -> dict[int, str]:
    """Dotted module paths, by namespace; a name taken by a subpackage or an earlier module gets a number."""
    taken: dict[tuple[str, ...], set[str]] = defaultdict(set)  # the names in each folder
    for ns in namespace:
        for depth in range(len(ns)):
            taken[ns[:depth]].add(ns[depth])
    out: dict[int, str] = {}
    for i in sorted(roots, key=lambda i: (namespace[i], firsts[i].source.path, firsts[i].py_name)):
        in_folder = taken[namespace[i]]
        name = numbered(names.module_name(_stem(firsts[i])), in_folder.__contains__, "_")
        in_folder.add(name)
        out[i] = ".".join(namespace[i] + (name,))
    return out
