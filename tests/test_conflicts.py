"""Where sources differ: numbers, dates, status over time, superlatives, and the gold conflicts of the example."""

from __future__ import annotations

import pytest

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


def test_figures_about_different_places_or_within_a_bound_raise_no_conflict(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        "Volunteers from Brenner arrived with 12 pumps and 3 trucks on Sunday, the mayor of Brenner said.\n\n"
        "The farmers' union said the damage to orchards could exceed 40 million euros.\n",
        "Volunteers from Vipiteno arrived with 20 pumps and 5 trucks on Sunday, the mayor of Vipiteno said.\n\n"
        "The regional farm office estimates the damage to orchards at 65 million euros.\n",
    )
    assert [c for c in conflicts if c.attribute == "number"] == [], conflicts


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


def _on(day: str, *paragraphs: str) -> RawDocument:
    """A made-up article published on `day`."""
    return RawDocument(source=f"{day}.txt", published=day, text="\n\n".join(paragraphs) + "\n")


def test_counts_of_one_thing_in_other_words_are_compared(annotate_texts, models):
    """A crowd and spectators, planes and aircraft: the same count worded differently."""
    _, _, conflicts = link_texts(
        annotate_texts, models,
        _on(
            "2025-04-12",
            "Harwick beat Lisle 3-1 in front of a crowd of 27,500 at Mill Park on Saturday.",
            "The merged airline Skyvale would operate about 150 aircraft from its base in Tarrow.",
        ),
        _on(
            "2025-04-12",
            "Harwick won 3-1 against Lisle at Mill Park on Saturday, watched by 31,000 spectators.",
            "Skyvale would fly a combined fleet of 190 planes from Tarrow after the merger.",
        ),
    )
    found = {tuple(sorted(side.text.split()[0] for side in c.sides)): c for c in conflicts if c.attribute == "number"}
    assert len(found) == 2, conflicts
    assert all(c.kind == "contradiction" for c in found.values())
    explanations = " ".join(c.explanation for c in found.values())
    assert "27,500" in explanations and "31,000" in explanations and "150" in explanations and "190" in explanations


def test_agreeing_counts_worded_differently_raise_no_conflict(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        "Harwick beat Lisle 3-1 in front of a crowd of 27,500 at Mill Park on Saturday.\n\n"
        "At least 18 people were taken to hospital in Harwick after the match, police said.\n",
        "Harwick won 3-1 against Lisle at Mill Park on Saturday, watched by 27,500 spectators.\n\n"
        "Police in Harwick said 29 people were taken to hospital after the match.\n",
    )
    assert conflicts == []



def test_an_approximate_figure_far_off_is_a_contradiction(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        "Rising water in the valley of Orrin forced about 3,400 people from their homes on Sunday.\n",
        "Officials said 4,300 people had been evacuated from the valley of Orrin on Sunday.\n",
    )
    conflict = _only(conflicts, "number")
    assert conflict.kind == "contradiction" and "3,400" in conflict.explanation


def test_one_event_put_on_different_days_is_a_date_conflict(annotate_texts, models):
    analyzed, claims, conflicts = link_texts(
        annotate_texts, models,
        _on(
            "2024-05-16",
            "The regional transport authority suspended the licence of Brantley Coaches on Wednesday after a "
            "second crash in a month.",
            "The authority said on Thursday that its inspectors would visit the depot.",
        ),
        _on(
            "2024-05-17",
            "The suspension of Brantley Coaches' licence was imposed on Tuesday, after a second crash in a month.",
            "The authority said on Friday that the company could appeal.",
        ),
    )
    conflict = _only(conflicts, "date")
    assert conflict.kind == "contradiction"
    assert "2024-05-15" in conflict.explanation and "2024-05-14" in conflict.explanation
    suspended = [c for c in claims if any("suspen" in e.text for e in c.support)]
    assert suspended and all(len(c.sources) == 1 for c in suspended), "dated apart, they are not one claim"
    assert len(conflicts) == 1, "the days the authority spoke on are not the date of an event"


def test_clauses_set_in_different_years_never_conflict(annotate_texts, models):
    _, _, conflicts = link_texts(
        annotate_texts, models,
        _on(
            "2026-10-11",
            "The floods of May 1998 killed 45 people in the valley of Orrin.",
            "Six people have died in the valley of Orrin since the river burst its banks on Friday.",
        ),
        _on(
            "2026-10-12",
            "Six people died in the floods in the valley of Orrin, police said.",
            "The river burst its banks in the valley of Orrin in June 2024 as well.",
        ),
    )
    assert conflicts == []



def test_a_count_in_other_words_is_compared_but_not_a_count_of_another_magnitude(annotate_texts, models):
    """Loosely worded reports of one count still conflict; four dead and 4,300 evacuated are two counts."""
    analyzed, _, conflicts = link_texts(
        annotate_texts, models,
        "A storm hit the district of Orrin on Sunday, flooding villages across the district of Orrin and forcing "
        "about 3,400 people from their homes.\n\n"
        "Four people have died in the district of Orrin since Friday, the police said.\n",
        "Officials said 4,300 people had been evacuated across the district of Orrin since the weekend, more than "
        "the police had counted.\n\n"
        "Schools in the district will stay closed until Wednesday.\n",
    )
    conflict = _only(conflicts, "number")
    assert "3,400" in conflict.explanation and "4,300" in conflict.explanation
    assert not any("Four" in side.text for side in conflict.sides)


@pytest.mark.parametrize(
    ("early", "late", "explained"),
    [
        ("Harwick beat Lisle 3-1 in front of a crowd of 27,500 at Mill Park on Saturday.",
         "Harwick won 3-1 against Lisle at Mill Park on Saturday, watched by 24,100 spectators.",
         "the later report gives a lower figure"),
        ("After the merger, Skyvale would operate about 150 aircraft from its base in Tarrow.",
         "After the merger, Skyvale would fly a combined fleet of 190 planes from Tarrow.",
         "the sources give different figures"),
    ],
)
def test_a_later_lower_figure_or_a_different_projection_is_no_update(
    annotate_texts, models, early: str, late: str, explained: str
):
    """Running counts grow as news comes in; a later, lower figure, or a figure of what would be, does not."""
    _, _, conflicts = link_texts(
        annotate_texts, models,
        _on("2025-04-12", early, "The news agency's reporter said the figures came from the organisers."),
        _on("2025-04-16", late, "Unions and supporters' groups have asked for a meeting next week."),
    )
    conflict = _only(conflicts, "number")
    assert conflict.kind == "contradiction" and conflict.explanation.startswith(explained)
