"""Report sections: the registry every report format renders, in order.

A section is a module exposing `TITLE`, `ANCHOR`, `html(dossier) -> str` and `markdown(dossier) -> str`
(an empty string leaves the section out), and may expose `SCRIPT`, JavaScript its HTML needs (the static report
inlines it, the web app serves it as a file). Adding a view of the dossier means writing one such module and
listing it in `SECTIONS`; every format picks it up.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Protocol, cast

from newsweave.models import Dossier
from newsweave.report.sections import (
    articles,
    brief,
    claims,
    coverage,
    entities,
    figures,
    quotes,
    statements,
    stories,
    timeline,
)


class Section(Protocol):
    TITLE: str
    ANCHOR: str
    html: Callable[[Dossier], str]
    markdown: Callable[[Dossier], str]


def _section(module: ModuleType) -> Section:
    missing = [name for name in ("TITLE", "ANCHOR", "html", "markdown") if not hasattr(module, name)]
    if missing:
        raise TypeError(f"report section {module.__name__} lacks {', '.join(missing)}")
    return cast(Section, module)


SECTIONS: list[Section] = [
    _section(module)
    for module in (brief, stories, entities, quotes, timeline, figures, claims, coverage, statements, articles)
]
SCRIPT = "".join(getattr(section, "SCRIPT", "") for section in SECTIONS)
