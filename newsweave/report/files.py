"""Writing an output file so that a reader never sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_FILE_MODE = 0o666
"""What `open()` would create, before the user's umask: a temporary file is private (0600) by default."""


def write_atomically(path: Path, content: str) -> None:
    """Write next to the target, then rename over it; the file gets the permissions a plain write would."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(content)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp.name, DEFAULT_FILE_MODE & ~umask)
    os.replace(tmp.name, path)
