"""The entity/relation graph of a dossier, exported as GraphML (for Gephi, yEd, networkx) or as JSON.

Nodes are entities, edges are relations between two entities; a relation whose object is free text
("attends" -> "parade") becomes an edge to a node of type TEXT, so nothing in `relations` is dropped.

networkx is imported when a graph is first built: importing it takes ~0.2 s, which a run (and each of its parse
workers, which import the command's module) would otherwise pay before reading its first article.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.models import Dossier
from newsweave.report.files import write_atomically

if TYPE_CHECKING:
    import networkx as nx

TEXT_NODE = "TEXT"


def build_graph(dossier: Dossier) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for e in dossier.entities:
        graph.add_node(
            e.id,
            name=e.name,
            type=e.type,
            role=e.role or "",
            mentions=e.mentions,
            aliases="; ".join(e.aliases),
            sources=" ".join(e.sources),
        )
    for r in dossier.relations:
        if r.object not in graph:
            graph.add_node(r.object, name=r.object_name or r.object, type=TEXT_NODE, role="", mentions=0)
        graph.add_edge(
            r.subject,
            r.object,
            relation=r.relation,
            evidence=r.evidence,
            sources=" ".join(r.sources),
            count=r.count if r.count is not None else -1,
            detail=r.detail or "",
        )
    return graph


def graph_json(dossier: Dossier) -> dict:
    """networkx node-link data: {"nodes": [...], "edges": [...]} with the same attributes as the GraphML."""
    import networkx as nx

    return nx.node_link_data(build_graph(dossier), edges="edges")


def render_graph(dossier: Dossier) -> str:
    return json.dumps(graph_json(dossier), indent=2, ensure_ascii=False)


def write_graph(dossier: Dossier, path: Path) -> Path:
    """GraphML when the name ends in .graphml, JSON otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".graphml":
        import networkx as nx

        nx.write_graphml(build_graph(dossier), path)
    else:
        write_atomically(path, render_graph(dossier))
    return path
