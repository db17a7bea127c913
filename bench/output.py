"""What writing --out as one atomic set costs (`report.files.staged_set`: a staging folder, a manifest with
each file's SHA-256, hard links of the files kept, one exchange) against writing each file in place with
`write_atomically` (the baseline: what `write_outputs` did before), on made-up dossiers of growing size.

The formats are rendered once; only the writing is timed, the two ways interleaved round by round (the
machine is shared, so a ratio of the same rounds is what means something), over a folder that already holds
a previous set. Prints, per size: MB written, seconds to render the three formats, median seconds of each way
of writing, their ratio, and the set's extra time as a share of rendering and writing in place.

    python bench/output.py [--articles 200 1000 4000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.models import Article, BriefLine, Dossier, Statement, Story
from newsweave.report.files import staged_set, write_atomically
from newsweave.report.writers import FORMATS

SENTENCE = "Officials of the made-up town of Varrow said on Tuesday that {k} people had left the valley. "


def made_up(articles: int) -> Dossier:
    """`articles` made-up articles of ten sentences in one story, each sentence a statement."""
    items, statements = [], []
    for k in range(articles):
        text = "".join(SENTENCE.format(k=k + n) for n in range(10))
        items.append(Article(id=f"a{k}", title=f"Varrow report {k}", outlet=f"Outlet {k % 37}", text=text, story="s"))
        step = len(SENTENCE.format(k=k))
        statements += [Statement(id=f"a{k}:{n}", article=f"a{k}", sentence=n, start=n * step, end=(n + 1) * step,
                                 text=SENTENCE.format(k=k + n).strip(), sources=[f"a{k}"]) for n in range(10)]
    story = Story(id="s", title="Varrow valley", articles=[a.id for a in items])
    return Dossier(articles=items, stories=[story], statements=statements,
                   brief=[BriefLine(text=SENTENCE.format(k=0).strip(), sources=[a.id for a in items[:5]])])


def in_place(out: Path, files: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_atomically(out / name, text)


def as_set(out: Path, files: dict[str, str]) -> None:
    with staged_set(out) as staging:
        for name, text in files.items():
            write_atomically(staging / name, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[200, 1000, 4000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'articles':>8s} {'MB':>7s} {'render s':>9s} {'in place s':>11s} {'as a set s':>11s} {'ratio':>6s} "
          f"{'extra of all':>12s}")
    for count in args.articles:
        dossier = made_up(count)
        started = time.perf_counter()
        files = {FORMATS[name].filename: FORMATS[name].render(dossier) for name in ("json", "md", "html")}
        render = time.perf_counter() - started
        size = sum(len(text.encode()) for text in files.values()) / 2**20
        work = Path(tempfile.mkdtemp(prefix="newsweave-bench-output-"))
        try:
            times: dict[str, list[float]] = {"in place": [], "as a set": []}
            for _ in range(args.rounds):
                for label, write, out in (("in place", in_place, work / "a"), ("as a set", as_set, work / "b")):
                    write(out, files)
                    started = time.perf_counter()
                    write(out, files)
                    times[label].append(time.perf_counter() - started)
            plain, staged = (statistics.median(times[label]) for label in ("in place", "as a set"))
            extra = (staged - plain) / (render + plain)
            print(f"{count:8d} {size:7.1f} {render:9.2f} {plain:11.3f} {staged:11.3f} {staged / plain:6.2f} {extra:12.1%}")
        finally:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
