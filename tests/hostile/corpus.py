"""The hostile corpus: a registry of bad inputs, each with the outcome the program must give, and a generator
of good made-up articles to mix them with.

A case is a general hazard (a FIFO, a file nested too deep, an endless stream), never a copy of a real page.
Its builder makes the input inside a fresh folder and returns what is passed to `newsweave analyze` (a path or a
URL); a builder that needs a server starts it on the `ExitStack` it is given, which the caller closes when the
run is over. Areas add their cases with `register(...)` in this module or in a module imported at its end.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.sources import read_sources
from newsweave.ingest.web import Fetcher
from newsweave.models import Article, Skipped
from newsweave.settings import Settings

Expect = Literal["skipped", "analyzed"]
Layer = Literal["ingest", "network", "run"]
Build = Callable[[Path, ExitStack], str]


@dataclass(frozen=True)
class Case:
    """`reason`: a fragment (case-insensitive) every skip reason of the case contains, so a case is met only by
    the reason meant for it. `layer`: where the outcome is decided — "ingest" (reading and cleaning, no models:
    the suite checks these in seconds), "network" (fetching from a hostile server, also checked in seconds, with
    small limits) or "run" (needs the whole command)."""

    name: str
    build: Build
    expect: Expect
    reason: str = ""
    layer: Layer = "ingest"


CASES: dict[str, Case] = {}


def register(case: Case) -> Case:
    if case.name in CASES:
        raise ValueError(f"hostile case {case.name!r} is registered twice")
    CASES[case.name] = case
    return case


def build_case(case: Case, root: Path, stack: ExitStack) -> str:
    """The case's input, made in its own folder under `root` (so its outcome can be told from its path)."""
    folder = root / re.sub(r"[^a-z0-9]+", "-", case.name.lower()).strip("-")
    folder.mkdir(parents=True)
    return case.build(folder, stack)


def read_and_clean(inputs: list[str], settings: Settings | None = None) -> tuple[list[Article], list[Skipped]]:
    """What `newsweave analyze` does before the models load: read every input (paths and URLs) and clean it."""
    settings = settings or Settings()
    with Fetcher(settings.ingest, settings.network) as fetcher:
        raws, skipped = read_sources(inputs, fetcher)
    articles, not_prepared = prepare_articles(raws, settings=settings)
    return articles, skipped + not_prepared


def under(source: str, given: str) -> bool:
    """`source` names the input `given` or a part of it (a file of a folder, a line or record of a file)."""
    return source == given or any(source.startswith(given + separator) for separator in "/:#")


@dataclass(frozen=True)
class Outcome:
    """What a run did with one case's input: the sources of its analysed articles, and its skips."""

    analyzed: list[str]
    skipped: list[tuple[str, str]]

    @classmethod
    def of(cls, given: str, analyzed: list[str], skipped: list[tuple[str, str]]) -> Outcome:
        """The part of a whole run's articles (their paths or URLs) and skips (path, reason) that is `given`'s."""
        return cls([s for s in analyzed if under(s, given)], [(p, r) for p, r in skipped if under(p, given)])

    def meets(self, case: Case) -> bool:
        """Analysed when it should be; otherwise skipped, nothing analysed, every reason holding the fragment."""
        if case.expect == "analyzed":
            return bool(self.analyzed)
        fragment = case.reason.lower()
        return not self.analyzed and bool(self.skipped) and all(fragment in r.lower() for _, r in self.skipped)

    def label(self) -> str:
        if self.analyzed:
            return f"analyzed {len(self.analyzed)}" + (f" (+{len(self.skipped)} skipped)" if self.skipped else "")
        if not self.skipped:
            return "LOST: neither analysed nor skipped"
        reasons = sorted({reason for _, reason in self.skipped})
        count = f" {len(self.skipped)}" if len(self.skipped) > 1 else ""
        more = f" (+{len(reasons) - 1} other reasons)" if len(reasons) > 1 else ""
        return f"skipped{count}: {reasons[0]}{more}"


# --- good articles -----------------------------------------------------------------------------------------
# Four made-up events, each reported by five made-up outlets in their own order and wording.

STORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("2025-03-04", "Bridge closed after cracks found in Marlow Valley", (
        "Engineers closed the Harwick Bridge over the Marlow River on Monday after inspectors found cracks in two "
        "of its steel girders.",
        "About 18,000 vehicles cross the bridge every day, according to the regional transport office.",
        "Transport director Elena Vasquez said the bridge would stay shut for at least six weeks while repairs "
        "are planned.",
        "Buses will be diverted through the town of Eastmere, adding around 25 minutes to each journey.",
        "The bridge was last inspected in 2022, when no serious defects were reported.",
        "Local shop owners said they feared losing customers during the closure.",
    )),
    ("2025-05-19", "Wildfire forces evacuation of Pinecrest villages", (
        "A wildfire that began on Saturday near the village of Pinecrest has burned more than 4,000 hectares, "
        "fire officials said.",
        "Around 2,300 residents of three villages were told to leave their homes on Sunday evening.",
        "Fire chief Tomas Brandt said strong winds had pushed the flames towards the northern ridge.",
        "Two firefighters were treated for smoke inhalation and later released from hospital.",
        "Officials opened a shelter in the sports hall of the nearby town of Ardley.",
        "The cause of the fire is under investigation.",
    )),
    ("2025-09-02", "Coastal city approves new desalination plant", (
        "The city council of Port Almira voted 9 to 4 on Tuesday to build a desalination plant on the southern "
        "shore.",
        "The plant is expected to cost 210 million euros and to supply a third of the city's drinking water.",
        "Mayor Ines Carvalho said the vote ended a decade of debate over the city's water supply.",
        "Environmental groups warned that brine from the plant could harm the seagrass beds in the bay.",
        "Construction is due to begin next spring and to take about three years.",
        "The council also approved a study of the plant's effect on fishing.",
    )),
    ("2025-11-12", "Rail strike halts trains across northern region", (
        "Train drivers in the northern region walked out on Wednesday in a dispute over pay and rest periods.",
        "The rail operator said 340 of its 400 daily services were cancelled.",
        "Union leader Samuel Okafor said drivers had been offered a raise of 2 percent, below the rate of "
        "inflation.",
        "Commuters crowded onto buses and many schools reported late arrivals.",
        "The operator said talks with the union would resume on Friday.",
        "A second strike day is planned for the following week if no deal is reached.",
    )),
)
OUTLETS = ("The Morning Ledger", "Valley Courier", "Harbour Post", "Northern Dispatch", "Civic Wire")
GOOD_COUNT = len(STORIES) * len(OUTLETS)


def good_articles(folder: Path) -> list[Path]:
    """`GOOD_COUNT` (20) made-up articles, each a .txt with a .meta.json sidecar: every outlet tells each event
    with its sentences in its own order, so the articles are distinct but cluster into the four stories."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for story, (day, title, sentences) in enumerate(STORIES):
        for turn, outlet in enumerate(OUTLETS):
            order = list(sentences[:1]) + _rotated(list(sentences[1:]), turn)
            path = folder / f"story{story + 1}-{turn + 1}.txt"
            path.write_text("\n\n".join(order) + "\n", encoding="utf-8")
            meta = {"title": f"{title} ({outlet})" if turn else title, "outlet": outlet, "published": day}
            path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
            written.append(path)
    return written


def _rotated(items: list[str], by: int) -> list[str]:
    """The outlet's own order of the later sentences, dropping one so no two articles are the same text."""
    shifted = items[by % len(items):] + items[: by % len(items)]
    return shifted[:-1]


def good_text(story: int, extra: str = "") -> str:
    """A good article of one of the events, in an order no good article uses (its sentences reversed), so a case
    that wraps good text in a hazard (a bad byte, an odd name) is not an exact duplicate of a good article."""
    return "\n\n".join([STORIES[story][2][0], *reversed(STORIES[story][2][1:]), *([extra] if extra else [])]) + "\n"


ACCENTED = "The plan was first drawn up by the engineer João Ribeiro of São Vicente in 2015."
"""A sentence with non-ASCII letters, so a repair that re-decoded the whole file would show as mojibake."""


# --- reading-side cases (ingest) ---------------------------------------------------------------------------


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def _fifo(folder: Path, _: ExitStack) -> str:
    os.mkfifo(folder / "pipe.txt")
    return str(folder)


def _fifo_given(folder: Path, _: ExitStack) -> str:
    path = folder / "named-pipe.txt"
    os.mkfifo(path)
    return str(path)


def _symlink_loop(folder: Path, _: ExitStack) -> str:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "up").symlink_to(folder)
    return str(folder)


def _tiny_files(folder: Path, _: ExitStack) -> str:
    for number in range(2000):
        (folder / f"tiny{number:04}.txt").write_text("x\n")
    return str(folder)


def _deep_json(folder: Path, _: ExitStack) -> str:
    return _write(folder, "deep.json", b"[" * 20000 + b"]" * 20000)


def _deep_jsonl_line(folder: Path, _: ExitStack) -> str:
    return _write(folder, "deep.jsonl", b'{"text": ' + b"[" * 20000 + b"]" * 20000 + b"}\n")


def _malformed_jsonl(folder: Path, _: ExitStack) -> str:
    return _write(folder, "broken.jsonl", b'{"text": "unterminated\n{not json at all}\n[1, 2\n')


def _huge_jsonl_line(folder: Path, _: ExitStack) -> str:
    return _write(folder, "huge-line.jsonl", b'{"text": "' + b"word " * 1_200_000 + b'"}\n')


def _long_text(folder: Path, _: ExitStack) -> str:
    return _write(folder, "long.txt", b"A sentence that goes on. " * 80_000)


def _deep_html(folder: Path, _: ExitStack) -> str:
    return _write(folder, "deep.html", b"<html><body>" + b"<div>" * 10000 + b"text" + b"</div>" * 10000
                  + b"</body></html>")


def _huge_page(folder: Path, _: ExitStack) -> str:
    row = b"<p>" + b"filler " * 140 + b"</p>\n"
    with open(folder / "huge.html", "wb") as stream:
        stream.write(b"<html><body>")
        for _ in range(100 * 2**20 // len(row) + 1):
            stream.write(row)
        stream.write(b"</body></html>")
    return str(folder / "huge.html")


def _many_links(folder: Path, _: ExitStack) -> str:
    links = "".join(f'<a href="/tag/{number}">tag {number}</a> ' for number in range(100_000))
    return _write(folder, "links.html", f"<html><body><article>{links}</article></body></html>".encode())


def _large_text(folder: Path, _: ExitStack) -> str:
    return _write(folder, "large.txt", b"The same sentence again. " * (26 * 2**20 // 25))


def _wrong_typed_sidecar(folder: Path, _: ExitStack) -> str:
    path = _write(folder, "typed.txt", good_text(0).encode())
    (folder / "typed.meta.json").write_text(json.dumps({"title": ["a", "list"], "published": {"day": 3}}))
    return path


def _invalid_utf8(folder: Path, _: ExitStack) -> str:
    text = good_text(2, ACCENTED).encode("utf-8")
    return _write(folder, "bad-bytes.txt", text.replace(b"vote", b"vo\xfft\xc3e", 1))


def _utf16(folder: Path, _: ExitStack) -> str:
    return _write(folder, "utf16.txt", good_text(1, ACCENTED).encode("utf-16-le"))


def _odd_name(folder: Path, _: ExitStack) -> str:
    return _write(folder, "odd\n<img src=x onerror=alert(1)>.txt", good_text(3).encode())


def deep_folders(folder: Path, levels: int) -> Path:
    """A chain of `levels` folders made one level at a time (pathlib's `mkdir(parents=True)` recurses)."""
    for _ in range(levels):
        folder = folder / "d"
        folder.mkdir()
    return folder


def remove_deep_folders(top: Path) -> None:
    """Removes a chain made by `deep_folders` bottom up: `shutil.rmtree`, which pytest and `TemporaryDirectory`
    clean up with, recurses once per level and fails on a tree deeper than the recursion limit."""
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for folder in reversed(chain[1:]):
        for child in folder.iterdir():
            if not child.is_dir():
                child.unlink()
        folder.rmdir()


def _deep_folders(folder: Path, stack: ExitStack) -> str:
    bottom = deep_folders(folder, 1200)  # deeper than the interpreter's recursion limit
    stack.callback(remove_deep_folders, folder)
    _write(bottom, "deep.txt", good_text(1).encode())
    return str(folder)


def _not_found(folder: Path, _: ExitStack) -> str:
    return str(folder / "missing.txt")


def _dev_zero(_: Path, __: ExitStack) -> str:
    return "/dev/zero"


for _case in (
    Case("empty file", lambda f, _: _write(f, "empty.txt", b""), "skipped", "empty"),
    Case("binary file", lambda f, _: _write(f, "image.txt", bytes(range(256)) * 64), "skipped", "binary"),
    Case("26 MB text", _large_text, "skipped", "too large"),
    Case("missing path", _not_found, "skipped", "does not exist"),
    Case("/dev/zero given", _dev_zero, "skipped", "not a regular file"),
    Case("FIFO in folder", _fifo, "skipped", "not a regular file"),
    Case("FIFO given", _fifo_given, "skipped", "not a regular file"),
    Case("symlink loop", _symlink_loop, "skipped", "symlink"),
    Case("2,000 tiny files", _tiny_files, "skipped", "too short"),
    Case("JSON nested 20,000 deep", _deep_json, "skipped", "nested"),
    Case("JSONL line nested 20,000 deep", _deep_jsonl_line, "skipped", "nested"),
    Case("malformed JSONL lines", _malformed_jsonl, "skipped", "line"),
    Case("6 MB JSONL line", _huge_jsonl_line, "skipped", "line"),
    Case("2 MB article text", _long_text, "skipped", "too long"),
    Case("HTML nested 10,000 deep", _deep_html, "skipped", "nested"),
    Case("100 MB page", _huge_page, "skipped", "too large"),
    Case("page of 100,000 links", _many_links, "skipped", "html elements"),
    Case("wrong-typed sidecar", _wrong_typed_sidecar, "analyzed"),
    Case("invalid UTF-8 bytes", _invalid_utf8, "analyzed"),
    Case("UTF-16 without BOM", _utf16, "analyzed"),
    Case("newline and HTML in file name", _odd_name, "analyzed"),
    Case("folders nested 1,200 deep", _deep_folders, "analyzed", layer="run"),  # shutil.rmtree cannot remove it
):
    register(_case)


def iter_cases(layer: Layer | None = None) -> Iterator[Case]:
    return (case for case in CASES.values() if layer is None or case.layer == layer)


# --- output-side cases (output) ----------------------------------------------------------------------------


def _injection(folder: Path, _: ExitStack) -> str:
    """Script, handlers, javascript: links and Markdown in file names, sidecar metadata, text and quotes: the
    articles are analysed (their payloads kept as text, made inert by the report; tests/test_web.py checks it
    in a browser), the empty file among them is skipped."""
    from tests.hostile.injection import write_articles

    write_articles(folder)
    return str(folder)


register(Case("script and markup injection", _injection, "analyzed", layer="run"))


from . import network, runs  # noqa: E402,F401  (register the network and the run's own cases; they import this registry)
