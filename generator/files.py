"""Writing generated files: all or nothing, through no link, around the user's own files
(README.md, "Guarantees", says what for users).

The new package is built complete in a staging folder beside the output folder, then
exchanged with it in one atomic rename (Linux renameat2 RENAME_EXCHANGE; elsewhere two
renames, undone by the next run if killed between them). Changed files are created fresh
there (O_EXCL, O_NOFOLLOW); everything else is carried over as it is: files hard-linked,
symlinks recreated, folders remade with their owner, mode and times. An output folder
that is itself a mount point cannot be exchanged: its files are replaced one by one after
a journal of the replacements is written. The manifest (.docmodels-manifest.json) lists
what the tool wrote: files it did not generate are never overwritten or removed.
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
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO to read it would wait for a writer
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
    return "\\" not in rel and "\x00" not in rel and not {"", ".", ".."} & set(rel.split("/"))


def read_manifest(out_dir: Path) -> set[str]:
    """The paths the last run generated (a manifest that is not a plain JSON file lists none)."""
    try:
        files = json.loads(read_regular(out_dir / MANIFEST) or "").get("files", [])
    except (ValueError, AttributeError):
        return set()
    if not isinstance(files, (list, dict)):  # a dict: the format of docmodels 0.1 (path -> hash)
        return set()
    return {rel for rel in files if isinstance(rel, str) and _safe_relative(rel)}


def manifest_text(paths: Collection[str]) -> str:
    return json.dumps({"generator": "docmodels", "files": sorted(paths)}, indent=2) + "\n"


def read_regular(path: Path) -> str | None:
    """The text of a regular file, never through a symlink; None if it is not one or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if stat.S_ISREG(os.fstat(fd).st_mode):
                with open(fd, encoding="utf-8", newline="", closefd=False) as fh:
                    return fh.read()
        return None
    finally:
        os.close(fd)


def _with_manifest(texts: Mapping[str, str], kept: Collection[str]) -> dict[str, str]:
    return {**texts, MANIFEST: manifest_text({*texts, *kept})}


def plan_output(out_dir: Path, texts: Mapping[str, str], kept: Collection[str] = ()) -> Plan:
    """Compare what would be written with what is on disk. `kept` are files the caller knows
    are on disk as the last run wrote them (generator/pipeline.py checks their stamps)."""
    old = read_manifest(out_dir)
    wanted = _with_manifest(texts, kept)
    write: list[str] = []
    unchanged = list(kept)
    for rel, text in sorted(wanted.items()):
        (unchanged if read_regular(out_dir / rel) == text else write).append(rel)
    # Only a file: a folder or link the user put where a generated file was is theirs now.
    remove = [rel for rel in sorted(old - set(kept)) if rel not in wanted and _is_file(out_dir / rel)]
    return Plan(tuple(write), tuple(remove), tuple(sorted(unchanged)), frozenset(old))


def _is_file(path: Path) -> bool:
    """A regular file (not followed through a link)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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
    # Folders first, parents before children: a file where a folder goes is named as such.
    expected = [(rel, "folder", stat.S_ISDIR, "a file") for rel in sorted(_generated_folders(wanted))]
    expected += [(rel, "file", stat.S_ISREG, "not a regular file") for rel in plan.write]
    for rel, what, fits, other in expected:
        target = out_dir / rel
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        if not fits(mode):
            kind = "a symlink" if stat.S_ISLNK(mode) else other
            raise SpecError(
                str(target), 1, f"is {kind} where docmodels writes a generated {what}: move it away, then run again"
            )
        if what == "file" and rel != MANIFEST and rel not in plan.generated:
            text = read_regular(target)
            if text is None or marker not in text[:500]:
                raise SpecError(
                    str(target), 1, "exists and was not generated by docmodels: move it away, then run again"
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
    path: str | Path, rescue: Callable[[str], bool] | None = None, into: str = "", delete: bool = True
) -> list[str]:
    """Delete a file, symlink or folder tree without following symlinks or entering another
    filesystem, moving the entries `rescue` names into the folder `into` instead (with
    `delete` false, only move those); what it had to leave (a mount point) comes back."""
    try:
        root = os.lstat(path)
    except FileNotFoundError:
        return []
    if not stat.S_ISDIR(root.st_mode):
        os.unlink(path)
        return []
    left: list[str] = []
    folders = [str(path)]
    start = len(folders[0]) + 1  # where a path relative to `path` begins
    for folder in folders:  # grows as it goes: parents come before their children
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = entry.path[start:]
                if rescue is not None and rescue(rel) and not os.path.lexists(os.path.join(into, rel)):
                    with contextlib.suppress(OSError):
                        os.rename(entry.path, os.path.join(into, rel))
                        continue
                if not entry.is_dir(follow_symlinks=False):
                    if delete:
                        os.unlink(entry.path)
                elif entry.stat(follow_symlinks=False).st_dev != root.st_dev:
                    left.append(entry.path)
                else:
                    folders.append(entry.path)
    for folder in reversed(folders) if delete else ():
        with contextlib.suppress(OSError):
            os.rmdir(folder)  # unless it still holds what was left
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
            wanted = _with_manifest(texts, kept)
            check_paths(out_dir, plan, {*wanted, *kept}, marker)
            if os.path.ismount(out_dir):
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
        return rel not in carried and rel not in left_out and not _stale_bytecode(rel, left_out)

    for path in remove_tree(staging, late, str(out_dir), delete=spare is None):
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
        if name == folder or name.startswith(folder + os.sep):
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
    if not rel.endswith(".pyc"):  # most paths, without a path object
        return False
    path = PurePosixPath(rel)
    source = path.parent.parent / (path.name.split(".", 1)[0] + ".py")
    return path.parent.name == "__pycache__" and path.suffix == ".pyc" and source.as_posix() in replaced


def _carry_tree(out_dir: Path, staging: Path, skip: set[str], carried: set[str]) -> list[tuple[str, os.stat_result]]:
    """Make the tree in `staging` the output's, but for the paths in `skip`: files hard-linked
    (an entry already there that is the same file, as in the spare, stays), symlinks
    recreated, folders made private until settled; anything else in `staging` goes. Fills
    `carried`; returns the output's folders ("" for itself), parents first, with their stat.
    (No stat but of folders, types from the listing: outputs hold tens of thousands of files.)"""
    try:
        root = os.lstat(out_dir)
    except FileNotFoundError:
        return []
    folders = [("", root)]
    for folder, _ in folders:  # grows as it goes
        prefix = folder + "/" if folder else ""
        with os.scandir(os.path.join(staging, folder)) as listing:
            present = {entry.name: entry for entry in listing}
        with os.scandir(os.path.join(out_dir, folder)) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel in skip or _stale_bytecode(rel, skip):
                    continue
                carried.add(rel)
                there = present.pop(entry.name, None)
                target = os.path.join(staging, rel)
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir:
                    folders.append((rel, _folder_to_carry(entry, root.st_dev)))
                if there is not None and there.is_dir(follow_symlinks=False) == is_dir:
                    if is_dir:
                        os.chmod(target, 0o700)  # private until settled
                        continue
                    if there.inode() == entry.inode():
                        continue  # the same file (a hard link the spare kept)
                if there is not None:
                    remove_tree(there.path)
                if is_dir:
                    os.mkdir(target, 0o700)
                elif entry.is_symlink():
                    info = entry.stat(follow_symlinks=False)
                    os.symlink(os.readlink(entry.path), target)
                    with contextlib.suppress(OSError, NotImplementedError):
                        os.lchown(target, info.st_uid, info.st_gid)
                        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns), follow_symlinks=False)
                else:
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
            remove_tree(gone.path)
    return folders


def _folder_to_carry(entry: os.DirEntry[str], device: int) -> os.stat_result:
    """Its stat; neither a mount point nor, unless we are root, a folder of another user."""
    info = entry.stat(follow_symlinks=False)
    if info.st_dev != device:
        raise SpecError(
            entry.path,
            1,
            "is a mount point inside the output folder: docmodels replaces "
            "the output folder whole and cannot carry it; mount it elsewhere",
        )
    if hasattr(os, "geteuid") and os.geteuid() != 0 and info.st_uid != os.geteuid():
        raise SpecError(
            entry.path,
            1,
            "folder belongs to another user: docmodels would have to recreate it as yours; "
            "give it to the user who runs docmodels or move it out of the output folder",
        )
    return info


def _build_staging(
    out_dir: Path, staging: Path, wanted: dict[str, str], plan: Plan, carried: set[str], spare: Path | None
) -> None:
    if spare is not None and _usable_spare(spare, out_dir):
        os.rename(spare, staging)  # the output of two runs ago: only what changed since is redone
        os.chmod(staging, 0o700)
    else:
        os.mkdir(staging, 0o700)  # private while it is built: nobody else can plant a link in it
    folders = _carry_tree(out_dir, staging, set(plan.write) | set(plan.remove), carried)
    made = {rel for rel, _ in folders}
    for folder in sorted(_generated_folders(plan.write) - made):  # parents sort before their children
        os.mkdir(staging / folder, 0o755)
    _checkpoint("staging")

    def write(rels: Sequence[str]) -> None:
        for rel in rels:
            _write_new(f"{staging}/{rel}", wanted[rel])

    # Creating thousands of files is mostly system time: both cores halve it.
    run_groups(write, [plan.write[0::2], plan.write[1::2]] if len(plan.write) >= PARALLEL_MIN_FILES else [plan.write])
    # The output folder and the generated ones have new contents, so new times.
    new_times = _generated_folders(wanted) | {""}
    for rel, info in reversed(folders):  # deepest first: filling a folder changes its parent's times
        path = os.path.join(staging, rel)
        os.chmod(path, stat.S_IMODE(info.st_mode))
        owner = os.stat(path)
        if hasattr(os, "chown") and (owner.st_uid, owner.st_gid) != (info.st_uid, info.st_gid):
            with contextlib.suppress(PermissionError):  # our own folder into another of our groups may fail: harmless
                os.chown(path, info.st_uid, info.st_gid)
        if rel not in new_times:
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    if not folders:  # a new output: the mode of any new folder
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)


def _usable_spare(spare: Path, out_dir: Path) -> bool:
    """A spare tree we made: a real folder of ours on the output's filesystem, and an output
    to bring it up to date from (else it goes: its files would stand in the new ones' way)."""
    with contextlib.suppress(FileNotFoundError):
        info = os.lstat(spare)
        if (
            stat.S_ISDIR(info.st_mode)
            and out_dir.is_dir()
            and info.st_dev == os.lstat(out_dir.parent).st_dev
            and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())
        ):
            return True
        remove_tree(spare)
    return False


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
    moves = [(f"{number}.tmp", rel) for number, rel in enumerate(plan.write)]
    try:
        for temp, rel in moves:
            _write_new(str(staging / temp), wanted[rel])
        _write_new(str(out_dir / JOURNAL), json.dumps({"moves": moves, "remove": list(plan.remove)}))
    except BaseException:
        remove_tree(staging)
        raise
    _checkpoint("journaled")
    _finish_journal(out_dir)


def _finish_journal(out_dir: Path) -> None:
    """Carry out the replacements a journal lists (again, if a run was killed half-way). The
    output may be a commit's: no move comes through, no removal goes through, a symlink, and
    only files the manifest lists are replaced or removed (a journal of ours lists no other)."""
    staging = out_dir / ".docmodels-staging"
    listed = read_manifest(out_dir) | {MANIFEST}
    try:
        journal = json.loads(read_regular(out_dir / JOURNAL) or "{}")
        moves = [(str(t), str(r)) for t, r in journal.get("moves", []) if _safe_relative(str(r))]
        removals = [str(r) for r in journal.get("remove", []) if _safe_relative(str(r))]
    except (ValueError, TypeError, AttributeError):
        moves, removals = [], []
    if staging.is_symlink():  # not the folder a run made
        moves = []
    for temp, rel in moves:
        source = staging / PurePosixPath(temp).name
        if not source.is_file() or (os.path.lexists(out_dir / rel) and rel not in listed):
            continue  # replaced before the kill, or not ours to replace
        _real_folders(out_dir, rel)
        os.replace(source, out_dir / rel)
    for rel in removals:
        target = out_dir / rel
        if rel in listed and _is_file(target) and _through_no_link(out_dir, rel):
            os.unlink(target)
    os.unlink(out_dir / JOURNAL)
    remove_tree(staging)


def _through_no_link(out_dir: Path, rel: str) -> bool:
    """out_dir/rel is reached through no symlinked folder."""
    folder = os.path.normpath(os.path.join(os.path.realpath(out_dir), os.path.dirname(rel)))
    return os.path.realpath(folder) == folder


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
    wanted = _with_manifest(texts, kept)
    chunks: list[str] = []
    for rel in plan.write + plan.remove:
        old = read_regular(out_dir / rel) or ""
        new = wanted.get(rel, "")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{rel}", tofile=f"b/{rel}"
            )
        )
    return "".join(chunks)
