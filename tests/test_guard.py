"""The last resort: one article's failure or overtime skips only that article, and a story whose linking fails
keeps its articles (without cross-checks) and is reported, so a run never ends with no dossier at all."""

from __future__ import annotations

import signal
import time

import pytest

from newsweave.app.guard import Overtime, deadline, each
from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.models import RawDocument
from tests.test_second_language import toy_language


def spin(seconds: float) -> float:
    """Pure Python work for `seconds` (or until interrupted)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return seconds


def outer_timer() -> float:
    """Seconds left on a timer running around the test (pytest-timeout's, when it uses signals), or 0."""
    return signal.getitimer(signal.ITIMER_REAL)[0]


def test_a_deadline_interrupts_python_work_and_gives_the_timer_back() -> None:
    around = outer_timer()
    with pytest.raises(Overtime, match="took more than 0.05 s"), deadline(0.05):
        spin(5)
    assert around - 1 < outer_timer() <= around, "disarmed, and a timer running around it runs on"
    with deadline(5):
        assert spin(0.01) == 0.01, "work within the deadline finishes"
    assert around - 1 < outer_timer() <= around


def test_an_inner_deadline_leaves_the_outer_one_counting() -> None:
    around = outer_timer()
    with pytest.raises(Overtime, match="0.3 s"), deadline(0.3):
        with pytest.raises(Overtime, match="0.05 s"), deadline(0.05):
            spin(5)
        left = outer_timer()
        assert 0 < left < 0.3, "the outer deadline runs on, less the time spent inside"
        spin(5)
    assert around - 1 < outer_timer() <= around


def test_each_skips_only_the_items_that_fail_or_overrun() -> None:
    def work(item: float) -> float:
        return spin(item) if item > 0 else 1 / item

    done, skipped = each([0.01, 0.0, 5.0, 0.02], work, lambda item: f"item-{item}", "testing", seconds=0.2)
    assert [item for item, _ in done] == [0.01, 0.02]
    assert [s.path for s in skipped] == ["item-0.0", "item-5.0"]
    assert "ZeroDivisionError" in skipped[0].reason and "--debug" in skipped[0].reason
    assert "took more than 0.2 s" in skipped[1].reason and "parse.article_seconds" in skipped[1].reason


BRIDGE = (
    "Engineers closed the Harwick Bridge over the Marlow River on Monday after inspectors found cracks in two of "
    "its steel girders, the regional transport office said. Transport director Elena Vasquez said the bridge "
    "would stay shut for at least six weeks."
)
FIRE = (
    "A wildfire near the village of Pinecrest has burned more than 4,000 hectares since Saturday, fire officials "
    "said. Fire chief Tomas Brandt said strong winds had pushed the flames towards the northern ridge."
)


def test_stories_whose_linking_fails_keep_their_articles_and_say_why(models) -> None:
    """A language missing the relation patterns reads, parses and clusters, but linking raises in every story."""
    broken = toy_language(lambda data: data.pop("relations"))
    raws = [
        RawDocument(source=f"{name}-{i}.txt", path=f"{name}-{i}.txt", text=text + extra, published="2025-03-04")
        for name, text in (("bridge", BRIDGE), ("fire", FIRE))
        for i, extra in enumerate(("", " Officials gave no other details."))
    ]
    articles, skipped = prepare_articles(raws, res=broken)
    assert len(articles) == 4, skipped
    dossier = analyze_articles(articles, models, res=broken)
    assert len(dossier.articles) == 4, "every article is in the dossier"
    assert sorted(a for story in dossier.stories for a in story.articles) == sorted(a.id for a in articles)
    assert len(dossier.skipped) == len(dossier.stories) >= 2
    for skip in dossier.skipped:
        assert skip.path.startswith("story ") and "KeyError" in skip.reason and "without cross-checks" in skip.reason
    assert dossier.claims == [] and dossier.brief == []
