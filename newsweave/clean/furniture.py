"""Page furniture removal: everything on a copied or scraped page that is not the article itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.models import Removal


@dataclass
class Cleaned:
    text: str
    removed: list[Removal] = field(default_factory=list)


def clean_text(text: str) -> Cleaned:
    return Cleaned(text=text.strip())
