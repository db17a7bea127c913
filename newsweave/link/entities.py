"""Cross-document entity resolution: one canonical entity per person, organisation, place or event."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.models import AnalyzedArticle, Entity


@dataclass
class EntityResolution:
    """The canonical entities, and which entity each mention `(article, start, end)` was resolved to."""

    entities: list[Entity] = field(default_factory=list)
    mention_entity: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def entity_at(self, article: str, start: int, end: int) -> str | None:
        """Entity id of the mention exactly at, or else overlapping, the span; None when there is none."""
        exact = self.mention_entity.get((article, start, end))
        if exact is not None:
            return exact
        for (mention_article, s, e), entity in self.mention_entity.items():
            if mention_article == article and s < end and start < e:
                return entity
        return None


def resolve_entities(analyzed: list[AnalyzedArticle]) -> EntityResolution:
    return EntityResolution()
