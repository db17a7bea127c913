"""Developing figures and the measured thing: a figure is compared only with a figure of the same quantity, and
a running count is read as a series of updates."""

from __future__ import annotations

import pytest

from newsweave.link.claim_parse import numbers
from newsweave.link.claims import Findings, extract_claims
from newsweave.link.derivation import detect_derivations
from newsweave.link.entities import EntityResolution
from newsweave.models import Conflict, DevelopingFigure, Dossier, FigurePoint, RawDocument
from newsweave.nlp.embed import Encoder, embed_sentences
from newsweave.nlp.timex import find_time_expressions
from newsweave.report.sections import figures as section
from newsweave.settings import ClaimSettings, DerivationSettings, SamenessSettings


def _run(annotate_texts, models, *items: RawDocument | str) -> Findings:
    analyzed = annotate_texts(*items)
    assert len(analyzed) == len(items), "a made-up article was skipped"
    vectors = embed_sentences(analyzed, models.link_embedder)
    derivations = detect_derivations(analyzed, vectors, DerivationSettings())
    times = {item.article.id: find_time_expressions(item) for item in analyzed}
    return extract_claims(
        analyzed, vectors, EntityResolution(), times, derivations, Encoder(models.link_embedder),
        ClaimSettings(), SamenessSettings(),
    )


AFTER = "Residents were asked to stay away from the area while crews worked through the night."
"""A closing paragraph without figures: cleaning keeps only articles of some length."""


def _text(*paragraphs: str) -> str:
    return "\n\n".join([*paragraphs, AFTER]) + "\n"


def _on(day: str, *paragraphs: str) -> RawDocument:
    return RawDocument(source=f"{day}-{len(paragraphs[0])}.txt", published=day, text=_text(*paragraphs))


def _numbers(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.attribute == "number"]


def test_a_rising_toll_is_one_series_of_updates(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _on("2030-03-04", "A landslide buried homes in the hill town of Ostrava Mala on Monday, killing at least "
                          "20 people, the regional governor said."),
        _on("2030-03-05", "The death toll from the landslide in Ostrava Mala rose to 70 on Tuesday as rescuers "
                          "dug through the mud, the governor said."),
        _on("2030-03-06", "The number of people killed in the Ostrava Mala landslide climbed to 120, officials "
                          "said on Wednesday."),
        _on("2030-03-07", "At least 250 people have died in the landslide in Ostrava Mala, the governor said on "
                          "Thursday."),
    )
    (conflict,) = _numbers(found.conflicts)
    assert conflict.kind == "superseded"
    assert [side.published for side in conflict.sides] == ["2030-03-04", "2030-03-05", "2030-03-06", "2030-03-07"]
    (figure,) = found.figures
    assert figure.trend == "rising" and [p.value for p in figure.points] == [20, 70, 120, 250]
    assert [p.wording for p in figure.points][1:3] == ["rose to", "climbed to"]
    assert figure.points[0].text == "at least 20"


def test_feared_dead_then_killed_is_an_update_and_the_missing_may_fall(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _on("2030-07-06", "At least 30 people were feared dead after a ferry capsized on Lake Dorne on Saturday, "
                          "police said.", "Divers were searching for 25 people who were still missing."),
        _on("2030-07-08", "Forty-one people were killed when a ferry capsized on Lake Dorne, police said on Monday.",
            "Eleven people remain missing, police said."),
    )
    kinds = {c.sides[0].text.split()[0]: c.kind for c in _numbers(found.conflicts)}
    assert kinds == {"At": "superseded", "Divers": "superseded"}, found.conflicts
    dead = next(f for f in found.figures if "dead" in f.measures)
    assert [(p.value, p.wording) for p in dead.points] == [(30, "feared"), (41, "")]
    missing = next(f for f in found.figures if "missing" in f.measures)
    assert missing.trend == "falling"


def test_a_later_lower_toll_is_a_contradiction(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _on("2030-03-05", "The death toll from the landslide in Ostrava Mala rose to 70 on Tuesday, the governor "
                          "said."),
        _on("2030-03-07", "The landslide in Ostrava Mala killed 52 people, the governor said on Thursday."),
    )
    (conflict,) = _numbers(found.conflicts)
    assert conflict.kind == "contradiction" and "lower" in conflict.explanation


def test_one_person_given_two_ages_is_a_contradiction(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _text("The driver, Piet Harlow, 41, was arrested at the scene of the crash in Velden, police said."),
        _text("Police in Velden arrested Piet Harlow, 40, after the crash on the ring road."),
    )
    (conflict,) = _numbers(found.conflicts)
    assert conflict.kind == "contradiction" and "41" in conflict.explanation and "40" in conflict.explanation


def test_a_count_of_one_thing_that_differs_is_a_contradiction(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _text("The government declared a state of emergency in 12 provinces after the storm."),
        _text("A state of emergency has been declared in 11 provinces after the storm, the ministry said."),
    )
    (conflict,) = _numbers(found.conflicts)
    assert conflict.kind == "contradiction" and "12" in conflict.explanation and "11" in conflict.explanation


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The earthquake near Varda killed 69 people, officials said.",
         "The earthquake near Varda injured 140 people, officials said."),
        ("The earthquake struck near Varda at a depth of 18 kilometres, the institute said.",
         "The earthquake struck 42 kilometres from Varda, the institute said."),
        ("Shares in the shipping group Kelstad rose 8 percent after the bid.",
         "Kelstad offered a premium of 30 percent for the shipping group's rival."),
        ("Floods in the Varda valley killed 26 people in 2015, the agency said.",
         "Floods in the Varda valley killed 61 people this week, the agency said."),
        ("The town of Varda, home to 12,000 people, was cut off by the floods.",
         "The floods injured 140 people in the town of Varda, officials said."),
        ("The floods killed 120 people across the region of Varda, officials said.",
         "In Lissen alone, 45 people died in the floods, the town hall said."),
    ],
    ids=["killed-injured", "depth-distance", "rise-premium", "historic-toll", "population-injured", "part-whole"],
)
def test_figures_of_different_quantities_are_never_compared(annotate_texts, models, first: str, second: str):
    found = _run(annotate_texts, models, _on("2030-05-02", first), _on("2030-05-03", second))
    assert _numbers(found.conflicts) == [], found.conflicts


def test_a_clause_with_another_figure_never_supports_a_claim(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _text("The landslide in Ostrava Mala killed 150 people, the governor said."),
        _text("The landslide in Ostrava Mala killed 140 people, the governor said."),
    )
    assert all(len(claim.sources) == 1 for claim in found.claims if claim.numbers)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The quake killed at least 69 people and injured 140.",
         [("people", "dead", True, ">="), ("injured", "injured", True, "=")]),
        ("At least 20 people were feared dead after the ferry capsized.", [("people", "dead", True, ">=")]),
        ("The death toll climbed to 120 on Tuesday.", [("toll", "dead", True, "=")]),
        ("A fire killed 12 workers at the depot.", [("worker", "dead", False, "=")]),
        ("Divers searched for 17 people who were still missing.", [("people", "missing", True, "=")]),
    ],
)
def test_a_figure_knows_the_outcome_it_counts(nlp, sentence: str, expected: list[tuple[str, str, bool, str]]):
    doc = nlp(sentence)
    found = [(n.unit, n.state, n.generic, n.bound) for n in numbers(list(doc), list(doc.ents), ClaimSettings())]
    assert found == expected


def test_ages_measures_and_places_are_part_of_what_a_figure_measures(nlp):
    def figures(sentence: str):
        doc = nlp(sentence)
        return numbers(list(doc), list(doc.ents), ClaimSettings())

    (age,) = figures("Piet Harlow, 41, was arrested at the scene.")
    assert (age.value, age.holder) == (41, "piet harlow")
    (older,) = figures("The 40-year-old driver was arrested at the scene.")
    assert (older.value, older.holder) == (40, "driver")
    depth, distance = figures("The quake struck at a depth of 18 kilometres, 42 kilometres from Varda.")
    assert depth.measured == "depth" and distance.measured != "depth" and not depth.counts_same(distance)
    (part,) = figures("Police said 92 people were confirmed dead in Lissen.")
    (whole,) = figures("Police said 129 people were confirmed dead in Varda.")
    assert part.places == {"lissen"} and not part.counts_same(whole)
    share, evacuated = figures("About 400 of the 3,400 people evacuated have still not returned home.")
    assert (share.value, share.state) == (400, "") and (evacuated.value, evacuated.state) == (3400, "evacuated")


def test_the_section_shows_each_figure_in_order_and_escapes_text():
    points = [
        FigurePoint(value=20, text="at least 20", bound=">=", article="a", published="2030-03-04",
                    clause="<b>20</b> killed"),
        FigurePoint(value=70, text="70", wording="rose to", article="b", published="2030-03-05", clause="toll rose"),
    ]
    dossier = Dossier(figures=[DevelopingFigure(id="figure-1", measures="people (dead)", trend="rising",
                                                points=points)])
    html = section.html(dossier)
    assert "&lt;b&gt;20&lt;/b&gt; killed" in html and "<b>20</b>" not in html
    assert html.index("at least 20") < html.index("rose to") and "<svg" in html
    markdown = section.markdown(dossier)
    assert "| 2030-03-05 |" in markdown and "&lt;b&gt;20&lt;/b&gt; killed" in markdown
    assert section.html(Dossier()) == "" and section.markdown(Dossier()) == ""


def _figures(nlp, sentence: str):
    doc = nlp(sentence)
    return numbers(list(doc), list(doc.ents), ClaimSettings())


def test_a_breakdown_list_gives_each_place_its_own_part(nlp):
    first, *items = _figures(nlp, "Officials said 88 people died in Varda, 61 in Lissen and 11 in Oster.")
    assert [(n.value, sorted(n.places), n.state, n.part) for n in [first, *items]] == [
        (88, ["varda"], "dead", True), (61, ["lissen"], "dead", True), (11, ["oster"], "dead", True)
    ]
    total, *parts = _figures(nlp, "The floods killed 160 people: 94 in Varda, 40 in Lissen and 26 in Oster.")
    assert (total.value, total.places, total.part) == (160, frozenset(), False)
    assert [(n.value, n.part) for n in parts] == [(94, True), (40, True), (26, True)]
    assert not total.counts_same(parts[0]) and not parts[0].counts_same(parts[1])


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said 120 of the dead were found in Varda.",
        "Among the dead were 14 foreign tourists, the ministry said.",
        "Those killed in the quake include 14 foreign tourists.",
        "In Varda alone, 104 people died, the governor said.",
    ],
    ids=["partitive", "among", "include", "alone"],
)
def test_a_part_of_a_toll_is_never_the_toll(nlp, sentence: str):
    (part,) = [n for n in _figures(nlp, sentence) if n.state]
    (toll,) = _figures(nlp, "At least 251 people have been killed in the floods.")
    assert part.part and part.state == "dead" and not part.counts_same(toll)


def test_an_increment_and_a_count_at_one_site_are_not_the_toll(nlp):
    (more,) = _figures(nlp, "Nine more people were found dead in Lissen late on Tuesday.")
    (another,) = _figures(nlp, "Another 35 people were found dead in the rubble overnight.")
    (toll,) = _figures(nlp, "At least 251 people have been killed in the floods.")
    assert more.increment and another.increment and not more.counts_same(toll) and not another.counts_same(toll)
    (school,) = _figures(nlp, "Twenty-two children died at the primary school.")
    (earlier,) = _figures(nlp, "Twenty children were killed at the primary school when its roof caved in.")
    assert school.site == "school" and school.counts_same(earlier) and not school.counts_same(toll)
    assert (school.value, school.text) == (22, "Twenty-two")


def test_a_toll_broken_down_by_place_keeps_the_total_its_own_series(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _on("2030-05-11", "A magnitude 6.8 earthquake struck the north of Velmar on Tuesday, killing at least 150 "
                          "people, the emergency office said.",
            "The office said 80 people died in Varda, 45 in Lissen and 25 in Oster.",
            "Nine more people were found dead in Lissen late on Tuesday, rescuers said."),
        _on("2030-05-12", "The death toll from the earthquake in Velmar rose to 210 on Wednesday, the emergency "
                          "office said.",
            "Officials said 101 people died in Varda, 70 in Lissen and 39 in Oster."),
    )
    series = {f.measures: [p.value for p in f.points] for f in found.figures}
    assert [150, 210] in series.values() and [80, 101] in series.values() and [45, 70] in series.values()
    assert all(9 not in values for values in series.values())
    whole = next(c for c in _numbers(found.conflicts) if "150" in c.explanation)
    assert whole.kind == "superseded" and "210" in whole.explanation and "80" not in whole.explanation
    assert whole.sides[0].text.startswith("A magnitude 6.8 earthquake killing at least 150 people")
    assert all(c.kind == "superseded" for c in _numbers(found.conflicts))


def test_a_story_saying_its_toll_is_rising_reads_undated_counts_as_updates(annotate_texts, models):
    found = _run(
        annotate_texts, models,
        _text("The landslide in Ostrava Mala killed 52 people, the governor said.",
              "The death toll continued to rise as rescuers reached the upper villages."),
        _text("The landslide in Ostrava Mala killed 70 people, the governor said."),
    )
    (conflict,) = _numbers(found.conflicts)
    assert conflict.kind == "superseded" and "order of reports unknown" in conflict.explanation


def test_a_number_after_names_counting_them_is_no_age(nlp):
    (age,) = _figures(nlp, "The driver, Piet Harlow, 41, was arrested at the scene.")
    assert age.holder == "piet harlow"
    assert not any(n.holder for n in _figures(
        nlp, "It will be the first time that Anna Dorn, Piet Vasko and Ilse Lind—three of the bloc's fiercest critics—appear "
        "together."
    ))
