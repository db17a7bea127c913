"""Writing output so that a reader never sees half of a file, nor files of two different runs side by side.

A single file is written next to its target and renamed over it (`write_atomically`). A set of files (the
dossier, its Markdown and its HTML in --out) is written into a hidden sibling folder, with a manifest naming
the run and each file's digest written last, and the complete folder then takes the output folder's place in
one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, whose gap the next run repairs). A kill
at any moment leaves the previous complete set or the new one; the next write removes what a killed run left.
An output folder that cannot be replaced as a whole (a mount point, a folder whose parent is not writable) gets
its hidden staging folder inside it and the files are moved in one by one, the manifest last: a kill midway
leaves a mixed folder that the next write completes from the staged set.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_FILE_MODE = 0o666
"""What `open()` would create, before the user's umask: a temporary file is private (0600) by default."""
MANIFEST = "newsweave-set.json"
"""The file naming the run that wrote the set and every file of it with its SHA-256; written last."""
STAGING = ".{name}.newsweave-{run}"
"""A set being written (or a replaced set being removed), hidden beside the output folder; the run id starts
with the writer's process id, so a later run can tell a dead writer's leftovers from a live writer's work."""
STAGING_INSIDE = re.compile(r"\.newsweave-(\d+)-[\w-]+$")
"""A set being written inside an output folder that cannot be replaced as a whole."""
ASIDE = "-old"
"""Suffix of the previous set renamed aside by the fallback swap."""
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputError(OSError):
    """The output folder cannot take a new set; the message says what to do."""


def write_atomically(path: Path, content: str) -> None:
    """Write next to the target, then rename over it; the file gets the permissions a plain write would.
    A write that fails (a full disk) leaves no temporary file behind."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, prefix=f".{path.name}.", suffix=".tmp"
    ) as tmp:
        try:
            tmp.write(content)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp.name, DEFAULT_FILE_MODE & ~umask)
    os.replace(tmp.name, path)


@contextmanager
def staged_set(out_dir: Path) -> Iterator[Path]:
    """A folder to write the new set into; when the block ends without error it becomes `out_dir` in one
    step, keeping the files of the previous set this run does not write (`report --format html` keeps the
    dossier.json beside it). An error leaves the previous set as it was."""
    out = check_output_folder(out_dir)
    remove_leftovers(out)
    run = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging = out.parent / STAGING.format(name=out.name, run=run) if _replaceable(out) else out / f".newsweave-{run}"
    staging.mkdir()
    if out.is_dir():
        shutil.copymode(out, staging)
    try:
        yield staging
        _carry_over(out, staging)
        _write_manifest(staging, run)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_output_folder(out_dir: Path) -> Path:
    """The output folder as a real path, once it is known a set can be written there (the folder, or the
    parent it is created in, is writable; it holds only plain files), so that a run can find out before its
    analysis."""
    out = out_dir.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the folder of --out {out}: {error.strerror}") from error
    if not (_replaceable(out) or (out.is_dir() and os.access(out, os.W_OK | os.X_OK))):
        raise OutputError(f"cannot write in {out if out.is_dir() else out.parent}: choose another --out")
    _plain_files(out)
    return out


def _replaceable(out: Path) -> bool:
    """Whether the output folder can be swapped for the staged one: not a mount point, in a writable parent,
    and not the folder the user works in (`--out .`): swapped away, it would leave their shell in a deleted
    folder, so its files are moved in one by one instead."""
    return (
        not os.path.ismount(out)
        and os.access(out.parent, os.W_OK | os.X_OK)
        and not Path.cwd().resolve().is_relative_to(out)
    )


def _plain_files(out: Path) -> list[Path]:
    """The files of the previous set. Only plain files: a folder or a link inside --out is not newsweave's,
    and replacing the folder would move it away."""
    if not out.is_dir():
        if out.exists() or out.is_symlink():
            raise OutputError(f"--out {out} is not a folder: give a folder for the output set")
        return []
    entries = [entry for entry in out.iterdir() if not STAGING_INSIDE.match(entry.name)]
    for entry in entries:
        if entry.is_symlink() or not entry.is_file():
            raise OutputError(
                f"--out {out} holds {entry.name}, which is not a plain file: newsweave replaces its output "
                "folder as a whole on each run, so give it a folder of its own"
            )
    return entries


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders of writers that are gone; if one died between the two renames of the
    fallback swap (no output folder), its complete new set (it has a manifest) is put in place first, and a
    complete set staged inside the folder is moved in (its writer died while moving it)."""
    if out.is_dir():
        for inside in out.iterdir():
            if (m := STAGING_INSIDE.match(inside.name)) and not _alive(int(m[1])):
                if (inside / MANIFEST).is_file():
                    _move_in(inside, out)
                shutil.rmtree(inside, ignore_errors=True)
    pattern = re.compile(re.escape(f".{out.name}.newsweave-") + r"(\d+)-[\w-]+$")
    leftovers = [p for p in out.parent.iterdir() if (m := pattern.match(p.name)) and not _alive(int(m[1]))]
    if not out.exists():
        complete = [p for p in leftovers if (p / MANIFEST).is_file()]
        if complete:
            newest = min(complete, key=lambda p: (p.name.endswith(ASIDE), -p.stat().st_mtime))
            os.rename(newest, out)
            leftovers.remove(newest)
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _carry_over(out: Path, staging: Path) -> None:
    """Hard-link (or copy) the previous set's files that this run did not write into the new set."""
    for entry in _plain_files(out):
        target = staging / entry.name
        if entry.name == MANIFEST or target.exists():
            continue
        try:
            os.link(entry, target)
        except OSError:
            shutil.copy2(entry, target)


def _write_manifest(staging: Path, run: str) -> None:
    files = {p.name: _digest(p) for p in sorted(staging.iterdir()) if p.name != MANIFEST}
    manifest = {"run": run, "written_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": files}
    write_atomically(staging / MANIFEST, json.dumps(manifest, indent=2))


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the set in `out_dir`, or None when there is none (no set, or one written before sets)."""
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _swap(staging: Path, out: Path) -> None:
    """Put the staged set in the output folder's place; the replaced set ends up in `staging`, to be removed
    (a set staged inside the folder is moved in file by file instead). Without an atomic exchange the old
    folder is renamed aside first: a kill in that gap leaves no --out, and `remove_leftovers` puts the complete
    new set in place on the next write. The folder holding the renames is synced, so after a power cut the
    swap is either on disk or not (the files themselves were synced when written)."""
    if staging.parent == out:
        _move_in(staging, out)
    elif not out.exists():
        os.rename(staging, out)
    elif not _exchange(staging, out):
        aside = staging.with_name(staging.name + ASIDE)
        os.rename(out, aside)
        os.rename(staging, out)
        os.rename(aside, staging)
    _sync_folder(staging.parent)


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable; where folders cannot be opened for syncing (Windows) the rename
    is as durable as the system makes it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _move_in(staging: Path, out: Path) -> None:
    """Each staged file over its namesake in the output folder, the manifest last (what is already moved is
    no longer staged, so a kill midway is completed by calling this again)."""
    for path in sorted(staging.iterdir(), key=lambda p: p.name == MANIFEST):
        os.replace(path, out / path.name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step where the system can (Linux 3.15+ with glibc 2.28+, on most filesystems)."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


_LIBC = ctypes.CDLL(None, use_errno=True) if os.name == "posix" else None
