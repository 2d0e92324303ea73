"""Writing generated files: all or nothing, through no link, around the user's own files.

The new package is built complete in a staging folder beside the output folder and
exchanged with it in one atomic rename (Linux renameat2 RENAME_EXCHANGE; elsewhere two
renames, undone by the next run if interrupted between them). In the staging folder,
generated files that changed are created fresh (O_EXCL, O_NOFOLLOW: never written
through a link); everything else is carried over as it is: files as hard links (same
inode, owner, mode, times), symlinks as symlinks, folders recreated with their owner,
mode and times. A symlink or special file at a generated path, and a mount point inside
the output, are errors naming the path. Files written into the output during the run
move into the new one. An output folder that is itself a mount point cannot be
exchanged: its files are replaced one by one after a journal of the replacements is
written, which the next run completes if this one is killed.

The manifest (.docmodels-manifest.json) lists what the tool wrote: files it did not
generate are never overwritten or removed. README.md, "Guarantees", says it for users.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import errno
import json
import os
import signal
import stat
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, SpecError
from generator.parallel import run_groups

MANIFEST = ".docmodels-manifest.json"
# Tests set this to a stage name to have the run SIGKILL itself there (see _checkpoint).
FAULT_ENV = "DOCMODELS_FAULT_AT"
JOURNAL = ".docmodels-journal.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Below this many files to write, a second process costs more than it saves.
PARALLEL_MIN_FILES = 200


@dataclass(frozen=True)
class Plan:
    write: tuple[str, ...]  # new or changed
    remove: tuple[str, ...]  # generated before, not any more
    unchanged: tuple[str, ...]
    generated: frozenset[str] = frozenset()  # what the output's manifest listed

    @property
    def stale(self) -> bool:
        return bool(self.write or self.remove)


def _safe_relative(rel: str) -> bool:
    """A manifest entry must stay inside the output folder."""
    parts = rel.split("/")
    return (
        bool(rel)
        and not rel.startswith("/")
        and "\\" not in rel
        and "\x00" not in rel
        and not any(part in ("", ".", "..") for part in parts)
    )


def read_manifest(out_dir: Path) -> set[str]:
    """The paths the last run generated (a manifest that is not a plain JSON file lists none)."""
    text = _read_regular(out_dir / MANIFEST)
    if text is None:
        return set()
    try:
        files = json.loads(text).get("files", [])
    except (ValueError, AttributeError):
        return set()
    if not isinstance(files, (list, dict)):  # a dict: the format of docmodels 0.1 (path -> hash)
        return set()
    return {str(rel) for rel in files if isinstance(rel, str) and _safe_relative(rel)}


def manifest_text(paths: Collection[str]) -> str:
    return json.dumps({"generator": "docmodels", "files": sorted(paths)}, indent=2) + "\n"


def _read_regular(path: Path) -> str | None:
    """The text of a regular file, never through a symlink; None if it is not one or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, encoding="utf-8", newline="") as fh:
            fd = -1
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _with_manifest(out_dir: Path, texts: Mapping[str, str], kept: Collection[str]) -> dict[str, str]:
    wanted = dict(texts)
    wanted[MANIFEST] = manifest_text(set(texts) | set(kept))
    return wanted


def plan_output(out_dir: Path, texts: Mapping[str, str], kept: Collection[str] = ()) -> Plan:
    """Compare what would be written with what is on disk. `kept` are files the caller knows
    are on disk as the last run wrote them (generator/pipeline.py checks their stamps)."""
    old = read_manifest(out_dir)
    wanted = _with_manifest(out_dir, texts, kept)
    write: list[str] = []
    unchanged: list[str] = sorted(kept)
    for rel, text in sorted(wanted.items()):
        (unchanged if _read_regular(out_dir / rel) == text else write).append(rel)
    keep = set(kept)
    remove = [rel for rel in sorted(old) if rel not in wanted and rel not in keep and os.path.lexists(out_dir / rel)]
    return Plan(tuple(write), tuple(remove), tuple(sorted(unchanged)), frozenset(old))


def _generated_folders(paths: Collection[str]) -> set[str]:
    folders = set()
    for rel in paths:
        end = rel.rfind("/")
        while end > 0 and rel[:end] not in folders:
            folders.add(rel[:end])
            end = rel.rfind("/", 0, end)
    return folders


def check_paths(out_dir: Path, plan: Plan, wanted: Collection[str], marker: str) -> None:
    """Refuse what a write would go through or destroy: a file the tool did not generate (its
    manifest does not list it and its head lacks `marker`), a symlink or anything but a
    regular file where a file is written, a symlink or file where a folder of it is."""
    old = plan.generated
    for rel in plan.write:
        target = out_dir / rel
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):
            what = "a symlink" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            raise SpecError(
                str(target), 1, f"is {what} where docmodels writes a generated file: move it away, then run again"
            )
        if rel == MANIFEST or rel in old:
            continue
        text = _read_regular(target)
        if text is None or marker not in text[:500]:
            raise SpecError(str(target), 1, "exists and was not generated by docmodels: move it away, then run again")
    for folder in sorted(_generated_folders(wanted)):
        try:
            info = os.lstat(out_dir / folder)
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            what = "a symlink" if stat.S_ISLNK(info.st_mode) else "a file"
            raise SpecError(
                str(out_dir / folder),
                1,
                f"is {what} where docmodels writes a generated folder: move it away, then run again",
            )


def staging_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.docmodels-staging"


def retired_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.docmodels-old"


def _checkpoint(stage: str) -> None:
    """Let a test kill the run at a chosen stage, as a power cut or `kill -9` would."""
    if os.environ.get(FAULT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer per output folder at a time: an flock on the folder holding it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, runs must not overlap
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_tree(
    folder: Path, keep: Callable[[str], bool] = lambda rel: False, into: Path | None = None, delete: bool = True
) -> list[str]:
    """Delete a folder tree without following symlinks or entering another filesystem,
    moving the entries `keep` names into the folder `into` instead (with `delete` false,
    only move those); what it had to leave (a mount point) comes back."""
    left: list[str] = []
    try:
        device = os.lstat(folder).st_dev
    except FileNotFoundError:
        return left
    pending = [(str(folder), "", False)]
    while pending:
        path, prefix, emptied = pending.pop()
        if emptied:
            if delete:
                with contextlib.suppress(OSError):
                    os.rmdir(path)  # unless it still holds what was left
            continue
        pending.append((path, prefix, True))
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if into is not None and keep(rel) and not os.path.lexists(os.path.join(into, rel)):
                    with contextlib.suppress(OSError):
                        os.rename(entry.path, os.path.join(into, rel))
                        continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.stat(follow_symlinks=False).st_dev != device:
                        left.append(entry.path)
                    else:
                        pending.append((entry.path, rel + "/", False))
                elif delete:
                    os.unlink(entry.path)
    return left


def recover(out_dir: Path) -> None:
    """Undo or finish what an interrupted run left behind."""
    retired, staging = retired_dir(out_dir), staging_dir(out_dir)
    if retired.is_dir() and not os.path.lexists(out_dir):
        os.rename(retired, out_dir)  # killed between the two renames: the old output comes back
    for leftover in (staging, retired):
        if leftover.is_dir() and not leftover.is_symlink():
            remove_tree(leftover)
    if (out_dir / JOURNAL).is_file():
        _finish_journal(out_dir)


def write_output(
    out_dir: Path, texts: Mapping[str, str], kept: Collection[str], marker: str, spare: Path | None = None
) -> tuple[Plan, list[Diagnostic]]:
    """Make out_dir hold `texts` and `kept` (plus files the tool did not generate); what
    changed, and warnings. `marker` is the text every generated Python file starts with.
    `spare` (a private folder on the output's filesystem, the cache's) keeps the previous
    tree, hard links and all, so that the next run brings it up to date rather than
    recreate every entry: for an SDK of 20,000 files, most of an incremental run."""
    shown, out_dir = out_dir, Path(os.path.realpath(out_dir))  # a symlinked output: swap its target
    warnings: list[Diagnostic] = []
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(out_dir) and not out_dir.is_dir():
            raise SpecError(str(shown), 1, "output path exists and is not a folder")
        with _locked(out_dir.parent):
            recover(out_dir)
            plan = plan_output(out_dir, texts, kept)
            if not plan.stale:
                return plan, warnings
            wanted = _with_manifest(out_dir, texts, kept)
            check_paths(out_dir, plan, wanted.keys() | set(kept), marker)
            if out_dir.is_dir() and os.path.ismount(out_dir):
                _write_in_place(out_dir, wanted, plan)
            else:
                _write_staged(out_dir, wanted, plan, warnings, spare)
            return plan, warnings
    except OSError as exc:
        raise SpecError(
            _reported_path(exc, out_dir, shown),
            1,
            f"cannot write output: {exc.strerror or exc}; previous output left as it was",
        ) from None


def _write_staged(
    out_dir: Path, wanted: dict[str, str], plan: Plan, warnings: list[Diagnostic], spare: Path | None
) -> None:
    staging = staging_dir(out_dir)
    carried: set[str] = set()
    try:
        _build_staging(out_dir, staging, wanted, plan, carried, spare)
        _checkpoint("staged")
        if not out_dir.exists():
            os.rename(staging, out_dir)
            return
        _swap_in(staging, out_dir)
    except BaseException:
        # Anything but a kill (Ctrl-C included): leave no half-built staging folder behind.
        with contextlib.suppress(OSError):
            if staging.is_dir() and not staging.is_symlink():
                remove_tree(staging)
        raise

    # `staging` now holds the previous output: what was not carried out of it (nor left out
    # on purpose) was written into the output during the run, and moves into the new one.
    # The rest is the next run's spare, or goes.
    left_out = set(plan.write) | set(plan.remove)

    def late(rel: str) -> bool:
        if rel in carried or rel in left_out:
            return False
        return not (rel.endswith(".pyc") and _stale_bytecode(rel, left_out))

    for path in remove_tree(staging, keep=late, into=out_dir, delete=spare is None):
        warnings.append(Diagnostic(path, 1, "a mount point appeared in the output during the run: left in place"))
    if spare is not None and not _keep_as_spare(staging, spare):
        remove_tree(staging)


def _keep_as_spare(previous: Path, spare: Path) -> bool:
    """Move the previous tree to `spare`, if that is a free name on its filesystem; a spare
    is an optimisation, never a reason for a run that wrote its output to fail."""
    try:
        spare.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.path.lexists(spare) or os.lstat(spare.parent).st_dev != os.lstat(previous).st_dev:
            return False
        os.rename(previous, spare)
    except OSError:
        return False
    return True


def _reported_path(exc: OSError, out_dir: Path, shown: Path) -> str:
    """Name the output file as the user gave it, not the staging copy it failed on."""
    name = exc.filename
    if not isinstance(name, str):
        return str(shown)
    for folder in (str(staging_dir(out_dir)), str(out_dir)):
        if name == folder:
            return str(shown)
        if name.startswith(folder + os.sep):
            return str(shown / name[len(folder) + 1 :])
    return name


def _write_new(path: str, text: str) -> None:
    """A new file, never through a link (the staging folder is ours and fresh: O_EXCL holds)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _stale_bytecode(rel: str, replaced: set[str]) -> bool:
    """__pycache__/x.cpython-311.pyc of a module being rewritten: Python would trust it
    when the new source has the old one's size and the same mtime second."""
    path = PurePosixPath(rel)
    if path.parent.name != "__pycache__" or path.suffix != ".pyc":
        return False
    source = path.parent.parent / (path.name.split(".", 1)[0] + ".py")
    return source.as_posix() in replaced


@dataclass(frozen=True)
class _Folder:
    rel: str
    info: os.stat_result


def _carry_tree(out_dir: Path, staging: Path, skip: set[str], carried: set[str]) -> list[_Folder]:
    """Make the tree in `staging` the output's, but for the paths in `skip`: files hard-linked
    (an entry already there that is the same file, as in the spare, stays), symlinks
    recreated, folders made; whatever else `staging` holds goes. Fills `carried` with every
    path carried; returns the output's folders, to give their copies their owner, mode and
    times once filled. (Plain strings and the entries' types from the listing, no stat but
    of folders: outputs hold tens of thousands of files.)"""
    device = os.lstat(out_dir).st_dev
    folders: list[_Folder] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        source = os.path.join(out_dir, prefix) if prefix else str(out_dir)
        target_dir = os.path.join(staging, prefix) if prefix else str(staging)
        with os.scandir(target_dir) as listing:
            present = {entry.name: entry for entry in listing}
        with os.scandir(source) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel in skip or (entry.name.endswith(".pyc") and _stale_bytecode(rel, skip)):
                    continue
                carried.add(rel)
                there = present.pop(entry.name, None)
                target = os.path.join(staging, rel)
                if entry.is_dir(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    if info.st_dev != device:
                        raise SpecError(
                            entry.path,
                            1,
                            "is a mount point inside the output folder: docmodels replaces "
                            "the output folder whole and cannot carry it; mount it elsewhere",
                        )
                    _check_owner(entry.path, info)
                    if there is None or not there.is_dir(follow_symlinks=False):
                        _remove_entry(there)
                        os.mkdir(target, 0o700)
                    else:
                        os.chmod(target, 0o700)  # private until settled
                    folders.append(_Folder(rel, info))
                    pending.append(rel + "/")
                    continue
                if there is not None and not there.is_dir(follow_symlinks=False) and there.inode() == entry.inode():
                    continue  # the same file (a hard link the spare kept)
                _remove_entry(there)
                if entry.is_symlink():
                    info = entry.stat(follow_symlinks=False)
                    os.symlink(os.readlink(entry.path), target)
                    with contextlib.suppress(OSError, NotImplementedError):
                        os.lchown(target, info.st_uid, info.st_gid)
                        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns), follow_symlinks=False)
                    continue
                try:
                    os.link(entry.path, target, follow_symlinks=False)
                except PermissionError:  # protected_hardlinks: a file of another user
                    raise SpecError(
                        entry.path,
                        1,
                        "file belongs to another user: docmodels cannot carry it into the "
                        "new output unchanged; move it out of the output folder",
                    ) from None
        for gone in present.values():  # in the spare, not in the output (or to be written anew)
            _remove_entry(gone)
    return folders


def _remove_entry(entry: os.DirEntry[str] | Path | None) -> None:
    """A file, link or folder tree, never followed; a missing one is fine."""
    path = Path(entry.path if isinstance(entry, os.DirEntry) else entry or "")
    if entry is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        remove_tree(path)
    else:
        os.unlink(path)


def _check_owner(path: str, info: os.stat_result) -> None:
    if hasattr(os, "geteuid") and os.geteuid() != 0 and info.st_uid != os.geteuid():
        raise SpecError(
            path,
            1,
            "folder belongs to another user: docmodels would have to recreate it as yours; "
            "give it to the user who runs docmodels or move it out of the output folder",
        )


def _settle_folder(path: str, info: os.stat_result, keep_times: bool) -> None:
    os.chmod(path, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown") and (os.stat(path).st_uid, os.stat(path).st_gid) != (info.st_uid, info.st_gid):
        with contextlib.suppress(PermissionError):  # our own folder into another of our groups may fail: harmless
            os.chown(path, info.st_uid, info.st_gid)
    if keep_times:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _build_staging(
    out_dir: Path, staging: Path, wanted: dict[str, str], plan: Plan, carried: set[str], spare: Path | None
) -> None:
    if spare is not None and _usable_spare(spare, out_dir):
        os.rename(spare, staging)  # the output of two runs ago: only what changed since is redone
        os.chmod(staging, 0o700)
    else:
        os.mkdir(staging, 0o700)  # private while it is built: nobody else can plant a link in it
    generated = _generated_folders(wanted)
    folders: list[_Folder] = []
    root_info = None
    if out_dir.is_dir():
        root_info = os.lstat(out_dir)
        folders = _carry_tree(out_dir, staging, set(plan.write) | set(plan.remove), carried)
    made = {""} | {f.rel for f in folders}
    for folder in sorted(_generated_folders(plan.write) - made):  # parents sort before their children
        os.mkdir(staging / folder, 0o755)
    _checkpoint("staging")

    def write(rels: Sequence[str]) -> None:
        for rel in rels:
            _write_new(f"{staging}/{rel}", wanted[rel])

    # Creating thousands of files is mostly system time: both cores halve it.
    run_groups(write, [plan.write[0::2], plan.write[1::2]] if len(plan.write) >= PARALLEL_MIN_FILES else [plan.write])
    for made_folder in reversed(folders):  # deepest first: filling a folder changes its parent's times
        _settle_folder(str(staging / made_folder.rel), made_folder.info, keep_times=made_folder.rel not in generated)
    if root_info is not None:
        _settle_folder(str(staging), root_info, keep_times=False)
    else:
        os.chmod(staging, 0o777 & ~_umask())


def _usable_spare(spare: Path, out_dir: Path) -> bool:
    """A spare tree we made: a real folder of ours on the output's filesystem (else it goes)."""
    try:
        info = os.lstat(spare)
    except FileNotFoundError:
        return False
    if (
        stat.S_ISDIR(info.st_mode)
        and info.st_dev == os.lstat(out_dir.parent).st_dev
        and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())
    ):
        return True
    _remove_entry(spare)
    return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # no such call (not glibc, Windows...)
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(staging: Path, out_dir: Path) -> None:
    """After this, `out_dir` is the new output and `staging` holds the previous one."""
    if _exchange(staging, out_dir):
        _checkpoint("swapped")
        return
    retired = retired_dir(out_dir)
    os.rename(out_dir, retired)
    try:
        _checkpoint("retired")
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(retired, out_dir)  # put the previous output back before giving up
        raise
    os.rename(retired, staging)


# --- an output folder that is a mount point: file by file, with a journal ------------------


def _write_in_place(out_dir: Path, wanted: dict[str, str], plan: Plan) -> None:
    staging = out_dir / ".docmodels-staging"
    os.mkdir(staging, 0o700)
    try:
        moves = []
        for number, rel in enumerate(plan.write):
            temp = f"{number}.tmp"
            _write_new(str(staging / temp), wanted[rel])
            moves.append([temp, rel])
        _write_new(str(out_dir / JOURNAL), json.dumps({"moves": moves, "remove": list(plan.remove)}))
    except BaseException:
        remove_tree(staging)
        raise
    _checkpoint("journaled")
    _finish_journal(out_dir)


def _finish_journal(out_dir: Path) -> None:
    """Carry out the replacements a journal lists (again, if a run was killed half-way)."""
    staging = out_dir / ".docmodels-staging"
    try:
        journal = json.loads(_read_regular(out_dir / JOURNAL) or "{}")
        moves = [(str(t), str(r)) for t, r in journal.get("moves", []) if _safe_relative(str(r))]
        removals = [str(r) for r in journal.get("remove", []) if _safe_relative(str(r))]
    except (ValueError, TypeError, AttributeError):
        moves, removals = [], []
    for temp, rel in moves:
        source = staging / PurePosixPath(temp).name
        if not source.is_file():
            continue  # replaced before the kill
        _real_folders(out_dir, rel)
        os.replace(source, out_dir / rel)
    for rel in removals:
        target = out_dir / rel
        if os.path.lexists(target) and not os.path.isdir(target):
            os.unlink(target)
    os.unlink(out_dir / JOURNAL)
    remove_tree(staging)


def _real_folders(out_dir: Path, rel: str) -> None:
    """Make the folders of `rel` below out_dir, refusing any that is a symlink."""
    current = out_dir
    for part in PurePosixPath(rel).parent.parts:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            os.mkdir(current, 0o755)
            continue
        if not stat.S_ISDIR(info.st_mode):
            raise SpecError(str(current), 1, "is not a folder where docmodels writes a generated folder: move it away")


def unified_diff(out_dir: Path, texts: Mapping[str, str], kept: Collection[str], plan: Plan) -> str:
    wanted = _with_manifest(out_dir, texts, kept)
    chunks: list[str] = []
    for rel in plan.write + plan.remove:
        old = _read_regular(out_dir / rel) or ""
        new = wanted.get(rel, "")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{rel}", tofile=f"b/{rel}"
            )
        )
    return "".join(chunks)
