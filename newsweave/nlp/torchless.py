"""spaCy without torch. thinc, spaCy's machine-learning library, imports torch whenever it is installed
(`thinc.compat`), for model types the spaCy pipeline newsweave runs does not have: in a process that only parses,
that import held ~190 MB resident and took ~4 s of the pipeline's load (a parse worker: 466 against 276 MB RSS,
10.3 against 6.2 s, the same Docs token by token). A process whose encoders run without torch (ONNX Runtime,
the static table) needs none either.
"""

from __future__ import annotations

import sys


def import_thinc_without_torch() -> None:
    """Import thinc as if torch were not installed, then let torch be imported again by whatever needs it (the
    full MiniLM encoder, the making of a derived one), which finds it as usual. Too late once thinc is imported,
    and nothing to save once torch is: then it does nothing."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # Python's way to make an import fail: ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]
