"""The dossier's timeline section."""

from __future__ import annotations

from newsweave.models import Dossier

TITLE = "Timeline"
ANCHOR = "timeline"


def html(dossier: Dossier) -> str:
    return ""


def markdown(dossier: Dossier) -> str:
    return ""
