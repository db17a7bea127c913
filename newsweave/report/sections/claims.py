"""The dossier's claims section."""

from __future__ import annotations

from newsweave.models import Dossier

TITLE = "Claims"
ANCHOR = "claims"


def html(dossier: Dossier) -> str:
    return ""


def markdown(dossier: Dossier) -> str:
    return ""
