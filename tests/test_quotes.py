"""Quotes and speakers: made-up articles with every construction (and trap) of the issue, then the example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.link.entities import resolve_entities
from newsweave.link.quotes import collect_quotes, collect_terms, find_quoted, normalise
from newsweave.models import Dossier, Quote
from newsweave.nlp.quotes import FoundQuote, extract_quotes, find_quote_spans
from newsweave.report.sections import quotes as quotes_section

GOLD = Path(__file__).resolve().parent.parent / "eval" / "seeds" / "quotes.json"

FISHERIES = """Herring talks collapse as quota row drags on

OSLO — Negotiators from Norway and Iceland failed on Tuesday to agree on herring quotas for next year.

“We came here in good faith. We leave with nothing,” said Ingrid Solberg, a marine economist at the University of Bergen.

“The stocks will not wait for politicians,” Solberg said, “and neither will the fishermen.”

Magnus Eriksen, the Icelandic fisheries minister, told Reuters that his government would table a new offer next week. “Our door remains open to everyone who is serious,” he added.

“Nobody wants a repeat of the old cod wars between our countries,” said the academic.

She said the talks had produced a “hollow compromise” that nobody would defend in public.

Iceland’s fisheries ministry said in a statement that the quota figures only reflected the country’s “historic share.”

In an interview with the state broadcaster RUV, Eriksen said the fleet could survive a season without a deal.

According to Harald Dahl, a retired navy officer, the dispute is mostly theatre staged for voters at home.

Tomas Novak, a Czech energy analyst, is quoted by the daily Pravo as saying the talks between the two governments had been "a strategic blunder."
"""

MUSEUM = """Museum director defends painting loan

Carla Mendes, director of the Lisbon Maritime Museum, said the loan was legal. "The curator told me 'this is routine' and I believed her," Mendes said.

A sign at the door read "Closed for repairs until further notice and the hall stayed dark all week.

Local officials have called it a "temporary measure" while the roof is fixed, and Mendes said "we will reopen the hall in spring."

'Reckless' loan draws fire from art historians
"""

AMBIGUOUS = """Council vote delayed again

Peter Lindqvist met Jonas Berg at the town hall on Monday to discuss the budget for the harbour.

He said the plan “would bankrupt the town within five years and nobody has checked the numbers.”
"""

LONG_QUOTE = """Union rejects offer

“We have studied the offer line by line and it does not protect the night shifts.
“Our members will vote on a strike next week,” said Anna Kowalski, a spokeswoman for the dockers’ union.
"""


ANONYMOUS = """Port strike talks resume

Transport Minister Kofi Mensah, a former union leader, said on Monday that the talks would resume soon. A senior official at the port authority said the strike had already cost millions.

“We cannot keep the cranes idle for another week,” the official added.

‘Nobody here wants the ships to sail past us to another port,’ said Kofi Mensah.
"""


SENATE = """Budget deal reached

Senators Maria Alvarez and Tom Becker said in a joint statement that the deal “protects every pension in the state.”

Alvarez, a Democrat, later told the Gazette that the vote would take place on Thursday. Becker, the Republican leader, disagreed. He said the vote could slip to next week.

Governor Ruth Ames welcomed the agreement. “This is what compromise looks like,” she said.
"""


def _quotes(items, role: str = "statement") -> list[FoundQuote]:
    return [q for item in items for q in extract_quotes(item) if q.role == role]


def _find(quotes: list[FoundQuote], words: str, kind: str | None = None) -> FoundQuote:
    hits = [q for q in quotes if words in q.text and kind in (None, q.kind)]
    assert hits, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return hits[0]


@pytest.fixture(scope="module")
def fisheries(annotate_texts):
    return annotate_texts(FISHERIES)


def test_quotation_marks_pair_across_styles_and_skip_apostrophes():
    text = "Kim’s aide said “it’s over” and 'Confident' Jones can't say \"why not\" today."
    spans = [text[s.start : s.end] for s in find_quote_spans(text)]
    assert spans == ["it’s over", "Confident", "why not"]


def test_unbalanced_mark_does_not_swallow_the_rest_of_the_article():
    text = 'A sign read "Closed for repairs all week.\nLater the mayor said "we will reopen" soon.'
    spans = [text[s.start : s.end] for s in find_quote_spans(text)]
    assert spans == ["we will reopen"]


def test_quote_inside_quote_is_part_of_the_outer_quote():
    text = "“She told me ‘never again’ and left,” he said."
    spans = find_quote_spans(text)
    outer = [s for s in spans if s.depth == 0]
    assert [text[s.start : s.end] for s in outer] == ["She told me ‘never again’ and left"]
    assert any(s.depth == 1 and text[s.start : s.end] == "never again" for s in spans)


def test_multi_sentence_quote_attributed_after_with_description(fisheries):
    quote = _find(_quotes(fisheries), "We came here in good faith")
    assert quote.text == "We came here in good faith. We leave with nothing"
    assert quote.kind == "direct" and quote.cue == "said"
    assert quote.speaker.name == "Ingrid Solberg"
    assert "marine economist" in (quote.speaker.description or "")


def test_split_quote_is_one_quote_resolved_by_surname(fisheries):
    quote = _find(_quotes(fisheries), "The stocks will not wait")
    assert len(quote.parts) == 2
    assert "neither will the fishermen" in quote.text
    assert quote.speaker.name == "Ingrid Solberg" and quote.speaker.how == "short name"


def test_told_that_gives_indirect_quote_with_addressee_and_pronoun_added(fisheries):
    statements = _quotes(fisheries)
    indirect = _find(statements, "his government would table a new offer")
    assert indirect.kind == "indirect" and indirect.medium == "Reuters"
    assert indirect.speaker.name == "Magnus Eriksen"
    added = _find(statements, "Our door remains open")
    assert added.speaker.name == "Magnus Eriksen" and added.speaker.how == "pronoun"


def test_role_noun_and_pronoun_resolve_to_the_described_person(fisheries):
    statements = _quotes(fisheries)
    academic = _find(statements, "repeat of the old cod wars")
    assert academic.speaker.name == "Ingrid Solberg" and academic.speaker.how == "role"
    partial = _find(statements, "hollow compromise", "direct")
    assert partial.text == "hollow compromise"
    assert partial.speaker.name == "Ingrid Solberg"


def test_organisation_speaker_kept_and_its_short_wording_is_a_term(fisheries):
    statements = _quotes(fisheries)
    ministry = _find(statements, "quota figures only reflected")
    assert ministry.kind == "indirect" and ministry.speaker.kind == "organisation"
    assert "ministry" in (ministry.speaker.name or "").lower()
    terms = _quotes(fisheries, "term")
    assert [t.text for t in terms] == ["historic share"]
    assert all("historic share" != q.text for q in statements)


def test_interview_medium_according_to_and_quoted_as_saying(fisheries):
    statements = _quotes(fisheries)
    interview = _find(statements, "fleet could survive a season")
    assert interview.speaker.name == "Magnus Eriksen" and interview.medium == "the state broadcaster RUV"
    according = _find(statements, "mostly theatre")
    assert according.kind == "indirect" and according.cue == "according to"
    assert according.speaker.name == "Harald Dahl"
    quoted = _find(statements, "the talks between the two governments", "indirect")
    assert quoted.speaker.name == "Tomas Novak" and quoted.medium == "the daily Pravo"
    assert _find(statements, "strategic blunder", "direct").speaker.name == "Tomas Novak"


def test_straight_marks_nested_quote_naming_term_and_headline_scare_quote(annotate_texts):
    items = annotate_texts(MUSEUM)
    statements = _quotes(items)
    nested = _find(statements, "The curator told me")
    assert "'this is routine'" in nested.text and nested.speaker.name == "Carla Mendes"
    assert _find(statements, "we will reopen the hall").speaker.name == "Carla Mendes"
    assert all("Closed for repairs" not in q.text for q in statements)
    terms = {t.text: t.why for t in _quotes(items, "term")}
    assert set(terms) == {"temporary measure", "Reckless"}


def test_ambiguous_pronoun_stays_unresolved(annotate_texts):
    quote = _find(_quotes(annotate_texts(AMBIGUOUS)), "bankrupt the town")
    assert quote.speaker.name is None and quote.speaker.how == "unresolved"


def test_quote_over_two_paragraphs_is_one_quote_attributed_at_its_end(annotate_texts):
    quotes = [q for q in _quotes(annotate_texts(LONG_QUOTE)) if q.kind == "direct"]
    assert len(quotes) == 1
    assert len(quotes[0].parts) == 2 and quotes[0].speaker.name == "Anna Kowalski"


def test_same_quote_across_outlets_is_one_quote_with_variants_and_conflicts(annotate_texts):
    items = annotate_texts(
        FISHERIES,
        "Ingrid Solberg, an economist, spoke to NRK after the talks: “We leave with nothing.”\n",
        "“We came here in good faith, and we leave with nothing,” Ingrid Solberg told NRK radio on Wednesday.\n",
        "“We came here in good faith,” said Magnus Eriksen, the Icelandic fisheries minister, in Reykjavik.\n",
    )
    quotes = collect_quotes(find_quoted(items), resolve_entities(items))
    solberg = [q for q in quotes if q.speaker_name == "Ingrid Solberg" and "leave with nothing" in q.text]
    assert len(solberg) == 1
    quote = solberg[0]
    assert len(quote.sources) == 3
    assert {v.relation for v in quote.variants} >= {"excerpt", "different wording"} and quote.wording_differs
    assert all(o.text for o in quote.occurrences)
    eriksen = [q for q in quotes if q.speaker_name == "Magnus Eriksen" and "good faith" in q.text]
    assert len(eriksen) == 1 and "Ingrid Solberg" in (eriksen[0].attribution_conflict or "")
    assert "Magnus Eriksen" in (quote.attribution_conflict or "")
    assert len({q.id for q in quotes}) == len(quotes)


def test_normalise_ignores_case_punctuation_and_quote_marks():
    assert normalise("“We leave — with NOTHING,” he…") == normalise('"we leave with nothing" he')


def test_every_direct_quote_of_the_example_has_the_gold_speaker(seed_analyzed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    quotes = collect_quotes(find_quoted(seed_analyzed), resolve_entities(seed_analyzed))
    by_file = {Path(item.article.path or "").name: item.article.id for item in seed_analyzed}
    for file_name, entries in gold["articles"].items():
        for entry in entries:
            if entry["kind"] != "direct":
                continue
            hits = [
                q for q in quotes
                if q.kind == "direct" and by_file[file_name] in q.sources and normalise(entry["text"]) in normalise(q.text)
            ]
            assert hits, f"direct quote not found: {entry['text']!r}"
            assert hits[0].speaker_name == entry["speaker"], entry["text"]


def test_example_delury_quote_is_one_quote_from_both_outlets_and_terms_are_apart(seed_analyzed):
    quotes = collect_quotes(find_quoted(seed_analyzed), resolve_entities(seed_analyzed))
    mending = [q for q in quotes if "major mending of the fence" in q.text]
    assert len(mending) == 1 and len(mending[0].sources) == 2
    assert mending[0].speaker_kind == "person" and mending[0].speaker_description
    terms = [t.text for t in collect_terms(find_quoted(seed_analyzed))]
    assert "Japanese aggression" in terms
    assert all(normalise(q.text) != "japanese aggression" for q in quotes)


def test_report_groups_by_speaker_and_escapes_quote_text(seed_dossier):
    assert seed_dossier.quotes and seed_dossier.terms
    hostile = Quote(kind="direct", text="<script>alert(1)</script>", speaker_name="A & B", sources=["x"])
    dossier = Dossier(quotes=[*seed_dossier.quotes, hostile], terms=seed_dossier.terms, articles=seed_dossier.articles)
    html = quotes_section.html(dossier)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<h3>A &amp; B</h3>" in html
    assert html.index("<h3>John Delury</h3>") < html.index(quotes_section.UNRESOLVED) if quotes_section.UNRESOLVED in html else True
    assert "Quoted terms" in html
    assert "John Delury" in quotes_section.markdown(dossier)


def test_anonymous_role_noun_is_not_pinned_on_a_named_official(annotate_texts):
    statements = _quotes(annotate_texts(ANONYMOUS))
    quote = _find(statements, "keep the cranes idle", "direct")
    assert quote.speaker.name is None and quote.speaker.description == "the official"
    british = _find(statements, "Nobody here wants the ships", "direct")
    assert british.speaker.name == "Kofi Mensah"


def test_surname_resolved_from_a_full_name_printed_by_another_outlet(annotate_texts):
    items = annotate_texts(
        "Hospital full\n\nGrace Okafor, a nurse at the city hospital, said the ward had been full since Sunday.\n",
        "Ward turns patients away\n\nThe city hospital stopped taking new patients on Friday as the flu wave peaked.\n"
        "“We turned away forty patients on Friday alone,” Okafor said after her shift.\n",
    )
    quotes = collect_quotes(find_quoted(items), resolve_entities(items))
    quote = _find(quotes, "We turned away forty patients")
    assert quote.speaker_name == "Grace Okafor" and quote.occurrences[0].how == "short name"


def test_joint_speakers_stay_together_and_pronoun_goes_to_the_nearest_subject(annotate_texts):
    statements = _quotes(annotate_texts(SENATE))
    joint = _find(statements, "protects every pension", "direct")
    assert joint.speaker.kind == "group" and "Becker" in (joint.speaker.name or "")
    assert joint.medium == "a joint statement"
    slip = _find(statements, "the vote could slip", "indirect")
    assert slip.speaker.name == "Tom Becker" and slip.speaker.how == "pronoun"
    assert _find(statements, "what compromise looks like").speaker.name == "Ruth Ames"
