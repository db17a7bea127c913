"""The dossier's quotes section."""

from __future__ import annotations

from newsweave.models import Dossier

TITLE = "Quotes"
ANCHOR = "quotes"


def html(dossier: Dossier) -> str:
    return ""


def markdown(dossier: Dossier) -> str:
    return ""
