"""The network cases of the hostile corpus: URLs on a hostile loopback site (`servers.py`), and an address no
fetch may reach by default. A run lets exactly the hostile site's host:port through `network.allow_private`
(`allowed_targets`); everything else private stays refused, the site's redirect into loopback included."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from .corpus import Build, Case, register
from .servers import PATHS, hostile_site


def _on_site(path: str) -> Build:
    def build(_: Path, stack: ExitStack) -> str:
        return stack.enter_context(hostile_site()).url(path)

    return build


def allowed_targets(inputs: list[str]) -> list[str]:
    """The host:port of every input URL on a loopback hostile site: the private crawl targets a run over the
    corpus names in `network.allow_private`, so that only the hazards themselves stand between it and them."""
    return sorted({urlsplit(url).netloc for url in inputs if urlsplit(url).hostname == "127.0.0.1"})


for _case in (
    Case("server dripping a byte a second", _on_site(PATHS["drip"]), "skipped", "timed out", "network"),
    Case("server dripping its headers", _on_site(PATHS["drip headers"]), "skipped", "timed out", "network"),
    Case("redirect loop", _on_site(PATHS["redirect loop"]), "skipped", "redirect loop", "network"),
    Case("redirect to 127.0.0.1", _on_site(PATHS["redirect to loopback"]), "skipped", "loopback", "network"),
    Case("100 MB page over HTTP", _on_site(PATHS["huge page"]), "skipped", "page limit", "network"),
    Case("400 MB robots.txt", _on_site(PATHS["robots-disallowed page"]), "skipped", "robots.txt", "network"),
    Case("feed of 10000 entries", _on_site(PATHS["huge feed"]), "skipped", "feed", "network"),
    Case("cloud metadata address", lambda _, __: "http://169.254.169.254/latest/meta-data/", "skipped",
         "link-local", "network"),
):
    register(_case)
