"""`docmodels generate --watch` (issue 12): regenerate on a doc or config change, one line
each, keep watching through a broken edit, end cleanly on Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.config import PackageConfig
from generator.mode import Mode
from generator.watch import Snapshot, snapshot, watch
from tests.conftest import FIXTURES, REPO, target_text

PETSTORE = FIXTURES / "cli" / "petstore"


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.put(line)


def _wait_for(lines: queue.Queue[str], text: str, seconds: float = 30) -> str:
    end = time.monotonic() + seconds
    seen = []
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"no line with {text!r} in {seen}")


@pytest.mark.slow
def test_watch_regenerates_reports_errors_and_stops_cleanly(tmp_path: Path) -> None:
    spec = Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--watch"],
                               cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stderr, lines), daemon=True).start()
    try:
        _wait_for(lines, "watching for changes")
        pet = spec / "docs/models/pet.md"
        pet.write_text(pet.read_text(encoding="utf-8").replace("The pet's name.", "What it answers to."), encoding="utf-8")
        line = _wait_for(lines, "written")
        assert "changed: docs/models/pet.md" in line and "6 written" in line, line  # Pet's module in 4 targets, Pet.json, Order.json
        assert "What it answers to." in target_text(out, "pydantic_models")
        good = pet.read_text(encoding="utf-8")
        pet.write_text(good.replace("List[*str*]", "List[*str*"), encoding="utf-8")
        assert "field 'tags'" in _wait_for(lines, "pet.md:")  # reported, and the watch goes on
        pet.write_text(good.replace("What it answers to.", "Its name."), encoding="utf-8")
        _wait_for(lines, "changed: docs/models/pet.md")
        assert "Its name." in target_text(out, "pydantic_models")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0
    assert "stopped watching" in _wait_for(lines, "stopped")


def test_watch_waits_for_changes_to_settle_and_names_them(tmp_path: Path) -> None:
    spec = Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))
    package = PackageConfig(spec=spec, output=tmp_path / "out", mode=Mode())
    calls: list[dict[str, list[str]]] = []
    ticks = 0

    def sleep(seconds: float) -> None:
        nonlocal ticks
        ticks += 1
        if ticks == 1:  # the first poll: an edit lands; later ones find the files still
            os.utime(spec / "docs/models/order.md", ns=(1, 1))
        if ticks > 6:
            raise KeyboardInterrupt

    try:
        watch([package], snapshot([package], None), lambda: [package], None,
              lambda packages, changed: calls.append(changed), lambda exc: None, sleep)
    except KeyboardInterrupt:
        pass
    assert calls == [{str(package.output): ["docs/models/order.md"]}]
    before = snapshot([package], None)
    assert isinstance(before, Snapshot) and before.changed_docs(before) == {}
