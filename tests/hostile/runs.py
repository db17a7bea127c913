"""Hostile cases of the run itself (issue 15): texts without sentence punctuation or line breaks, texts of more
tokens than a parse may hold, and dates at the ends of the calendar. Registered in the corpus on import."""

from __future__ import annotations

import itertools
import json
import random
from contextlib import ExitStack
from pathlib import Path

from .corpus import Build, Case, _write, good_text, register

VOCABULARY = (
    "the council met and voters said river rose near old mill while officers from city office reported that "
    "Mayor Tovald Brenik visited Harlow on Tuesday with 40 workers bridge stayed closed since March 3 because "
    "engineers found cracks in its northern span after 2,000 tonnes of gravel were moved last spring"
).split()
"""Made-up words, with a name, a place, figures and dates so every stage has work in an unpunctuated text."""


def unpunctuated_text(chars: int, seed: int = 1) -> str:
    """Words at random, no sentence punctuation, no line break, `chars` characters long."""
    rnd = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(rnd.choice(VOCABULARY))
        size += len(words[-1]) + 1
    return " ".join(words)[:chars]


def _unpunctuated(chars: int, name: str) -> Build:
    def build(folder: Path, _: ExitStack) -> str:
        return _write(folder, name, ("Harbour board meets\n" + unpunctuated_text(chars)).encode())

    return build


def _one_letter_words(folder: Path, _: ExitStack) -> str:
    """More tokens than parse.max_doc_tokens (100,000) within the character budget: 120,000 one-letter words."""
    letters = " ".join(itertools.islice(itertools.cycle("abcdefgh"), 120_000))
    return _write(folder, "letters.txt", (good_text(0) + "Crews counted " + letters + ".\n").encode())


def _calendar_ends(folder: Path, _: ExitStack) -> str:
    """Dates of year 1 and 9999 in the text and as the publication date, and counts past the calendar's ends."""
    extra = (
        "The council said the bridge was built on 1 January 0001 and would stand until December 31, 9999; it "
        "reopens 10000 years from now, 99999999999 days after the vote."
    )
    for name, published, story in (("year-1", "0001-01-01", 1), ("year-9999", "9999-12-31", 2)):
        path = Path(_write(folder, f"{name}.txt", good_text(story, extra).encode()))
        path.with_name(f"{name}.meta.json").write_text(json.dumps({"published": published}))
    return str(folder)


for _case in (
    Case("1 MB text without punctuation", _unpunctuated(1_000_000, "flat.txt"), "skipped", "too long"),
    Case("12 MB text without line breaks", _unpunctuated(12_000_000, "flat-huge.txt"), "skipped", "too long"),
    # A long article's length: the size hazard is the 1 MB case; this one shows an unpunctuated text is cut into
    # sentences and analysed, at a cost in proportion to its words (bench/budget.py measures the growth).
    Case("8 KB text without punctuation", _unpunctuated(8_000, "flat-small.txt"), "analyzed", layer="run"),
    Case("120,000 one-letter words", _one_letter_words, "skipped", "parse.max_doc_tokens", layer="run"),
    Case("dates of year 1 and 9999", _calendar_ends, "analyzed", layer="run"),
):
    register(_case)
