"""A second language is a second resources object: the rules read their knowledge from it, not from code.

The toy language is English with a few words added (a furniture marker, a speech verb, a month name):
what the pipeline does with those words depends only on which resources object it is given.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.lang import LANG_ROOT, Resources, for_language, load_resources, resources_of
from newsweave.models import RawDocument
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.models import Models

TOY_AD_MARKER = "Reklamo"
"""A line that is furniture in the toy language only: it marks an advertisement there."""


def toy_language(*edits: Callable[[dict[str, Any]], None]) -> Resources:
    """English resources with `edits` applied to a copy of their data, under the code `xx`."""
    data = copy.deepcopy({area: dict(sections) for area, sections in load_resources(LANG_ROOT / "en").data.items()})
    for edit in edits:
        edit(data)
    return Resources(code="xx", data=data)


def _ad_marker(data: dict[str, Any]) -> None:
    ad = data["furniture"]["patterns"]["ad"]
    ad["re"] = [*ad["re"], TOY_AD_MARKER.lower()] if isinstance(ad["re"], list) else f"{ad['re']}|{TOY_AD_MARKER}"


def _month(data: dict[str, Any]) -> None:
    calendar = data["calendar"]
    calendar["tables"]["months"]["brumaire"] = 11
    calendar["patterns"]["month"] = f"Brumaire(?![A-Za-z])|{calendar['patterns']['month']}"


def _speech_verb(data: dict[str, Any]) -> None:
    data["speech"]["words"]["verbs"] += " mumble"


ARTICLE = (
    "Storm floods the harbour town\n"
    "Flood water swept through the harbour town of Velmar on Tuesday, closing the coastal road and the ferry "
    "terminal for the rest of the week.\n"
    f"{TOY_AD_MARKER}\n"
    "The mayor, Ilse Brandt, said repairs to the sea wall would start as soon as the water had gone down.\n"
    "Engineers said the damage to the terminal was worse than after the storm of last winter.\n"
)


def test_missing_language_names_what_is_available() -> None:
    with pytest.raises(LookupError, match="available: en"):
        for_language("zz")


def test_missing_key_says_which_file_to_add_it_to() -> None:
    toy = Resources(code="xx", data={})
    with pytest.raises(KeyError, match=r"newsweave/lang/xx/furniture\.toml"):
        toy.pattern("furniture.ad")


def test_cleaning_reads_its_furniture_from_the_resources_it_is_given() -> None:
    raw = RawDocument(source="velmar.txt", text=ARTICLE)
    (english,), _ = prepare_articles([raw])
    (toy,), _ = prepare_articles([raw], res=toy_language(_ad_marker))
    assert TOY_AD_MARKER in english.text
    assert TOY_AD_MARKER not in toy.text
    assert any(removal.text.strip() == TOY_AD_MARKER for removal in toy.removed)


def test_every_parse_carries_the_resources_the_later_rules_read(models: Models) -> None:
    toy = toy_language(_ad_marker)
    articles, _ = prepare_articles([RawDocument(source="velmar.txt", text=ARTICLE)], res=toy)
    (item,) = annotate_articles(articles, models.nlp, toy)
    assert resources_of(item.doc) is toy
    (english,) = annotate_articles(articles, models.nlp)
    assert resources_of(english.doc) is for_language("en")
    dossier = analyze_articles(articles, models, res=toy)
    assert TOY_AD_MARKER not in dossier.articles[0].text


QUOTED = (
    "Flood water swept through the harbour town of Velmar on 3 Brumaire 2025, closing the coastal road.\n"
    "\"The wall will hold,\" Ilse Brandt mumbled.\n"
    "Engineers said the damage to the terminal was worse than after the storm of last winter.\n"
)


def test_time_and_quote_rules_read_the_toy_calendar_and_speech_verbs(models: Models) -> None:
    raws = [RawDocument(source="velmar.txt", text=QUOTED)]
    runs = {}
    for name, res in (("en", for_language("en")), ("toy", toy_language(_month, _speech_verb))):
        articles, _ = prepare_articles(raws, res=res)
        runs[name] = analyze_articles(articles, models, res=res)
    dates = {name: {entry.date for entry in dossier.timeline} for name, dossier in runs.items()}
    assert "2025-11-03" in dates["toy"] and "2025-11-03" not in dates["en"]
    speakers = {name: {q.text: q.speaker_name for q in dossier.quotes} for name, dossier in runs.items()}
    assert speakers["toy"].get("The wall will hold") == "Ilse Brandt"
    assert speakers["en"].get("The wall will hold") != "Ilse Brandt"
