"""One dossier per story, cut from a run's dossier.

A run links story by story, so every item of a section is about the articles of one story; which fields of an
item name articles is the knowledge below (`ARTICLE_REFS`), the cut is one filter over it. An item that names
no article of the story is left out of that story's dossier; the run's own dossier keeps everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from newsweave.models import Dossier

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
    """The dossier of each story of `dossier`, in its order; articles and items keep the run's order. One pass
    over the items, each sent to the stories of the articles it names: a run of many stories no longer reads
    every item once per story."""
    stories_of: dict[str, list[int]] = {}
    for k, story in enumerate(dossier.stories):
        for article in dict.fromkeys(story.articles):
            stories_of.setdefault(article, []).append(k)
    parts: list[dict[str, list[Any]]] = [{name: [] for name in ("articles", *ARTICLE_REFS)} for _ in dossier.stories]
    for article in dossier.articles:
        for k in stories_of.get(article.id, ()):
            parts[k]["articles"].append(article)
    for name, refs in ARTICLE_REFS.items():
        for item in getattr(dossier, name):
            for k in sorted({k for article in set(refs(item)) for k in stories_of.get(article, ())}):
                parts[k][name].append(item)
    return [
        Dossier(schema_version=dossier.schema_version, generated_at=dossier.generated_at, stories=[story], **part)
        for story, part in zip(dossier.stories, parts, strict=True)
    ]
