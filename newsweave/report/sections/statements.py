"""Each sentence with the sentences of other articles that state the same thing.

A fact of a large story is stated by many articles, and each of their sentences is a statement supported by
all the others: the section lists each such fact once (a statement that one listed before names as support
is another article's copy of it) with its distinct wordings, so it grows with the story's facts, not with
the square of its articles. dossier.json keeps every statement.
"""

from __future__ import annotations

from newsweave.models import Dossier, Statement
from newsweave.report.htmlkit import esc, evidence_sentences, listed, md_cell, sources_html, sources_md, table

TITLE = "Statements and their supporting sources"
ANCHOR = "statements"


def html(dossier: Dossier) -> str:
    rows = [
        [esc(s.text), sources_html(s.sources, dossier, evidence_sentences([s, *s.supported_by])), _wordings_html(s)]
        for s in each_fact(dossier.statements)
    ]
    return table(["statement", "sources", "other wordings of supporting sentences (similarity)"], rows, "statements")


def markdown(dossier: Dossier) -> str:
    supported = [s for s in each_fact(dossier.statements) if s.supported_by]
    shared = sum(bool(s.supported_by) for s in dossier.statements)
    summary = f"{len(supported)} facts are stated by more than one article ({shared} of {len(dossier.statements)} sentences)."
    lines = [summary, ""]
    lines += [f"- {md_cell(s.text)} {sources_md(s.sources, dossier)}" for s in supported]
    return "\n".join(lines)


def each_fact(statements: list[Statement]) -> list[Statement]:
    """Statements by number of sources, leaving out those a statement listed before names as support."""
    seen: set[tuple[str, int]] = set()
    facts = []
    for statement in sorted(statements, key=lambda s: -len(s.sources)):
        if (statement.article, statement.sentence) in seen:
            continue
        seen.update((support.article, support.sentence) for support in statement.supported_by)
        facts.append(statement)
    return facts


def _wordings_html(statement: Statement) -> str:
    """The supporting sentences worded otherwise than the statement, each distinct wording once with its
    highest similarity (supports come strongest first)."""
    wordings: dict[str, float] = {}
    for support in statement.supported_by:
        if support.text != statement.text:
            wordings.setdefault(support.text, support.similarity)
    shown, more = listed(list(wordings.items()))
    return "<br>".join([f"{esc(text)} <small>({similarity:.2f})</small>" for text, similarity in shown]
                       + ([f"<small>{esc(more)}</small>"] if more else []))
