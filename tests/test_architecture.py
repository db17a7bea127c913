"""The import graph follows the flow of the pipeline: lower stages never import higher ones, and no module
reaches itself through its imports (the contracts are in pyproject.toml, `[tool.importlinter]`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("newsweave")
    edges = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("newsweave")
    )
    cycles = [cycle for cycle in nx.simple_cycles(edges) if len(cycle) > 1]
    assert cycles == []
