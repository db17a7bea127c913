"""The time stages read their language from data, and typed dates keep the contract's strings on the wire."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

from newsweave.dates import DateRange, contract_value
from newsweave.lang import Resources, for_language
from newsweave.models import Article
from newsweave.nlp.timegrammar import cue_of, find_matches, grammar_of
from newsweave.settings import TimeSettings


def _toy_language() -> Resources:
    """English with one weekday and one month renamed: only data changes, no code."""
    data = copy.deepcopy({area: dict(sections) for area, sections in for_language("en").data.items()})
    calendar = data["calendar"]
    calendar["patterns"]["weekday"] = calendar["patterns"]["weekday"].replace("Monday", "Moonday")
    calendar["tables"]["weekdays"] = {**calendar["tables"]["weekdays"], "moonday": 0}
    calendar["patterns"]["month"] = calendar["patterns"]["month"].replace("October", "Harvestmonth")
    calendar["tables"]["months"] = {**calendar["tables"]["months"], "harvestmonth": 10}
    return Resources(code="toy", data=data)


def test_the_grammar_reads_its_words_from_the_resources_object() -> None:
    toy = _toy_language()
    text = "The council met on Moonday and will vote on Harvestmonth 12, 2026."
    found = {text[m.start : m.end]: m for m in find_matches(text, toy, TimeSettings())}
    assert set(found) == {"Moonday", "Harvestmonth 12, 2026"}
    moonday = found["Moonday"].resolve
    assert moonday is not None and moonday(date(2026, 10, 8), "past") == DateRange.parse("2026-10-05")
    english = {text[m.start : m.end] for m in find_matches(text, for_language("en"), TimeSettings())}
    assert "Moonday" not in english and "Harvestmonth 12, 2026" not in english


def test_a_typed_publication_date_keeps_the_contract_strings_and_its_provenance() -> None:
    stated = Article(id="a", text="t", published="2026-10-08")
    assert stated.published == DateRange.parse("2026-10-08") and not stated.published.inferred
    assert stated.model_dump(mode="json")["published"] == "2026-10-08"
    window = DateRange.between(date(2026, 10, 5), date(2026, 10, 11), "inferred")
    inferred = stated.model_copy(update={"published": window})
    wire = inferred.model_dump(mode="json")
    assert wire["published"] == ["2026-10-05", "2026-10-11"] and wire["published_provenance"] == "inferred"
    back = Article.model_validate_json(inferred.model_dump_json())
    assert back.published == window and back.published is not None and back.published.inferred
    assert contract_value(DateRange.parse(["2018", "2019"])) == ["2018", "2019"]
    assert contract_value(DateRange.parse("2025-W36")) == "2025-W36"


def test_a_rule_cue_holds_strings_every_match_holds() -> None:
    ago = cue_of(re.compile(r"\b(?:about\s+)?(?P<n>\d+|two|three)\s+(?P<unit>day|week)s?\s+ago\b", re.I))
    assert ago is not None and ago.search("Two WEEKS AGO") and not ago.search("two weeks later")
    either = cue_of(re.compile(r"\b(?:the\s+next|(?i:later))\s+day"))
    assert either is not None and either.search("LATER that day") and not either.search("the NEXT day")
    branches = cue_of(re.compile(r"\b(?:(?:the\s+)?year-end|Q[1-4]\b)"))
    assert branches is not None and branches.search("Q3") and not branches.search("the quarter")
    assert cue_of(re.compile(r"\d{4}|(?:in\s+)?May")) is None  # a branch of digits holds no fixed string
    assert cue_of(re.compile(r"(?:since\s+)?\d+")) is None  # an optional word is no cue


def test_a_rule_is_skipped_only_where_it_cannot_match() -> None:
    """Every English rule's cue is found in every text the rule matches in (made-up and held-out texts)."""
    folder = Path(__file__).resolve().parents[1] / "eval"
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("heldout/articles/*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted(folder.glob("seeds/anaphora/*.txt"))]
    texts += ["Two weeks ago, in the third quarter of 2019, the year-end figures came a day later, at 5 p.m."]
    rules = grammar_of(for_language("en")).rules
    assert sum(rule.cue is not None for rule in rules) >= len(rules) * 3 // 4
    for rule in rules:
        for text in texts:
            if rule.pattern.search(text):
                assert rule.cue is None or rule.cue.search(text), (rule.pattern.pattern[:60], text[:60])
