"""Where sources differ: numbers, status over time, superlatives, and the gold conflicts of the example."""

from __future__ import annotations

from newsweave.models import Conflict, Dossier, RawDocument
from tests.test_claims import link_texts


def _only(conflicts: list[Conflict], attribute: str) -> Conflict:
    found = [c for c in conflicts if c.attribute == attribute]
    assert len(found) == 1, f"expected one {attribute} conflict, got {conflicts}"
    return found[0]


def test_different_death_tolls_are_a_contradiction(annotate_texts, models):
    analyzed, _, conflicts = link_texts(
        annotate_texts, models,
        "A fire at a timber warehouse in the port of Dunmere killed 12 workers on Friday, police said.\n\n"
        "The cause of the fire is not yet known.\n",
        "Police said 15 workers died on Friday when fire tore through a timber warehouse in the port of Dunmere.\n\n"
        "The warehouse had passed a safety inspection in May.\n",
    )
    conflict = _only(conflicts, "number")
    assert conflict.kind == "contradiction"
    assert "12" in conflict.explanation and "15" in conflict.explanation
    sides = {side.sources[0]: side.text for side in conflict.sides}
    assert "12" in sides[analyzed[0].article.id] and "15" in sides[analyzed[1].article.id]


def test_a_later_toll_supersedes_an_earlier_one(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        RawDocument(source="early.txt", published="2024-05-03",
                    text="A fire at a timber warehouse in the port of Dunmere killed 12 workers, police said.\n"),
        RawDocument(source="late.txt", published="2024-05-06",
                    text="A fire at a timber warehouse in the port of Dunmere killed 15 workers, police said.\n"),
    )
    assert _only(conflicts, "number").kind == "superseded"


def test_a_toll_that_rose_to_a_figure_counts_the_toll(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        RawDocument(source="early.txt", published="2024-05-03",
                    text="The death toll from the Dunmere warehouse fire rose to 12 on Friday, police said.\n"),
        RawDocument(source="late.txt", published="2024-05-06",
                    text="Police put the final death toll from the Dunmere warehouse fire at 15 on Monday.\n\n"
                         "Investigators are still searching the site for the cause of the blaze.\n"),
    )
    conflict = _only(conflicts, "number")
    assert conflict.kind == "superseded" and "12" in conflict.explanation and "15" in conflict.explanation


def test_pending_status_is_superseded_by_a_later_confirmation(annotate_texts, models):
    analyzed, _, conflicts = link_texts(
        annotate_texts, models,
        RawDocument(source="monday.txt", published="2024-03-04",
                    text="The transport ministry has not yet confirmed the merger of the two state airlines.\n\n"
                         "Unions fear that hundreds of jobs could be lost.\n"),
        RawDocument(source="friday.txt", published="2024-03-08",
                    text="The transport ministry confirmed the merger of the two state airlines on Friday.\n\n"
                         "The new company will keep both brands until 2026.\n"),
    )
    conflict = _only(conflicts, "status")
    assert conflict.kind == "superseded"
    pending = next(side for side in conflict.sides if "not yet" in side.text)
    assert pending.sources == [analyzed[0].article.id] and pending.published == "2024-03-04"


def test_pending_status_reported_after_a_confirmation_is_a_contradiction(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        RawDocument(source="early.txt", published="2024-03-01",
                    text="The transport ministry confirmed the merger of the two state airlines on Friday.\n"),
        RawDocument(source="late.txt", published="2024-03-09",
                    text="The transport ministry has not yet confirmed the merger of the two state airlines.\n"),
    )
    assert _only(conflicts, "status").kind == "contradiction"


def test_only_ones_of_different_categories_are_compatible(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        "Portugal is so far the only EU member on the guest list for the summit in Cairo.\n",
        "Portuguese Prime Minister Luis Montenegro will be the only elected European leader at the Cairo summit.\n",
    )
    conflict = _only(conflicts, "superlative")
    assert conflict.kind == "compatible"


def test_agreeing_reports_raise_no_conflict(annotate_texts, models):
    _, claims, conflicts = link_texts(
        annotate_texts, models,
        "A fire at a timber warehouse in the port of Dunmere killed 12 workers on Friday, police said.\n",
        "Twelve workers died on Friday in a warehouse fire in Dunmere, according to the police.\n",
    )
    assert conflicts == []
    assert any(len(c.sources) == 2 for c in claims)


def test_example_gold_conflicts(seed_dossier: Dossier):
    """The conflicts of the bundled example, read from the articles (see eval/seeds/claims.json)."""
    by_file = {a.path.rsplit("/", 1)[-1][:3]: a.id for a in seed_dossier.articles if a.path}

    def find(kind: str, left: str, right: str, *words: str) -> Conflict | None:
        for c in seed_dossier.conflicts:
            sources = [set(side.sources) for side in c.sides]
            text = " ".join(side.text for side in c.sides)
            if c.kind == kind and all(w in text for w in words) and (
                (by_file[left] in sources[0] and by_file[right] in sources[1])
                or (by_file[left] in sources[1] and by_file[right] in sources[0])
            ):
                return c
        return None

    assert find("contradiction", "003", "001", "six years", "2023")
    assert find("compatible", "000", "001", "China since 2019", "2023")
    assert find("superseded", "003", "001", "yet to confirm", "announced")
    assert find("compatible", "000", "001", "NATO", "Fico") or find("compatible", "002", "001", "NATO", "Fico")
    assert len(seed_dossier.conflicts) <= 7
