"""One dossier per story, cut from a run's dossier.

A run links story by story, so every item of a section is about the articles of one story; which fields of an
item name articles is the knowledge below (`ARTICLE_REFS`), the cut is one filter over it. An item that names
no article of the story is left out of that story's dossier; the run's own dossier keeps everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from newsweave.models import Dossier, Story

ARTICLE_REFS: dict[str, Callable[[Any], Iterable[str]]] = {
    "entities": lambda e: [*e.sources, *(span[0] for span in e.mention_spans)],
    "relations": lambda r: r.sources,
    "quotes": lambda q: [*q.sources, *(o.article for o in q.occurrences)],
    "terms": lambda t: [*t.sources, *(o.article for o in t.occurrences)],
    "timeline": lambda t: [*t.sources, *(e.article for e in t.evidence)],
    "claims": lambda c: [*c.sources, *(e.article for e in c.support)],
    "derivations": lambda d: [d.source, d.derived],
    "conflicts": lambda c: [s for side in c.sides for s in side.sources],
    "figures": lambda f: [p.article for p in f.points],
    "brief": lambda b: b.sources,
    "statements": lambda s: [s.article],
    "coverage": lambda c: [c.article],
}
"""Per dossier section: the article ids an item of it is about."""


def story_dossiers(dossier: Dossier) -> list[Dossier]:
    """The dossier of each story of `dossier`, in its order; articles keep the run's order."""
    return [story_dossier(dossier, story) for story in dossier.stories]


def story_dossier(dossier: Dossier, story: Story) -> Dossier:
    members = set(story.articles)
    sections = {
        name: [item for item in getattr(dossier, name) if members.intersection(refs(item))]
        for name, refs in ARTICLE_REFS.items()
    }
    return Dossier(
        schema_version=dossier.schema_version,
        generated_at=dossier.generated_at,
        articles=[article for article in dossier.articles if article.id in members],
        stories=[story],
        **sections,
    )
