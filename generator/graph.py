"""Strongly connected components: the one graph algorithm every stage uses.

Union cycles (resolve/cycles.py), the modules a package is cut into
(resolve/modules.py) and the order of definitions in a module (emit/order.py)
all ask the same question of the reference graph: which nodes name each
other, and in what order can the groups come so that each follows what it
names. Tarjan's algorithm answers both at once, iteratively, since reference
chains in real specs run thousands of nodes deep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def components(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of the graph, each after every component it
    has an edge to (dependencies first). Nodes keep their given order inside a
    component; edges to nodes not listed are ignored."""
    order = list(nodes)
    known = set(order)
    children = {node: [child for child in edges.get(node, ()) if child in known] for node in order}
    done = len(order)  # the low of a node whose component is found: above every index, so no edge to it counts
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in order:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        work = [(root, iter(children[root]))]
        while work:
            node, pending = work[-1]
            child = next(pending, None)
            if child is None:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:  # the first of its component: the rest are above it
                    component = [stack.pop()]
                    while component[-1] != node:
                        component.append(stack.pop())
                    for member in component:
                        low[member] = done
                    found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                work.append((child, iter(children[child])))
            elif low[child] < low[node]:
                low[node] = low[child]
    rank = {node: i for i, node in enumerate(order)}
    return [sorted(component, key=rank.__getitem__) for component in found]


def is_cycle(component: list[str], edges: Mapping[str, Iterable[str]]) -> bool:
    """A component of several nodes, or one node with an edge to itself."""
    return len(component) > 1 or component[0] in edges.get(component[0], ())


def reachable(starts: Iterable[str], edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Every node reachable from `starts`, the starts included."""
    seen = set(starts)
    todo = list(seen)
    while todo:
        for child in edges.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen
