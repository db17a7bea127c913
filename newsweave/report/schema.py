"""The JSON Schema of dossier.json, generated from the pydantic models into docs/dossier.schema.json.

Run `python -m newsweave.report.schema` after changing a model; a test fails while the file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsweave.models import Dossier

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "dossier.schema.json"


def dossier_schema() -> str:
    schema = Dossier.model_json_schema()
    schema["$id"] = "https://newsweave.example/dossier.schema.json"
    schema["title"] = "newsweave dossier"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH
    target.write_text(dossier_schema(), encoding="utf-8")
    print(f"wrote {target}")
