"""The claims section: what is claimed, by how many independent outlets, where outlets differ, who copied whom.

The reader's first question is "how sure is this?", so claims are ranked by independent support and the
single-source ones and the conflicts get their own lists; copies are shown as a graph because a derived
outlet silently inflates the apparent support of everything it repeats.
"""

from __future__ import annotations

from newsweave.models import Claim, Conflict, Derivation, Dossier, strongest_copies
from newsweave.report.htmlkit import (
    esc,
    evidence_sentences,
    listed,
    md_cell,
    source_labels,
    sources_html,
    sources_md,
    story_groups,
    table,
)

TITLE = "Claims, copies and conflicts"
ANCHOR = "claims"

SCRIPT = """
document.querySelectorAll('table.sortable th').forEach((th, col) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], down = th.dataset.down !== '1';
  const key = r => { const t = r.cells[col].textContent, n = parseFloat(t); return isNaN(n) ? t.toLowerCase() : n; };
  [...body.rows].sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (down ? -1 : 1))
    .forEach(r => body.appendChild(r));
  th.dataset.down = down ? '1' : '0';
}));
"""
"""Click a column header to sort the claims table (numbers numerically). A section's SCRIPT is inlined by the
static report and served as a file by the web app, whose Content-Security-Policy forbids inline script."""
BOX_WIDTH, BOX_HEIGHT, LABEL_CHARS = 150, 28, 20
COLUMN_WIDTH, ROW_HEIGHT, GRAPH_MARGIN = 260, 48, 10


def html(dossier: Dossier) -> str:
    if not (dossier.claims or dossier.derivations or dossier.conflicts):
        return ""
    stories = per_story(dossier)
    return "".join((f"<h3>{esc(title)}</h3>" if title else "") + _story_html(part) for title, part in stories)


def per_story(dossier: Dossier) -> list[tuple[str, Dossier]]:
    """The claims, conflicts and copies of each story as a dossier of their own; one untitled part when the
    run holds one story."""
    if len(dossier.stories) <= 1:
        return [("", dossier)]
    claims = story_groups(dossier, dossier.claims, lambda c: c.sources)
    conflicts = story_groups(dossier, dossier.conflicts, lambda c: [s for side in c.sides for s in side.sources])
    derivations = story_groups(dossier, dossier.derivations, lambda d: [d.source])
    parts = []
    for story in dossier.stories:
        part = dossier.model_copy(
            update={
                "claims": claims[story.id],
                "conflicts": conflicts[story.id],
                "derivations": derivations[story.id],
            }
        )
        if part.claims or part.conflicts or part.derivations:
            parts.append((story.title, part))
    return parts


def _story_html(dossier: Dossier) -> str:
    corroborated = sum(len(c.independent_sources) > 1 for c in dossier.claims)
    parts = [
        f"<p>{len(dossier.claims)} claims, {corroborated} confirmed by more than one independent source; "
        f"{len(dossier.conflicts)} places where sources differ; {len(dossier.derivations)} copied or rewritten "
        "articles (a copy adds no independent support). Click a column header to sort.</p>",
        "<h4>Where sources differ</h4>",
        _conflicts_html(dossier) or "<p>No conflicts found.</p>",
        "<h4>Who copied whom</h4>",
        _copies_html(dossier) or "<p>No article copies or rewrites another.</p>",
        "<h4>All claims by independent support</h4>",
        _claims_table(dossier),
        "<h4>Single-source claims</h4>",
        _single_source_html(dossier) or "<p>None.</p>",
    ]
    return "".join(parts)


def _claims_table(dossier: Dossier) -> str:
    ordered = sorted(dossier.claims, key=lambda c: (-len(c.independent_sources), -len(c.sources)))
    rows = [
        [
            esc(c.text) + _wordings(c),
            esc(c.kind),
            str(len(c.independent_sources)),
            str(len(c.sources)),
            sources_html(c.independent_sources, dossier, evidence_sentences(c.support)),
            sources_html([s for s in c.sources if s not in c.independent_sources], dossier,
                         evidence_sentences(c.support)),
        ]
        for c in ordered
    ]
    headers = ["claim", "kind", "independent", "sources", "independent sources", "derived copies"]
    return table(headers, rows, "claims sortable")


def _wordings(claim: Claim) -> str:
    """Each distinct wording once, with the similarity of its first (strongest) occurrence."""
    others: dict[str, float] = {}
    for evidence in claim.support:
        if evidence.text != claim.text:
            others.setdefault(evidence.text, evidence.similarity)
    if not others:
        return ""
    shown, more = listed(list(others.items()))
    items = "".join(f"<li>{esc(text)} <small>({similarity:.2f})</small></li>" for text, similarity in shown)
    return (f"<details><summary>{len(others)} other wording(s)</summary><ul>{items}</ul>"
            + (f"<small>{esc(more)}</small>" if more else "") + "</details>")


def _single_source_html(dossier: Dossier) -> str:
    single = [c for c in dossier.claims if c.single_source and c.kind == "fact"]
    items = "".join(
        f'<li class="single">{esc(c.text)} {sources_html(c.sources, dossier, evidence_sentences(c.support))}</li>'
        for c in single
    )
    return f"<ul>{items}</ul>" if single else ""


def _conflicts_html(dossier: Dossier) -> str:
    return "".join(_conflict_html(c, dossier) for c in dossier.conflicts)


def _conflict_html(conflict: Conflict, dossier: Dossier) -> str:
    sides = "".join(
        f"<li>{esc(side.text)} {sources_html(side.sources, dossier, evidence_sentences(side.evidence))}"
        + (f" <small>published {esc(_date(side.published))}</small>" if side.published else "")
        + "</li>"
        for side in conflict.sides
    )
    label = f"{conflict.kind}" + (f" · {conflict.attribute}" if conflict.attribute else "")
    return f'<div class="conflict"><b>{esc(label)}</b>: {esc(conflict.explanation)}<ul>{sides}</ul></div>'


def _date(value: object) -> str:
    return " to ".join(value) if isinstance(value, list) else str(value)


def _copies_html(dossier: Dossier) -> str:
    if not dossier.derivations:
        return ""
    main = strongest_copies(dossier.derivations)
    rows = [
        [
            sources_html([d.source], dossier),
            sources_html([d.derived], dossier),
            f"{d.share:.0%}",
            esc(", ".join(d.method)) + (f"<br><small>direction: {esc(d.direction)}</small>" if d.direction else ""),
            "<br>".join(esc(line) for line in d.evidence) + _passages(d),
        ]
        for d in main
    ]
    left = len(dossier.derivations) - len(main)
    note = (f"<p><small>Each copy with the source it reuses most of; {left} more pairs of copies (the same wire "
            "text in several articles) are in dossier.json.</small></p>") if left else ""
    return _copy_graph(dossier.model_copy(update={"derivations": main})) + note + table(
        ["source", "derived", "share", "found by", "evidence"], rows, "copies"
    )


def _passages(derivation: Derivation) -> str:
    """The reworded passages side by side; a verbatim one would only print one sentence twice, so those are
    counted (the articles section holds both texts)."""
    if not derivation.passages:
        return ""
    verbatim = sum(p.verbatim for p in derivation.passages)
    summary = f"{max(derivation.aligned, len(derivation.passages))} aligned passages, {verbatim} verbatim" + (
        f" of the {len(derivation.passages)} listed" if derivation.aligned > len(derivation.passages) else "")
    reworded, more = listed([p for p in derivation.passages if not p.verbatim])
    if not reworded:
        return f"<br><small>{esc(summary)}</small>"
    rows = "".join(
        f"<tr><td>{esc(p.source_text)}</td><td>{esc(p.derived_text)}</td><td>{p.similarity:.2f}</td></tr>"
        for p in reworded
    )
    return (
        f"<details><summary>{esc(summary)}</summary>"
        f"<table><thead><tr><th>source</th><th>derived</th><th>similarity</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>" + (f"<small>{esc(more)}</small>" if more else "") + "</details>"
    )


def _copy_graph(dossier: Dossier) -> str:
    """Originals on the left, each copy one column right of its source, arrows labelled with the share."""
    labels = source_labels(dossier)
    origin = {d.derived: d.source for d in dossier.derivations}
    nodes = sorted({a for d in dossier.derivations for a in (d.source, d.derived)})
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(_depth(node, origin), []).append(node)
    position = {
        node: (GRAPH_MARGIN + depth * COLUMN_WIDTH, GRAPH_MARGIN + row * ROW_HEIGHT)
        for depth, members in columns.items()
        for row, node in enumerate(members)
    }
    edges = "".join(
        f'<line x1="{position[d.source][0] + BOX_WIDTH}" y1="{position[d.source][1] + BOX_HEIGHT // 2}" '
        f'x2="{position[d.derived][0]}" y2="{position[d.derived][1] + BOX_HEIGHT // 2}" '
        'stroke="#c0392b" stroke-width="2" marker-end="url(#arrow)"/>'
        f'<text x="{(position[d.source][0] + BOX_WIDTH + position[d.derived][0]) // 2}" '
        f'y="{(position[d.source][1] + position[d.derived][1]) // 2 + BOX_HEIGHT // 2 - 5}" '
        f'text-anchor="middle">{d.share:.0%}</text>'
        for d in dossier.derivations
    )
    boxes = "".join(
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" fill="#e6eefc" stroke="#12355b"/>'
        f'<text x="{x + BOX_WIDTH // 2}" y="{y + BOX_HEIGHT // 2 + 4}" text-anchor="middle">'
        f"{esc(labels.get(node, node)[:LABEL_CHARS])}</text>"
        for node, (x, y) in position.items()
    )
    width = 2 * GRAPH_MARGIN + max(columns) * COLUMN_WIDTH + BOX_WIDTH
    height = 2 * GRAPH_MARGIN + (max(len(m) for m in columns.values()) - 1) * ROW_HEIGHT + BOX_HEIGHT
    return (
        f'<svg width="{width}" height="{height}" role="img" aria-label="copy graph between outlets">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#c0392b"/></marker></defs>'
        f"{edges}{boxes}</svg>"
    )


def _depth(node: str, origin: dict[str, str]) -> int:
    """How many copies away from an original the article is (a loop of copies stops the count)."""
    seen = {node}
    while node in origin and origin[node] not in seen:
        node = origin[node]
        seen.add(node)
    return len(seen) - 1


def markdown(dossier: Dossier) -> str:
    if not (dossier.claims or dossier.derivations or dossier.conflicts):
        return ""
    return "\n\n".join(
        (f"### {md_cell(title)}\n\n" if title else "") + _story_markdown(part) for title, part in per_story(dossier)
    )


def _story_markdown(dossier: Dossier) -> str:
    """The four lists of a story, each left out when it is empty."""
    conflicts = []
    for c in dossier.conflicts:
        conflicts.append(f"- **{md_cell(c.kind)}** ({md_cell(c.attribute)}): {md_cell(c.explanation)}")
        conflicts += [f"  - {md_cell(side.text)} {sources_md(side.sources, dossier)}" for side in c.sides]
    copies = [
        f"- {sources_md([d.source], dossier)} → {sources_md([d.derived], dossier)}: {d.share:.0%} reused "
        f"({md_cell(', '.join(d.method))}; direction by {md_cell(d.direction)})"
        for d in strongest_copies(dossier.derivations)
    ]
    ordered = sorted(dossier.claims, key=lambda c: (-len(c.independent_sources), -len(c.sources)))
    shared = [
        f"| {md_cell(c.text)} | {md_cell(c.kind)} | {len(c.independent_sources)} | {sources_md(c.sources, dossier)} |"
        for c in ordered
        if len(c.sources) > 1
    ]
    shared = ["| claim | kind | independent | sources |", "|---|---|---|---|", *shared] if shared else []
    single = [
        f"- {md_cell(c.text)} {sources_md(c.sources, dossier)}"
        for c in dossier.claims
        if c.single_source and c.kind == "fact"
    ]
    lists = [
        ("Where sources differ", conflicts),
        ("Who copied whom", copies),
        ("Claims stated by several sources", shared),
        (f"Single-source claims ({len(single)})", single),
    ]
    return "\n\n".join(f"#### {heading}\n\n" + "\n".join(lines) for heading, lines in lists if lines)
