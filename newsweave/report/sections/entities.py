"""The dossier's entities section: who is involved, how they relate, and a drawing of the relation graph.

The drawing is an inline SVG laid out in Python (networkx spring layout, fixed seed), so report.html stays
one offline file with no script; only entities that take part in a relation are drawn, to keep it legible.
"""

from __future__ import annotations

from newsweave.models import Dossier, Entity, Relation
from newsweave.report.graph import TEXT_NODE, build_graph
from newsweave.report.htmlkit import (
    entity_html,
    esc,
    md_cell,
    sources_html,
    sources_md,
    table,
)

TITLE = "Entities"
ANCHOR = "entities"
WIDTH, HEIGHT, MARGIN = 960, 620, 90
LAYOUT_SEED = 7
MAX_DRAWN = 40
"""More nodes than this make an unreadable hairball; the best-connected ones are drawn, the table has all."""
TYPE_COLOURS = {"PERSON": "#2e86de", "ORG": "#8e44ad", "GPE": "#27ae60", "LOC": "#16a085", TEXT_NODE: "#95a5a6"}
OTHER_COLOUR = "#d35400"


def html(dossier: Dossier) -> str:
    if not dossier.entities:
        return ""
    entities = _ordered(dossier.entities)
    rows = [
        [
            entity_html(e),
            esc(e.type + (f" ({e.role})" if e.role else "")),
            esc(", ".join(e.aliases)),
            "<br>".join(f"{esc(d)} {sources_html(e.description_sources.get(d, []), dossier)}" for d in e.descriptions),
            sources_html(e.sources, dossier),
            esc(e.mentions),
        ]
        for e in entities
    ]
    parts = [table(["name", "type", "aliases", "descriptions", "sources", "mentions"], rows, "entities")]
    if dossier.relations:
        names = {e.id: e.name for e in dossier.entities}
        relation_rows = [
            [
                esc(names.get(r.subject, r.subject_name)),
                esc(_relation_label(r)),
                esc(names.get(r.object, r.object_name or r.object)),
                esc(r.evidence),
                sources_html(r.sources, dossier),
            ]
            for r in dossier.relations
        ]
        parts.append("<h3>Relations</h3>")
        parts.append(table(["subject", "relation", "object", "evidence", "sources"], relation_rows, "relations"))
        parts.append("<h3>Relation graph</h3>" + svg(dossier))
    return "".join(parts)


def markdown(dossier: Dossier) -> str:
    if not dossier.entities:
        return ""
    lines = ["| name | type | aliases | descriptions | sources | mentions |", "|---|---|---|---|---|---|"]
    for e in _ordered(dossier.entities):
        lines.append(
            f"| {md_cell(e.name)} | {md_cell(e.type)} | {md_cell(', '.join(e.aliases))} | "
            f"{md_cell('; '.join(e.descriptions))} | {sources_md(e.sources, dossier)} | {e.mentions} |"
        )
    if dossier.relations:
        names = {e.id: e.name for e in dossier.entities}
        lines += ["", "**Relations**", ""]
        lines += [
            f"- {md_cell(names.get(r.subject, r.subject_name))} *{md_cell(_relation_label(r))}* "
            f"{md_cell(names.get(r.object, r.object_name or r.object))}: \u201c{md_cell(r.evidence)}\u201d "
            f"{sources_md(r.sources, dossier)}"
            for r in dossier.relations
        ]
    return "\n".join(lines)


def svg(dossier: Dossier) -> str:
    """The relation graph as inline SVG: node colour by type, edge label by relation, all text escaped. networkx
    is imported here, as in `report.graph`."""
    import networkx as nx

    graph = build_graph(dossier)
    linked = sorted((n for n in graph if graph.degree(n) > 0), key=lambda n: -graph.degree(n))
    drawn = graph.subgraph(linked[:MAX_DRAWN])
    if not drawn:
        return ""
    positions = nx.spring_layout(nx.Graph(drawn), k=2.5 / len(drawn) ** 0.5, seed=LAYOUT_SEED)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]

    def point(node: str) -> tuple[float, float]:
        x, y = positions[node]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        return (
            MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
            MARGIN / 2 + (y - min(ys)) / span_y * (HEIGHT - MARGIN),
        )

    edges = []
    for source, target, data in drawn.edges(data=True):
        (x1, y1), (x2, y2) = point(source), point(target)
        edges.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" marker-end="url(#arrow)">'
            f"<title>{esc(data['relation'])}: {esc(data['evidence'])}</title></line>"
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" fill="#777" font-size="9" '
            f'text-anchor="middle">{esc(data["relation"])}</text>'
        )
    nodes = []
    for node, data in drawn.nodes(data=True):
        x, y = point(node)
        colour = TYPE_COLOURS.get(data["type"], OTHER_COLOUR)
        nodes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"><title>{esc(data["type"])}</title></circle>'
            f'<text x="{x:.1f}" y="{y + 18:.1f}" text-anchor="middle" font-weight="600">{esc(data["name"])}</text>'
        )
    legend = " ".join(
        f'<svg class="key" viewBox="0 0 10 10" width="10" height="10"><circle cx="5" cy="5" r="5" fill="{c}"/></svg>'
        f" {esc(t)}"
        for t, c in TYPE_COLOURS.items()
    )
    return (
        f'<svg class="graph" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        'aria-label="entity relation graph" xmlns="http://www.w3.org/2000/svg">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0L10,5L0,10z" fill="#999"/></marker></defs>'
        f"{''.join(edges)}{''.join(nodes)}</svg><p><small>{legend}; {len(drawn)} of {len(linked)} related "
        "entities drawn</small></p>"
    )


def _ordered(entities: list[Entity]) -> list[Entity]:
    """People first, then by how often the story mentions them."""
    return sorted(entities, key=lambda e: (e.type != "PERSON", -e.mentions, e.name))


def _relation_label(relation: Relation) -> str:
    extras = []
    if relation.count is not None:
        extras.append(f"{relation.count}\u00d7")
    if relation.period:
        extras.append("\u2013".join(relation.period) if isinstance(relation.period, list) else relation.period)
    if relation.detail:
        extras.append(relation.detail)
    return relation.relation + (f" ({', '.join(extras)})" if extras else "")
