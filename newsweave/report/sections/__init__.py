"""Report sections: each module renders one part of the dossier as HTML and as Markdown.

A section module exposes `TITLE`, `ANCHOR`, `html(dossier) -> str` and `markdown(dossier) -> str`;
`SECTIONS` fixes their order in both reports.
"""

from newsweave.report.sections import (
    articles,
    claims,
    coverage,
    entities,
    quotes,
    statements,
    stories,
    timeline,
)

SECTIONS = [stories, entities, quotes, timeline, claims, coverage, statements, articles]
