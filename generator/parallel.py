"""Both cores: run a function over groups of work in forked children.

Forked children see the parent's data as it was at the fork (nothing is
pickled on the way in); only results travel back, pickled through a pipe.
Where fork is missing (Windows) or only one core is free, it all runs here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from generator.diagnostics import SpecError

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_groups(func: Callable[[T], R], groups: Sequence[T]) -> list[R]:
    """[func(g) for g in groups], the first group here and each other one in a forked child."""
    if len(groups) < 2 or not hasattr(os, "fork") or cpu_count() < 2:
        return [func(group) for group in groups]
    children: list[tuple[int, int]] = []
    for group in groups[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without ever unwinding into the parent's code
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends us at once: the parent reports it
                os.close(read_end)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(_outcome(func, group))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    try:
        results = [func(groups[0])]
        outcomes = []
        while children:  # every child reaped before any raise
            outcomes.append(_collect(*children[0]))
            children.pop(0)
    except BaseException:
        for pid, read_end in children:  # no point finishing their share: stop them, then reap them
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        raise
    return results + [_unpack(outcome) for outcome in outcomes]


def _outcome(func: Callable[[T], R], group: T) -> bytes:
    try:
        return pickle.dumps(("ok", func(group)), protocol=pickle.HIGHEST_PROTOCOL)
    except SpecError as exc:  # its constructor takes (path, line, message): send those
        d = exc.diagnostic
        return pickle.dumps(("spec_error", (d.path, d.line, d.message)))
    except OSError as exc:  # a full disk in a writing worker: the caller reports it as it would its own
        return pickle.dumps(("os_error", (exc.errno, exc.strerror, exc.filename)))
    except BaseException as exc:  # noqa: BLE001 - re-raised in the parent
        return pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))


def _collect(pid: int, read_end: int) -> tuple[str, object]:
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()  # read before waiting: a full pipe would block the child
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
        raise KeyboardInterrupt
    if status != 0 or not data:
        return "error", "a worker process died"
    return pickle.loads(data)  # type: ignore[no-any-return]


def _unpack(outcome: tuple[str, Any]) -> Any:
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "spec_error":
        raise SpecError(*value)
    if kind == "os_error":
        raise OSError(*value)
    raise OSError(f"worker failed: {value}")  # reported as `<docmodels>:1: ...`, exit 2
