"""spaCy without torch, and without its command line. thinc, spaCy's machine-learning library, imports torch
whenever it is installed (`thinc.compat`), for model types the spaCy pipeline newsweave runs does not have: in a
process that only parses, that import held ~190 MB resident and took ~4 s of the pipeline's load (a parse worker:
466 against 276 MB RSS, 10.3 against 6.2 s, the same Docs token by token). A process whose encoders run without
torch (ONNX Runtime, the static table) needs none either. spaCy's own `__init__` imports its command line (`spacy
info`, `spacy download`, ...: typer, weasel, requests, httpx, jinja2, rich; 360 modules) for one name, `spacy.info`,
which no run calls: ~0.17 CPU-s of each process that loads spaCy (this one and each parse worker).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def import_thinc_without_torch() -> None:
    """Import thinc as if torch were not installed, then let torch be imported again by whatever needs it (the
    full MiniLM encoder, the making of a derived one), which finds it as usual. Too late once thinc is imported,
    and nothing to save once torch is: then it does nothing. spaCy is imported here too, without its command
    line (`_import_spacy_without_cli`)."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # Python's way to make an import fail: ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]
    _import_spacy_without_cli()


def _import_spacy_without_cli() -> None:
    """Import spaCy with a stand-in for the one module of its command line its `__init__` imports (`spacy.cli.info`,
    for `spacy.info`), then forget the stand-in: `import spacy.cli` (or `python -m spacy`) later imports the real
    command line, and `spacy.info` calls the real one."""
    if "spacy" in sys.modules:
        return
    names = ("spacy.cli", "spacy.cli.info")
    stand_ins = {name: ModuleType(name) for name in names}
    stand_ins["spacy.cli.info"].info = _info  # type: ignore[attr-defined]
    stand_ins["spacy.cli"].info = stand_ins["spacy.cli.info"]  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name in names:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        del spacy.cli


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, its command line imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
