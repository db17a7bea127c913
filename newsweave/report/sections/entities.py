"""The dossier's entities section."""

from __future__ import annotations

from newsweave.models import Dossier

TITLE = "Entities"
ANCHOR = "entities"


def html(dossier: Dossier) -> str:
    return ""


def markdown(dossier: Dossier) -> str:
    return ""
