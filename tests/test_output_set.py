"""The output set: --out holds the files of one run, whole, whatever moment a writer is killed at.

A real writer process (`write_outputs`) stops before every step that changes the disk (each rename, link,
exchange, removal, and after each file's bytes are written but before it is synced and renamed) and waits for
a line on stdin; the test lets it run to the k-th step and kills it with SIGKILL there, for every k, then
reads --out as a user would; a folder that cannot be replaced as a whole (a mount point), which gets its files
moved in one by one, is read after the next write's recovery (`remove_leftovers`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsweave.models import Dossier
from newsweave.report.files import MANIFEST, OutputError, read_manifest, remove_leftovers
from newsweave.report.writers import FORMATS, write_outputs
from tests.hostile import injection

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import os, shutil, sys
from pathlib import Path
from newsweave.models import Dossier
from newsweave.report import files
from newsweave.report.writers import write_outputs

def paused(step, run):
    def wrapped(*args, **kwargs):
        print(step, flush=True)
        sys.stdin.readline()
        return run(*args, **kwargs)
    return wrapped

os.replace, os.rename, os.link, os.fsync = (paused(name, getattr(os, name)) for name in ("replace", "rename", "link", "fsync"))
shutil.rmtree = paused("rmtree", shutil.rmtree)
files._exchange = paused("exchange", files._exchange if sys.argv[4] == "exchange" else lambda a, b: False)
if sys.argv[4] == "in place":
    files._replaceable = lambda out: False
write_outputs(Dossier.model_validate_json(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2]), sys.argv[3].split(","))
print("done", flush=True)
"""
OLD_FORMATS, NEW_FORMATS = ["json", "md", "html", "graph"], ["json", "md", "html"]
"""The new run writes fewer formats: the previous run's graph.json is carried into the new set."""


def rendered(dossier: Dossier, formats: list[str]) -> dict[str, str]:
    return {FORMATS[name].filename: FORMATS[name].render(dossier) for name in formats}


def folder_set(out: Path) -> dict[str, str]:
    """The files in --out, after checking they are exactly the ones its manifest names."""
    manifest = read_manifest(out)
    assert manifest is not None, f"no manifest in {sorted(os.listdir(out))}"
    assert {p.name for p in out.iterdir()} == set(manifest["files"]) | {MANIFEST}
    return {name: (out / name).read_bytes().decode("utf-8") for name in manifest["files"]}


def start_writer(dossier_file: Path, out: Path, swap: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(dossier_file), str(out), ",".join(NEW_FORMATS), swap],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )


def run_to_step(process: subprocess.Popen[str], steps: int) -> list[str]:
    """Let the writer pass `steps` steps; the steps it announced (the last one is where it waits)."""
    assert process.stdin and process.stdout
    seen = []
    for _ in range(steps + 1):
        line = process.stdout.readline().strip()
        if not line or line == "done":
            break
        seen.append(line)
        if len(seen) <= steps:
            process.stdin.write("\n")
            process.stdin.flush()
    return seen


@pytest.mark.parametrize("swap", ["exchange", "two renames", "in place"])
def test_a_writer_killed_at_any_step_leaves_the_previous_set_or_the_new_one(tmp_path: Path, swap: str) -> None:
    old = injection.dossier(injection.plain).model_copy(update={"generated_at": "2026-01-01T00:00:00Z"})
    new = injection.dossier(injection.hostile).model_copy(update={"generated_at": "2026-01-02T00:00:00Z"})
    old_set = rendered(old, OLD_FORMATS)
    new_set = {**old_set, **rendered(new, NEW_FORMATS)}
    dossier_file = tmp_path / "new.json"
    dossier_file.write_text(new.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"

    write_outputs(old, out, OLD_FORMATS)
    whole = start_writer(dossier_file, out, swap)
    steps = run_to_step(whole, 10_000)
    assert whole.wait(timeout=60) == 0 and folder_set(out) == new_set
    assert "fsync" in steps and steps.count("rename") == (3 if swap == "two renames" else 0), steps
    assert steps.count("replace") == (4 + 5 if swap == "in place" else 4), "in place, each file is also moved in"

    outcomes = set()
    for k in range(len(steps)):
        write_outputs(old, out, OLD_FORMATS)
        writer = start_writer(dossier_file, out, swap)
        at = run_to_step(writer, k)[-1]
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        if not out.exists():
            assert swap == "two renames" and at == "rename", f"killed at step {k} ({at}): --out is gone"
            remove_leftovers(out)
        if swap == "in place":
            remove_leftovers(out)
        found = folder_set(out)
        assert found in (old_set, new_set), f"killed at step {k} ({at}): a mixed set {sorted(found)}"
        outcomes.add("new" if found == new_set else "old")
    assert outcomes == {"old", "new"}, "a kill before the swap keeps the old set, after it the new one"

    write_outputs(new, out, NEW_FORMATS)
    assert folder_set(out) == new_set
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "out"], "the killed runs' leftovers are gone"


def test_a_failed_render_leaves_the_previous_set_and_no_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dossier = injection.dossier(injection.plain)
    write_outputs(dossier, out, ["json", "md"])
    before = folder_set(out)
    with pytest.raises(KeyError):
        write_outputs(dossier, out, ["json", "no such format"])
    assert folder_set(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_output_folder_holding_a_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Replacing --out as a whole would move a folder of the user's away: the run is told to use another."""
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    with pytest.raises(OutputError, match="folder of its own"):
        write_outputs(Dossier(), out, ["json"])
    assert [p.name for p in out.iterdir()] == ["notes"] and [p.name for p in tmp_path.iterdir()] == ["mine"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_outputs(Dossier(), tmp_path / "file", ["json"])


def test_the_current_folder_as_out_is_written_in_place_not_swapped_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--out .`: the folder the user's shell is in keeps its identity (inode) and their own files."""
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    inode = out.stat().st_ino
    monkeypatch.chdir(out)
    dossier = injection.dossier(injection.plain)
    write_outputs(dossier, Path("."), ["json", "md"])
    assert out.stat().st_ino == inode
    assert folder_set(out)["notes.txt"] == "mine", "their own file is kept"
    assert (out / "dossier.json").read_text(encoding="utf-8") == rendered(dossier, ["json"])["dossier.json"]
    assert read_manifest(out) is not None
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no staging folder left"


def test_formats_written_in_a_parse_worker_are_the_ones_written_here(tmp_path: Path) -> None:
    """`analyze` hands the formats other than dossier.json to a parse worker that stayed to link
    (`cli._elsewhere`): the same files byte for byte, and what runs meanwhile here (storing the run) is given
    dossier.json's text. (report.html's relation drawing follows the hash seed of the process drawing it: not compared.)"""
    from newsweave.nlp.parse_worker import ParseWorkers, Task
    from newsweave.report.writers import write_sent
    from newsweave.settings import ParseSettings

    dossier = injection.dossier(injection.plain)
    formats = ["json", "md", "graph"]
    given: list[str | None] = []
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        workers.keep()
        write_outputs(
            dossier, tmp_path / "out", formats,
            lambda dossier, folder, names: workers.submit(Task(write_sent, (dossier, str(folder), names))),
            given.append,
        )
    assert folder_set(tmp_path / "out") == rendered(dossier, formats)
    assert given == [FORMATS["json"].render(dossier)]


def test_formats_another_process_did_not_write_are_written_here(tmp_path: Path) -> None:
    dossier = injection.dossier(injection.plain)
    write_outputs(dossier, tmp_path / "out", NEW_FORMATS, lambda *sent: lambda: None)
    assert folder_set(tmp_path / "out") == rendered(dossier, NEW_FORMATS)


def test_a_failure_meanwhile_is_raised_once_the_set_is_written(tmp_path: Path) -> None:
    """Storing the run fails: the outputs are in place all the same, as when the store was written after them."""
    dossier = injection.dossier(injection.plain)

    def locked(as_json: str | None) -> None:
        raise OSError("the store is locked")

    with pytest.raises(OSError, match="locked"):
        write_outputs(dossier, tmp_path / "out", NEW_FORMATS, None, locked)
    assert folder_set(tmp_path / "out") == rendered(dossier, NEW_FORMATS)
