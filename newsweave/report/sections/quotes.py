"""Who said what: the quotes grouped by speaker, each with every outlet that carries it and their wordings.

Speakers with most quotes come first; quotes nobody could be pinned on are listed last under their own
heading rather than guessed. Quoted labels (terms) follow in their own table, since they are no one's words.
"""

from __future__ import annotations

from newsweave.models import Dossier, Quote, QuoteOccurrence
from newsweave.report.htmlkit import Sentences, by_story, esc, md_cell, sources_html, sources_md, table

TITLE = "Who said what"
ANCHOR = "quotes"
UNRESOLVED = "Speaker not identified"


def html(dossier: Dossier) -> str:
    parts = []
    found = Sentences(dossier)
    for title, story_quotes in by_story(dossier, dossier.quotes, lambda quote: quote.sources):
        parts.append(f"<h3>{esc(title)}</h3>" if title else "")
        parts += _speakers_html(story_quotes, dossier, found)
    if dossier.terms:
        rows = [
            [esc(t.text), esc(t.reason), esc(t.used_by), sources_html(t.sources, dossier, _at(t.occurrences, found))]
            for t in dossier.terms
        ]
        parts.append("<h3>Quoted terms (labels, not statements)</h3>")
        parts.append(table(["term", "why it is a term", "used by", "sources"], rows, "terms"))
    return "".join(parts)


def _at(occurrences: list[QuoteOccurrence], found: Sentences) -> dict[str, int | None]:
    """The sentence where each article prints the quote."""
    return {o.article: found.at(o.article, o.start) for o in occurrences}


def _speakers_html(story_quotes: list[Quote], dossier: Dossier, found: Sentences) -> list[str]:
    parts = []
    for speaker, quotes in _by_speaker(story_quotes):
        first = quotes[0]
        about = "" if speaker == UNRESOLVED else ", ".join(
            esc(x) for x in (first.speaker_kind, first.speaker_description) if x
        )
        rows = [
            [
                esc(q.kind),
                _quote_html(q),
                esc(_attribution(q)),
                sources_html(q.sources, dossier, _at(q.occurrences, found)),
                _variants_html(q, dossier, _at(q.occurrences, found)),
            ]
            for q in quotes
        ]
        parts.append(f"<h4>{esc(speaker)}</h4>" + (f"<p><small>{about}</small></p>" if about else ""))
        parts.append(table(["kind", "quote", "cue / medium", "sources", "wordings"], rows, "quotes"))
    return parts


def markdown(dossier: Dossier) -> str:
    lines = []
    for title, story_quotes in by_story(dossier, dossier.quotes, lambda quote: quote.sources):
        lines += [f"### {md_cell(title)}", ""] if title else []
        lines += _speakers_markdown(story_quotes, dossier)
    if dossier.terms:
        terms = "; ".join(f"“{md_cell(t.text)}” {sources_md(t.sources, dossier)}" for t in dossier.terms)
        lines.append(f"Quoted terms: {terms}")
    return "\n".join(lines)


def _speakers_markdown(story_quotes: list[Quote], dossier: Dossier) -> list[str]:
    lines = []
    for speaker, quotes in _by_speaker(story_quotes):
        lines += [f"**{md_cell(speaker)}**", ""]
        for q in quotes:
            flag = " (wording differs)" if q.wording_differs else ""
            cited = f"{md_cell(_attribution(q))} {sources_md(q.sources, dossier)}{flag}"
            lines.append(f"- {md_cell(q.kind)}: “{md_cell(q.text)}” {cited}")
        lines.append("")
    return lines


def _by_speaker(quotes: list[Quote]) -> list[tuple[str, list[Quote]]]:
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.speaker_name or UNRESOLVED, []).append(quote)
    return sorted(groups.items(), key=lambda item: (item[0] == UNRESOLVED, -len(item[1]), item[0]))


def _quote_html(quote: Quote) -> str:
    text = esc(quote.text)
    shown = f"“{text}”" if quote.kind == "direct" else text
    if quote.attribution_conflict:
        shown += f'<div class="conflict"><small>{esc(quote.attribution_conflict)}</small></div>'
    return shown


def _attribution(quote: Quote) -> str:
    return " · ".join(x for x in (quote.cue, quote.medium) if x)


def _variants_html(quote: Quote, dossier: Dossier, sentences: dict[str, int | None]) -> str:
    """Only when outlets print different characters; a differing wording is marked, an excerpt is named."""
    lines = []
    for variant in quote.variants:
        label = esc(variant.relation)
        if variant.relation == "different wording":
            label = f"<b>{label}</b>"
        lines.append(f"{label}: {esc(variant.text)} {sources_html(variant.sources, dossier, sentences)}")
    return "<br>".join(lines)
