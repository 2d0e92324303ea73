"""Output and cache safety (issue 9): nothing planted beside the output runs, no write goes
through a link, the user's folders stay theirs, every failure is `file:line: message`.

The threat model: a hostile commit to the output folder or to the cache (both sit in the
repository's tree), and a hostile local user (the output under a shared /tmp). Tests that
need root (a mount, another user's files) run as root, as CI does, and say so where they
cannot run.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator import files
from generator.cache import CACHE_FOLDER
from generator.pipeline import _shard
from tests.conftest import FIXTURES, REPO, run_docmodels, write_doc

PETSTORE = FIXTURES / "cli" / "petstore"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    spec = Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))
    out = tmp_path / "models"
    run_docmodels("generate", spec, "-o", out, "-q", check=True)
    return spec, out


def _edit(spec: Path) -> None:
    pet = spec / "docs/models/pet.md"
    pet.write_text(pet.read_text(encoding="utf-8").replace("The pet's name.", "What the pet answers to."), encoding="utf-8")


# --- writes never follow a link -------------------------------------------------------------


@pytest.mark.slow
def test_a_generated_file_replaced_by_a_symlink_is_not_written_through(project: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = project
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    module = out / "pydantic_models" / "order.py"
    module.unlink()
    module.symlink_to(victim)
    _edit(spec)
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{module}:1: is a symlink where docmodels writes a generated file"), result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    check = run_docmodels("generate", spec, "-o", out, "--check")
    assert check.returncode == 1 and victim.read_text(encoding="utf-8") == "precious\n"


def test_a_fifo_where_a_generated_file_goes_is_an_error_not_a_hang(project: tuple[Path, Path]) -> None:
    spec, out = project
    module = out / "pydantic_models" / "order.py"
    module.unlink()
    os.mkfifo(module)  # opened to be read, it would wait for a writer forever
    _edit(spec)
    result = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)], cwd=REPO,
                            capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"{module}:1: is not a regular file where docmodels writes a generated file")


def test_a_file_where_a_generated_folder_goes_is_named_as_such(project: tuple[Path, Path]) -> None:
    """It was "cannot write output: Not a directory" about a path below it."""
    spec, out = project
    shutil.rmtree(out / "json_schema")
    (out / "json_schema").write_text("mine\n", encoding="utf-8")
    _edit(spec)
    result = run_docmodels("generate", spec, "-o", out, cwd=out.parent)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{out / 'json_schema'}:1: is a file where docmodels writes a generated folder")
    assert (out / "json_schema").read_text(encoding="utf-8") == "mine\n"


def test_a_generated_folder_replaced_by_a_symlink_is_not_written_into(project: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = project
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / "json_schema")
    (out / "json_schema").symlink_to(elsewhere, target_is_directory=True)
    _edit(spec)
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{out / 'json_schema'}:1: is a symlink where docmodels writes a generated folder")
    assert list(elsewhere.iterdir()) == []


def test_a_write_never_goes_through_a_link_in_the_staging_folder(project: tuple[Path, Path]) -> None:
    """The staging folder is made private (0700) and every file in it is created O_EXCL|O_NOFOLLOW."""
    spec, out = project
    _edit(spec)
    seen: list[int] = []
    original = files._build_staging

    def spy(out_dir: Path, staging: Path, *rest: object) -> None:
        real_mkdir = os.mkdir

        def mkdir(path: object, mode: int = 0o777, *args: object, **kwargs: object) -> None:
            real_mkdir(path, mode, *args, **kwargs)  # type: ignore[arg-type]
            if Path(str(path)) == staging:
                seen.append(stat.S_IMODE(os.lstat(staging).st_mode))

        os.mkdir = mkdir  # type: ignore[assignment]
        try:
            original(out_dir, staging, *rest)  # type: ignore[arg-type]
        finally:
            os.mkdir = real_mkdir

    files._build_staging = spy  # type: ignore[assignment]
    try:
        from generator.config import PackageConfig
        from generator.mode import Mode
        from generator.pipeline import run

        run(PackageConfig(spec, out, Mode()))
    finally:
        files._build_staging = original
    assert seen == [0o700]
    assert stat.S_IMODE(os.lstat(out).st_mode) != 0o700 or stat.S_IMODE(os.lstat(out.parent).st_mode) == 0o700


# --- the cache cannot run code --------------------------------------------------------------


def _cache(out: Path) -> Path:
    return out.parent / CACHE_FOLDER / out.name


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize("name", ["state.json", *(pytest.param(n, marks=pytest.mark.slow) for n in (
    "parsed.json", "memory.json", "docs", "pending", "layout-pydantic", _shard("order")))])
def test_a_pickle_planted_in_the_cache_runs_nothing(project: tuple[Path, Path], name: str) -> None:
    spec, out = project
    planted = _cache(out) / name
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(pickle.dumps(_Boom()))
    for args in (["--check"], []):
        _edit(spec)
        result = run_docmodels("generate", spec, "-o", out, *args, cwd=out.parent)
        assert result.returncode in (0, 1), result.stderr
        assert not (out.parent / "PWNED").exists()
    assert "What the pet answers to." in (out / "pydantic_models" / "order.py").read_text(encoding="utf-8")


def test_a_cache_entry_of_another_generator_or_malformed_is_a_miss(project: tuple[Path, Path]) -> None:
    spec, out = project
    state = _cache(out) / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["fingerprint"] = "0" * 64
    state.write_text(json.dumps(data), encoding="utf-8")
    (_cache(out) / "parsed.json").write_text('{"format": 2, "fingerprint": "x", "value": [1, 2', encoding="utf-8")
    _edit(spec)
    run_docmodels("generate", spec, "-o", out, "-q", check=True)
    assert "What the pet answers to." in (out / "pydantic_models" / "order.py").read_text(encoding="utf-8")


def test_a_cache_others_may_write_is_ignored_with_a_warning(project: tuple[Path, Path]) -> None:
    spec, out = project
    os.chmod(_cache(out), 0o777)
    _edit(spec)
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 0
    assert f"{_cache(out)}:1: warning: cache ignored: others may write to it" in result.stderr
    assert "What the pet answers to." in (out / "pydantic_models" / "order.py").read_text(encoding="utf-8")


@pytest.mark.skipif(not ROOT, reason="needs root to give the cache to another user")
def test_a_cache_of_another_user_is_ignored(project: tuple[Path, Path]) -> None:
    spec, out = project
    os.chown(_cache(out), 65534, 65534)
    result = run_docmodels("generate", spec, "-o", out)
    assert "cache ignored: it belongs to another user" in result.stderr
    assert result.returncode == 0


def test_a_full_disk_leaves_no_cache_temp_file(project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cache import Store

    spec, out = project
    store = Store(out, "tag")
    real_replace = os.replace

    def full(source: object, target: object) -> None:
        if str(target).startswith(str(store.folder)):
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    store.save("state.json", {"x": 1})
    assert [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")] == []


# --- mount points, user folders, files written during a run ---------------------------------


def _mount_tmpfs(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}): the mount-point tests need it")


@pytest.mark.skipif(not ROOT, reason="mounting a filesystem needs root (CI runs as root)")
def test_a_mount_point_inside_the_output_is_an_error_and_keeps_its_files(project: tuple[Path, Path]) -> None:
    spec, out = project
    mount = out / "data"
    _mount_tmpfs(mount)
    try:
        (mount / "keep.txt").write_text("on the mount\n", encoding="utf-8")
        _edit(spec)
        result = run_docmodels("generate", spec, "-o", out)
        assert result.returncode == 2
        assert result.stderr.startswith(f"{mount}:1: is a mount point inside the output folder"), result.stderr
        assert (mount / "keep.txt").read_text(encoding="utf-8") == "on the mount\n"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
@pytest.mark.skipif(not ROOT, reason="mounting a filesystem needs root (CI runs as root)")
def test_an_output_that_is_a_mount_point_is_written_file_by_file(tmp_path: Path) -> None:
    spec = Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))
    out = tmp_path / "volume"
    _mount_tmpfs(out)
    try:
        run_docmodels("generate", spec, "-o", out, "-q", check=True)
        assert os.path.ismount(out)
        _edit(spec)
        run_docmodels("generate", spec, "-o", out, "-q", check=True)
        assert "What the pet answers to." in (out / "pydantic_models" / "order.py").read_text(encoding="utf-8")
        assert not (out / files.JOURNAL).exists() and not (out / ".docmodels-staging").exists()
        assert run_docmodels("generate", spec, "-o", out, "--check").returncode == 0
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_killed_in_place_run_is_completed_by_the_next(tmp_path: Path) -> None:
    """The journal of an in-place write (an output that is a mount point) is finished next run."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old\n", encoding="utf-8")
    staging = out / ".docmodels-staging"
    staging.mkdir()
    (staging / "0.tmp").write_text("new\n", encoding="utf-8")
    (out / files.MANIFEST).write_text(files.manifest_text(["a.txt"]), encoding="utf-8")
    (out / files.JOURNAL).write_text(json.dumps({"moves": [["0.tmp", "a.txt"]], "remove": []}), encoding="utf-8")
    files.recover(out)
    assert (out / "a.txt").read_text(encoding="utf-8") == "new\n"
    assert not staging.exists() and not (out / files.JOURNAL).exists()


def test_a_planted_journal_reaches_nothing_outside_the_output(tmp_path: Path) -> None:
    """A journal committed into the output with a staging folder that is a symlink, or removals
    through a symlinked folder: the next run moves, empties and removes nothing outside."""
    out, home = tmp_path / "out", tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa").write_text("secret\n", encoding="utf-8")
    (home / "notes.txt").write_text("mine\n", encoding="utf-8")
    out.mkdir()
    (out / ".docmodels-staging").symlink_to(home / ".ssh", target_is_directory=True)
    (out / "link").symlink_to(home, target_is_directory=True)
    journal = {"moves": [["id_rsa", "leak.txt"]], "remove": ["link/notes.txt"]}
    (out / files.JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    files.recover(out)
    assert (home / ".ssh" / "id_rsa").read_text(encoding="utf-8") == "secret\n"
    assert (home / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (out / "leak.txt").exists() and not (out / files.JOURNAL).exists()


def test_a_planted_journal_touches_no_file_docmodels_did_not_generate(tmp_path: Path) -> None:
    """A journal committed into the output may name any path inside it: the user's own files
    there (the manifest does not list them) are neither replaced nor removed."""
    out = tmp_path / "out"
    (out / ".docmodels-staging").mkdir(parents=True)
    (out / ".docmodels-staging" / "0.tmp").write_text("planted\n", encoding="utf-8")
    (out / "mine.py").write_text("MINE = 1\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / files.MANIFEST).write_text(files.manifest_text([]), encoding="utf-8")
    journal = {"moves": [["0.tmp", "mine.py"]], "remove": ["notes.txt"]}
    (out / files.JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    files.recover(out)
    assert (out / "mine.py").read_text(encoding="utf-8") == "MINE = 1\n"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (out / files.JOURNAL).exists() and not (out / ".docmodels-staging").exists()


def test_a_folder_the_user_put_where_a_generated_file_was_outlives_its_doc(project: tuple[Path, Path]) -> None:
    """Generated once, then replaced by the user with a folder of their own: when the doc goes,
    the folder stays (it was dropped from the new output)."""
    spec, out = project
    generated = out / "json_schema" / "Order.json"
    generated.unlink()
    generated.mkdir()
    (generated / "keep.txt").write_text("mine\n", encoding="utf-8")
    (spec / "docs" / "models" / "order.md").unlink()
    result = run_docmodels("generate", spec, "-o", out, cwd=out.parent)
    assert result.returncode == 0, result.stderr
    assert (generated / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_the_users_folders_keep_their_mode_and_times(project: tuple[Path, Path]) -> None:
    spec, out = project
    mine = out / "mine"
    (mine / "deep").mkdir(parents=True)
    (mine / "deep" / "notes.txt").write_text("mine\n", encoding="utf-8")
    os.chmod(mine / "deep", 0o700)
    os.utime(mine / "deep", ns=(1_000_000_000, 2_000_000_000))
    os.utime(mine, ns=(3_000_000_000, 4_000_000_000))
    before = {p: (os.lstat(out / p).st_mode, os.lstat(out / p).st_mtime_ns, os.lstat(out / p).st_uid)
              for p in ("mine", "mine/deep")}
    inode = os.lstat(mine / "deep" / "notes.txt").st_ino
    _edit(spec)
    run_docmodels("generate", spec, "-o", out, "-q", check=True)
    after = {p: (os.lstat(out / p).st_mode, os.lstat(out / p).st_mtime_ns, os.lstat(out / p).st_uid)
             for p in ("mine", "mine/deep")}
    assert after == before
    assert os.lstat(out / "mine" / "deep" / "notes.txt").st_ino == inode


@pytest.mark.skipif(not ROOT, reason="needs root to make a folder of another user (CI runs as root)")
def test_a_folder_of_another_user_keeps_its_owner(project: tuple[Path, Path]) -> None:
    spec, out = project
    theirs = out / "theirs"
    theirs.mkdir()
    os.chmod(theirs, 0o700)
    os.chown(theirs, 65534, 65534)
    _edit(spec)
    run_docmodels("generate", spec, "-o", out, "-q", check=True)
    info = os.lstat(out / "theirs")
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o700)


@pytest.mark.skipif(not ROOT, reason="needs root to become another user (CI runs as root)")
def test_an_unprivileged_user_is_refused_a_folder_it_would_take_over() -> None:
    """As a user who is not root, a folder of someone else inside the output cannot be recreated
    with its owner: the run stops, naming it, and changes nothing. (The interpreter lives in
    root's home, so the unprivileged run is a forked child that drops to `nobody`.)"""
    from generator.diagnostics import SpecError
    from generator.emit.common import GENERATED_MARK

    shared = Path(tempfile.mkdtemp(prefix="docmodels-shared-", dir="/tmp"))  # as a shared /tmp folder is
    os.chmod(shared, 0o777)
    out = shared / "out"
    out.mkdir()
    os.chown(out, 65534, 65534)
    (out / "roots").mkdir()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become nobody, write the output
        code = 3
        try:
            os.setgid(65534)
            os.setuid(65534)
            files.write_output(out, {"m.py": f'"""{GENERATED_MARK}"""\n'}, [], GENERATED_MARK)
            code = 0
        except SpecError as exc:
            os.write(write_end, str(exc).encode())
            code = 2
        finally:
            os._exit(code)
    os.close(write_end)
    message = os.read(read_end, 4096).decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2, message
    assert message.startswith(f"{out / 'roots'}:1: folder belongs to another user"), message
    assert os.lstat(out / "roots").st_uid == 0 and sorted(os.listdir(out)) == ["roots"]
    shutil.rmtree(shared)


def test_files_written_into_the_output_during_a_run_are_kept(project: tuple[Path, Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out = project
    from generator.config import PackageConfig
    from generator.mode import Mode
    from generator.pipeline import run

    real = files._checkpoint

    def meanwhile(stage: str) -> None:
        if stage == "staged":  # after the output was copied, before the swap: a user writes files
            for i in range(50):
                (out / f"late{i}.txt").write_text(str(i), encoding="utf-8")
        real(stage)

    monkeypatch.setattr(files, "_checkpoint", meanwhile)
    _edit(spec)
    run(PackageConfig(spec, out, Mode()))
    assert sorted(p.name for p in out.glob("late*.txt")) == sorted(f"late{i}.txt" for i in range(50))


# --- every failure is file:line, exit 2 (130 interrupted) ------------------------------------


def _nested(depth: int) -> str:
    return "List[" * depth + "str" + "]" * depth


@pytest.mark.slow
def test_types_nested_as_deep_as_the_readme_promises_generate(tmp_path: Path) -> None:
    from generator.parse.typeexpr import MAX_DEPTH

    spec = tmp_path / "spec"
    write_doc(spec, "deep.md", "# Deep\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
              f"| `x` | {_nested(MAX_DEPTH - 1)} | :heavy_check_mark: | deep |\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    code = "import out.pydantic_models as p, out.dataclass_models as d, out.typeddict_models\nprint(p.Deep, d.Deep)"
    imported = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert imported.returncode == 0, imported.stderr[-3000:]


@pytest.mark.parametrize(("template", "message"), [
    ("{% for x in %}\n", "template syntax error"),
    ("{{ no_such_thing.attr }}\n", "template failed rendering"),
    ("class (:\n", "invalid Python"),
    ('{% include "missing.jinja" %}\n', "template"),
])
def test_a_broken_user_template_is_reported_at_its_file(tmp_path: Path, template: str, message: str) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "pydantic_models.py.jinja").write_text(template, encoding="utf-8")
    result = run_docmodels("generate", PETSTORE, "-o", tmp_path / "out", "--templates", templates)
    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[-1]
    assert first.startswith(str(templates / "pydantic_models.py.jinja") + ":") and message in first, result.stderr
    assert "Traceback" not in result.stderr and "<docmodels>" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_json_template_that_makes_invalid_json_is_an_error(tmp_path: Path) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "json_schema.json.jinja").write_text("{ not json\n", encoding="utf-8")
    result = run_docmodels("generate", PETSTORE, "-o", tmp_path / "out", "--templates", templates)
    assert result.returncode == 2
    assert "json_schema.json.jinja:1: template rendered json_schema/" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_pyproject_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.docmodels]\n# caf\xe9\n')
    result = run_docmodels("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("pyproject.toml:2: not UTF-8 text"), result.stderr


@pytest.mark.slow
def test_a_worker_that_dies_is_an_error_and_one_interrupted_an_interruption(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker killed (out of memory, say) is a one-line error, not a traceback; one that
    Ctrl-C ended makes the run an interrupted one. (A worker used to catch Ctrl-C itself and
    could, in the middle of writing its result, unwind into the parent's code and print a
    second "interrupted" line.)"""
    from generator import parallel

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)

    def work(group: str) -> str:
        if group != "here":
            os.kill(os.getpid(), signal.SIGKILL if group == "killed" else signal.SIGINT)
        return group

    with pytest.raises(OSError, match="worker failed: a worker process died"):
        parallel.run_groups(work, ["here", "killed"])
    with pytest.raises(KeyboardInterrupt):
        parallel.run_groups(work, ["here", "interrupted"])


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "spec"
    for i in range(3000):  # enough work to be interrupted in the middle of it, on a loaded machine too
        write_doc(corpus, f"m{i}.md", f"# M{i}\n\n## Fields\n\n| Field | Type | Required | Description |\n"
                  f"| - | - | - | - |\n| `x` | *int* | :heavy_check_mark: | x {i} |\n")
    process = subprocess.Popen([sys.executable, "-m", "generator", "generate", str(corpus), "-o", str(tmp_path / "out")],
                               cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    time.sleep(2.0)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["docmodels: interrupted; the previous output is as it was"]
    assert not files.staging_dir(tmp_path / "out").exists()


def test_two_packages_with_one_output_are_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.docmodels.packages]]\nspec = "a"\noutput = "models"\n\n'
        '[[tool.docmodels.packages]]\nspec = "b"\noutput = "models/inner"\n', encoding="utf-8")
    result = run_docmodels("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("pyproject.toml:7: output models/inner overlaps the output of another package"), result.stderr


def test_an_output_inside_the_cache_is_refused(tmp_path: Path) -> None:
    result = run_docmodels("generate", PETSTORE, "-o", tmp_path / CACHE_FOLDER / "models")
    assert result.returncode == 2
    assert f"is inside a {CACHE_FOLDER} folder" in result.stderr


def test_warnings_come_before_the_error_that_ends_a_run(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / os.fsdecode(b"bad\xffname.md")).write_text("# Bad\n", encoding="utf-8")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "bytes that are not UTF-8 in the file name: skipped" in lines[0]
    assert lines[-1].endswith("no model docs found (Markdown files with a '# Title' and a Fields, Values or "
                              "Supported Types section)")
