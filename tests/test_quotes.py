"""Quotes and speakers: made-up articles with every construction (and trap) of the issue, then the example."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from newsweave.lang import for_language
from newsweave.link.entities import resolve_entities
from newsweave.link.quotes import _kind, collect_quotes, collect_terms, find_quoted, normalise
from newsweave.models import Entity, Quote
from newsweave.nlp.embed import embed_texts
from newsweave.nlp.models import Models
from newsweave.nlp.quotes import FoundQuote, Speaker, find_quote_spans
from newsweave.report.sections import quotes as quotes_section
from newsweave.settings import QuoteSettings, SamenessSettings

CFG = QuoteSettings()
SAMENESS = SamenessSettings()
RES = for_language("en")
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
    return [f.quote for f in find_quoted(items, resolve_entities(items), CFG) if f.quote.role == role]


def _story_quotes(items, models: Models) -> list[Quote]:
    resolution = resolve_entities(items)
    embed = partial(embed_texts, models.link_embedder)
    return collect_quotes(find_quoted(items, resolution, CFG), resolution, embed, CFG, SAMENESS)


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


def test_same_quote_across_outlets_is_one_quote_with_variants_and_conflicts(annotate_texts, models):
    items = annotate_texts(
        FISHERIES,
        "Ingrid Solberg, an economist, spoke to NRK after the talks: “We leave with nothing.”\n",
        "“We came here in good faith, and we leave with nothing,” Ingrid Solberg told NRK radio on Wednesday.\n",
        "“We came here in good faith,” said Magnus Eriksen, the Icelandic fisheries minister, in Reykjavik.\n",
    )
    quotes = _story_quotes(items, models)
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


def test_every_direct_quote_of_the_example_has_the_gold_speaker(seed_analyzed, models):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    quotes = _story_quotes(seed_analyzed, models)
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


def test_example_delury_quote_is_one_quote_from_both_outlets_and_terms_are_apart(seed_analyzed, models):
    quotes = _story_quotes(seed_analyzed, models)
    mending = [q for q in quotes if "major mending of the fence" in q.text]
    assert len(mending) == 1 and len(mending[0].sources) == 2
    assert mending[0].speaker_kind == "person" and mending[0].speaker_description
    terms = [t.text for t in collect_terms(find_quoted(seed_analyzed, resolve_entities(seed_analyzed), CFG))]
    assert "Japanese aggression" in terms
    assert all(normalise(q.text) != "japanese aggression" for q in quotes)


def test_report_groups_by_speaker_and_escapes_quote_text(seed_dossier):
    assert seed_dossier.quotes and seed_dossier.terms
    source = seed_dossier.articles[0].id
    hostile = Quote(kind="direct", text="<script>alert(1)</script>", speaker_name="A & B", sources=[source])
    dossier = seed_dossier.model_copy(update={"quotes": [*seed_dossier.quotes, hostile]})
    html = quotes_section.html(dossier)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<h4>A &amp; B</h4>" in html
    if quotes_section.UNRESOLVED in html:
        assert html.index("<h4>John Delury</h4>") < html.index(quotes_section.UNRESOLVED)
    assert "Quoted terms" in html
    assert "John Delury" in quotes_section.markdown(dossier)


def test_anonymous_role_noun_is_not_pinned_on_a_named_official(annotate_texts):
    statements = _quotes(annotate_texts(ANONYMOUS))
    quote = _find(statements, "keep the cranes idle", "direct")
    assert quote.speaker.name == "a senior official at the port authority" and quote.speaker.how == "description"
    british = _find(statements, "Nobody here wants the ships", "direct")
    assert british.speaker.name == "Kofi Mensah"


def test_surname_resolved_from_a_full_name_printed_by_another_outlet(annotate_texts, models):
    items = annotate_texts(
        "Hospital full\n\nGrace Okafor, a nurse at the city hospital, said the ward had been full since Sunday.\n",
        "Ward turns patients away\n\nThe city hospital stopped taking new patients on Friday as the flu wave peaked.\n"
        "“We turned away forty patients on Friday alone,” Okafor said after her shift.\n",
    )
    quotes = _story_quotes(items, models)
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


# --------------------------------------------------------------------------- described and possessive speakers

DOPING = """Sprinter suspended after missed tests

LISBON — Portuguese sprinter Marek Nowak was provisionally suspended on Tuesday by the national anti-doping authority.

Nowak's lawyer said the athlete had never taken a banned substance and would appeal within the week.

A spokesman for Sports Minister Helena Quaresma said the government would not comment on an individual case.

The minister's chief adviser, Rui Tavares, said the rules applied to every athlete in the same way.

“We follow the rules for every athlete, famous or not,” the anti-doping authority said.

A ministry official said the case file had been sent to the prosecutor. One sponsor said it was reviewing its contract with the sprinter.

The inspectors said the samples had been stored correctly.
"""

COURT = """Ferry operator wins appeal

VALDORIA — The Supreme Court of Valdoria on Monday overturned a fine imposed on the ferry operator Nordlys Shipping.

The court said the transport regulator “acted in clear bad faith” when it decided to fine the company without a hearing.

The fine had been set at 4 million euros by the regional environmental agency, which said the ferries had polluted the bay for years.
"""

TWO_COURTS = """Ferry case moves between courts

The Coastal Court of Arden heard the case in May, and the Supreme Court of Valdoria took it over in June.

The court said the fine had been imposed without a hearing.
"""

NAMED_AGENT = """Defender charged

Marek Nowak's lawyer, Ines Duarte, said the athlete would appeal within the week.
"""

SAME_AGENT = """Sprinter to appeal ban

Sprinter Marek Nowak will fight his suspension. Nowak's lawyer said the athlete would appeal within the week.
"""

ORGANISATION_IN_REACH = """Valley towns still wait for flood money

The mayor of Pontebba, Ilse Brandauer, met regional officials on Monday.

More than 900 homes stand on land classed as high flood risk, according to a study published by the group Fiumi Liberi last spring.

Brandauer said the town would publish its own map of flood zones before the winter. “We cannot keep building where the river has always gone,” she said.
"""


def test_possessive_speaker_is_the_possessed_person_not_the_possessor(annotate_texts):
    statements = _quotes(annotate_texts(DOPING))
    lawyer = _find(statements, "never taken a banned substance", "indirect")
    assert lawyer.speaker.name == "Nowak's lawyer" and lawyer.speaker.how == "description"
    assert lawyer.speaker.kind == "person"
    spokesman = _find(statements, "would not comment on an individual case", "indirect")
    assert spokesman.speaker.name != "Helena Quaresma" and "spokesman" in (spokesman.speaker.name or "")
    adviser = _find(statements, "the rules applied to every athlete", "indirect")
    assert adviser.speaker.name == "Rui Tavares" and "adviser" in (adviser.speaker.description or "")


def test_described_speakers_keep_the_noun_phrase_and_its_kind(annotate_texts):
    statements = _quotes(annotate_texts(DOPING))
    expected = {
        "We follow the rules for every athlete": ("the anti-doping authority", "organisation"),
        "the case file had been sent": ("a ministry official", "person"),
        "reviewing its contract": ("One sponsor", "unknown"),
        "the samples had been stored correctly": ("the inspectors", "group"),
    }
    for words, (name, kind) in expected.items():
        speaker = _find(statements, words).speaker
        assert (speaker.name, speaker.kind, speaker.how) == (name, kind, "description"), words


def test_described_speakers_have_no_entity_id_in_the_dossier(annotate_texts, models):
    items = annotate_texts(DOPING)
    quotes = _story_quotes(items, models)
    official = _find(quotes, "the case file had been sent")
    assert official.speaker_name == "a ministry official" and official.speaker is None
    assert _find(quotes, "the rules applied to every athlete").speaker is not None


def test_definite_description_links_only_the_one_organisation_with_that_noun(annotate_texts):
    statements = _quotes(annotate_texts(COURT))
    court = _find(statements, "the transport regulator", "indirect")
    assert court.speaker.name == "Supreme Court of Valdoria" and court.speaker.description == "the court"
    assert court.speaker.how == "role" and court.speaker.kind == "organisation"
    ambiguous = _find(_quotes(annotate_texts(TWO_COURTS)), "imposed without a hearing", "indirect")
    assert ambiguous.speaker.name == "the court" and ambiguous.speaker.how == "description"


def test_quote_inside_reported_speech_belongs_to_the_cue_that_reports_it(annotate_texts):
    statements = _quotes(annotate_texts(COURT))
    assert _find(statements, "acted in clear bad faith", "direct").speaker.name == "Supreme Court of Valdoria"


def test_relative_pronoun_speaker_is_the_noun_it_belongs_to(annotate_texts):
    statements = _quotes(annotate_texts(COURT))
    agency = _find(statements, "the ferries had polluted the bay", "indirect")
    assert agency.speaker.name == "the regional environmental agency" and agency.speaker.kind == "organisation"


def test_described_speaker_is_the_one_person_another_outlet_names_with_that_description(annotate_texts, models):
    items = annotate_texts(NAMED_AGENT, SAME_AGENT)
    quotes = _story_quotes(items, models)
    appeal = [q for q in quotes if "would appeal within the week" in q.text]
    assert len(appeal) == 1 and appeal[0].speaker_name == "Ines Duarte"
    assert appeal[0].speaker is not None and len(appeal[0].sources) == 2
    assert appeal[0].attribution_conflict is None
    alone = _story_quotes(items[1:], models)
    assert _find(alone, "would appeal within the week").speaker_name == "Nowak's lawyer"


def test_pronoun_skips_an_organisation_named_between_the_speaker_and_she(annotate_texts):
    statements = _quotes(annotate_texts(ORGANISATION_IN_REACH))
    study = _find(statements, "More than 900 homes", "indirect")
    assert study.speaker.kind == "organisation" and study.speaker.name == "Fiumi Liberi"
    quote = _find(statements, "We cannot keep building", "direct")
    assert (quote.speaker.name or "").endswith("Brandauer") and quote.speaker.how == "pronoun"


@pytest.mark.xfail(
    strict=True,
    reason="entity resolution keeps NER's 'Pontebba, Ilse Brandauer' as one organisation, so the person entity "
    "is named 'Brandauer' (link/entities.py; quotes read the one resolver)",
)
def test_pronoun_speaker_carries_the_full_name_printed_after_a_place(annotate_texts):
    quote = _find(_quotes(annotate_texts(ORGANISATION_IN_REACH)), "We cannot keep building", "direct")
    assert quote.speaker.name == "Ilse Brandauer"


def test_speaker_kind_follows_the_entity_unless_the_text_calls_a_person_named_entity_an_organisation():
    club = Entity(id="e1", name="Brackwater Rovers", type="ORG")
    assert _kind(Speaker("Brackwater", "person", how="name"), club, RES) == "organisation"
    person = Entity(id="e2", name="Terra Viva", type="PERSON")
    assert _kind(Speaker("Terra Viva", "organisation", how="name"), person, RES) == "organisation"
    assert _kind(Speaker("Ines Duarte", "unknown", how="name"), person, RES) == "person"
    assert _kind(Speaker("the club", "organisation", how="description"), None, RES) == "organisation"


def test_pronoun_after_a_described_speaker_stays_a_description(annotate_texts):
    text = (
        "Hospital beds run short\n\nThe regional health board met on Monday.\n\n"
        "A senior nurse at the city hospital said the wards had been full since Sunday. "
        "“We are turning people away every night,” she added.\n"
    )
    quote = _find(_quotes(annotate_texts(text)), "turning people away", "direct")
    assert quote.speaker.name == "a senior nurse at the city hospital" and quote.speaker.how == "description"


def test_possessive_pronoun_in_a_description_names_its_owner(annotate_texts):
    text = (
        "Budget talks\n\nFinance Minister Karin Holm presented the budget on Monday. "
        "The vote will take place next week, her office said.\n"
    )
    quote = _find(_quotes(annotate_texts(text)), "The vote will take place next week", "indirect")
    assert quote.speaker.name == "Karin Holm's office" and quote.speaker.kind == "organisation"
    assert quote.speaker.how == "description"


def test_named_apposition_is_the_speaker_and_an_adjective_of_place_names_nobody(annotate_texts):
    text = (
        "Singer cancels tour\n\nPop singer Lena Marsh cancelled her autumn tour on Monday. "
        "Her record label, Brightwater Records, said it fully supported her decision.\n\n"
        "Striker signs in Spain\n\nThe Spanish club said the striker had signed a four-year contract.\n\n"
        "Ferry diverted\n\nNorway's coastguard agency Kystvakt said two ships had been diverted overnight.\n"
    )
    statements = _quotes(annotate_texts(text))
    label = _find(statements, "fully supported her decision", "indirect").speaker
    assert label.name == "Brightwater Records" and label.how == "name" and "label" in (label.description or "")
    club = _find(statements, "signed a four-year contract", "indirect").speaker
    assert (club.name, club.kind, club.how) == ("the Spanish club", "organisation", "description")
    agency = _find(statements, "two ships had been diverted", "indirect").speaker
    assert (agency.name, agency.description, agency.how) == ("Kystvakt", "Norway's coastguard agency", "name")


def test_reported_speech_reworded_by_another_outlet_is_one_quote_only_for_the_same_speaker(annotate_texts, models):
    items = annotate_texts(
        "Port to reopen\n\nHarbour master Lena Holt said the port would reopen to cargo ships on Friday after the "
        "storm damage to the main quay was repaired.\n",
        "Cargo ships return Friday\n\nLena Holt, the harbour master, said cargo ships would be allowed back into "
        "the port on Friday once the storm damage to the main quay had been repaired.\n",
        "Dockers wait\n\nUnion leader Piet Maas said cargo ships would return to the port on Friday once repairs "
        "to the quay were finished.\n",
    )
    quotes = [q for q in _story_quotes(items, models) if q.kind == "indirect" and "Friday" in q.text]
    holt = [q for q in quotes if q.speaker_name == "Lena Holt"]
    assert len(holt) == 1 and len(holt[0].sources) == 2 and holt[0].wording_differs
    maas = [q for q in quotes if q.speaker_name == "Piet Maas"]
    assert len(maas) == 1 and maas[0].sources == [items[2].article.id] and maas[0].attribution_conflict is None


# --------------------------------------------------------------------------- how real outlets introduce quotes

INTRODUCED = """Flood-hit town promised new defences

BRAMLEY — Mayor Dana Whitfield toured the flooded streets of the lower town on Saturday.

Whitfield promised the area: “We will rebuild every home on this street before the winter.”

Fire chief Tom Berger said crews had pumped water out of the school through the night. The river peaked at 6.2 metres on Friday. Evacuation orders remained in place on Sunday.

“The water rose faster than anything we had planned for,” he said. “We were lucky nobody drowned.”

“Please let us go back to our homes, just for an hour,” pleaded Marta Novak, who lives by the bridge.

“We never wanted to leave this town” Novak told the Bramley Echo.
"""

REPORTED = """Minister rules out early election

“There will be no snap election this year,” Interior Minister Helga Strand told reporters, the Associated Press reported.

Strand told a news conference the coalition was stable, the agency reported.

“We are contacting every owner whose vehicle may be affected,” Acme Motor Sales, USA said in a statement.
"""

ALONE = """Council approves bridge

Council leader Omar Haddad welcomed the vote on Thursday.

“This bridge will connect two halves of the city that have lived apart for too long,”
he said.

Media caption explains: “The cables had rusted through for years.”
"""


def test_a_clause_ending_in_a_colon_introduces_the_quote_whatever_its_verb(annotate_texts):
    quote = _find(_quotes(annotate_texts(INTRODUCED)), "rebuild every home", "direct")
    assert quote.speaker.name == "Dana Whitfield" and quote.cue == "promised"


def test_he_said_continues_the_last_speaker_after_a_paragraph_break(annotate_texts):
    quote = _find(_quotes(annotate_texts(INTRODUCED)), "The water rose faster", "direct")
    assert quote.speaker.name == "Tom Berger" and quote.speaker.how == "pronoun"
    assert len(quote.parts) == 2 and "nobody drowned" in quote.text


def test_less_common_cue_and_a_missing_comma_before_told(annotate_texts):
    statements = _quotes(annotate_texts(INTRODUCED))
    assert _find(statements, "just for an hour", "direct").speaker.name == "Marta Novak"
    no_comma = _find(statements, "never wanted to leave", "direct")
    assert no_comma.speaker.name == "Marta Novak" and no_comma.medium == "the Bramley Echo"


def test_nested_attribution_gives_the_speaker_not_the_agency_that_reports_it(annotate_texts):
    statements = _quotes(annotate_texts(REPORTED))
    assert _find(statements, "no snap election", "direct").speaker.name == "Helga Strand"
    stable = [q for q in statements if "coalition was stable" in q.text]
    assert [q.speaker.name for q in stable] == ["Helga Strand"] and stable[0].text == "the coalition was stable"
    assert all("Associated Press" not in (q.speaker.name or "") for q in statements)


def test_an_organisation_name_with_a_comma_is_one_speaker(annotate_texts):
    quote = _find(_quotes(annotate_texts(REPORTED)), "contacting every owner", "direct")
    assert quote.speaker.name == "Acme Motor Sales, USA" and quote.speaker.kind != "person"


def test_attribution_on_the_line_after_a_quote_and_furniture_is_never_a_speaker(annotate_texts):
    statements = _quotes(annotate_texts(ALONE))
    assert _find(statements, "connect two halves", "direct").speaker.name == "Omar Haddad"
    caption = _find(statements, "cables had rusted", "direct")
    assert caption.speaker.name is None


def test_a_speech_verb_used_in_another_sense_is_no_report_being_credited(annotate_texts):
    text = (
        "Carmaker recalls vehicles\n\nA carmaker is recalling about 41,000 vehicles because a brake hose can "
        "crack, the company said on Thursday. The prosecution said it would appeal, the national news agency "
        "reported.\n"
    )
    statements = _quotes(annotate_texts(text))
    recall = _find(statements, "41,000 vehicles", "indirect")
    assert recall.speaker.name == "the company"
    appeal = [q for q in statements if q.text.endswith("it would appeal")]
    assert [q.speaker.name for q in appeal] == ["the prosecution"]


def test_manner_verbs_with_an_object_and_subjects_inside_quotes_are_no_speakers(annotate_texts):
    text = (
        "Rescue at sea\n\nThe minister was to ask the council to approve \"all necessary measures\" against the "
        "smugglers. “We did it,” DeGraaf said, joking that “you know what they say – third time lucky.”\n\n"
        "“Where is my son?” the woman asked.\n"
    )
    items = annotate_texts(text)
    assert [t.text for t in _quotes(items, "term")] == ["all necessary measures"]
    statements = _quotes(items)
    assert _find(statements, "third time lucky", "direct").speaker.name == "DeGraaf"
    assert _find(statements, "Where is my son", "direct").speaker.name == "the woman"


MATCH_REPORT = """Late goal sinks Fenwick

Fenwick Rovers manager Ivo Marsh said his players had run out of legs in the last ten minutes.

Marsh, 51, who has lost four of his last five games, would not criticise the linesman.

‘The goal was onside, I have looked at it twice,’ added the Fenwick boss.

‘We showed what this club is about,’ tweeted the club’s owner, Selma Kurt.

Goalkeeper Arno Weiss: ‘I should have stopped the second one. That is on me.’

Asked whether the squad needed new signings, Weiss replied: ‘That is for the manager.’

‘Our best away win for years’ – Castleford coach Nadia Brook, speaking to the local radio.

The league warned in a statement that both clubs would be fined over the crowd trouble.
"""


def test_speaker_after_the_verb_that_follows_a_quote_and_role_noun_past_a_related_one(annotate_texts):
    statements = _quotes(annotate_texts(MATCH_REPORT))
    # "added the Fenwick boss": the parser takes the speaker for an object; "the linesman" names nobody.
    assert _find(statements, "looked at it twice", "direct").speaker.name == "Ivo Marsh"
    owner = _find(statements, "what this club is about", "direct")
    assert owner.speaker.name == "Selma Kurt"  # "the club's owner, X": a comma, no "and": one person


def test_a_name_as_a_label_before_a_colon_or_after_a_dash_attributes_the_quote(annotate_texts):
    statements = _quotes(annotate_texts(MATCH_REPORT))
    assert _find(statements, "should have stopped", "direct").speaker.name == "Arno Weiss"
    assert _find(statements, "best away win", "direct").speaker.name == "Nadia Brook"


def test_the_question_put_to_a_speaker_is_not_his_words_and_a_statement_clause_is_reported(annotate_texts):
    statements = _quotes(annotate_texts(MATCH_REPORT))
    assert _find(statements, "for the manager", "direct").speaker.name == "Arno Weiss"
    assert not [q for q in statements if "new signings" in q.text]
    fined = _find(statements, "both clubs would be fined", "indirect")
    assert fined.speaker.name in ("league", "The league", "the league")


def test_adding_after_a_reported_clause_and_the_source_taken_up_again_are_the_first_speaker(annotate_texts):
    text = (
        "Board row deepens\n\nA source close to the trustees said the treasurer \"has no plans to step down\", "
        "adding it was \"ridiculous\" to blame the volunteers.\n\n"
        "\"The volunteers kept the shelter open all winter,\" the source added.\n"
    )
    statements = _quotes(annotate_texts(text))
    adding = _find(statements, "to blame the volunteers", "indirect")
    assert adding.speaker.name == "a source close to the trustees" and "step down" not in adding.text
    assert _find(statements, "kept the shelter open", "direct").speaker.name == "a source close to the trustees"
    assert all(q.speaker.name != "the treasurer" for q in statements)


def test_two_speech_verbs_of_one_subject_report_apart(annotate_texts):
    text = (
        "Quota talks\n\nThe transport minister, Ruth Aalto, said the rail strike was over but warned that "
        "\"the timetable will take weeks to recover\".\n"
    )
    statements = _quotes(annotate_texts(text))
    over = _find(statements, "rail strike was over", "indirect")
    assert over.text == "the rail strike was over" and over.speaker.name == "Ruth Aalto"
    assert _find(statements, "take weeks to recover", "direct").speaker.name == "Ruth Aalto"


def test_he_added_goes_on_with_the_speaker_just_before_not_the_only_man_known(annotate_texts):
    text = (
        "Harbour dues\n\n\"The fees rise in May,\" said Tor Lunde, a spokesman for the port.\n\n"
        "Boat owner Kemal Aras said he had \"no idea how to pay\".\n\n"
        "He added: \"Half of us will sell our boats.\"\n"
    )
    statements = _quotes(annotate_texts(text))
    assert _find(statements, "sell our boats", "direct").speaker.name == "Kemal Aras"
