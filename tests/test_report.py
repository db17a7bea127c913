"""Reports: the schema file is current, and hostile article text cannot inject markup into report.html."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from collections import Counter
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pydantic import ValidationError

from newsweave.models import (
    Article,
    BriefLine,
    Claim,
    ClaimEvidence,
    Dossier,
    Quote,
    Removal,
    Statement,
    Story,
    Support,
    TimelineEntry,
    rows_listed,
)
from newsweave.report.htmlkit import CITED_MOST
from newsweave.report.schema import SCHEMA_PATH, dossier_schema
from newsweave.report.writers import render_html, render_markdown, write_outputs
from tests.hostile import injection

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def test_schema_file_is_generated_from_the_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == dossier_schema(), (
        "docs/dossier.schema.json is stale: run python -m newsweave.report.schema"
    )


def test_article_text_is_escaped_everywhere_in_html() -> None:
    article = Article(id="a1", title=HOSTILE, outlet=HOSTILE, text=HOSTILE, removed=[Removal(text=HOSTILE, rule="r")])
    statement = Statement(id="a1:0", article="a1", sentence=0, start=0, end=len(HOSTILE), text=HOSTILE,
                          sources=["a1"])
    html = render_html(Dossier(articles=[article], statements=[statement]))
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html, "the report must not load anything from the network"


def test_an_article_without_removed_furniture_gets_a_line_not_an_empty_table() -> None:
    clean = Article(id="a1", title="A title", text="Some text.")
    trimmed = Article(id="a2", title="B title", text="More text.", removed=[Removal(text="Share this", rule="share")])
    section = render_html(Dossier(articles=[clean, trimmed])).split('id="articles"', 1)[1]
    first, second = section.split('id="article-a2"')
    assert "No furniture removed." in first and 'class="removed"' not in first
    assert "Removed furniture (1)" in second and "Share this" in second and "No furniture removed." not in second


def test_markdown_has_every_built_section() -> None:
    article = Article(id="a1", title="A title", text="Some text.")
    markdown = render_markdown(Dossier(articles=[article]))
    assert "## Articles and removed page furniture" in markdown
    assert "| a1 | A title |" in markdown


def test_several_stories_get_their_own_brief_and_timeline_and_shared_outlets_are_numbered() -> None:
    articles = [
        Article(id="q1", outlet="AP", story="s-quake", text="A quake struck."),
        Article(id="q2", outlet="AP", story="s-quake", text="The quake toll rose."),
        Article(id="v1", outlet="Le Monde", story="s-vote", text="The vote passed."),
    ]
    stories = [
        Story(id="s-quake", title="Quake hits the coast", articles=["q1", "q2"]),
        Story(id="s-vote", title="Parliament votes", articles=["v1"]),
    ]
    dossier = Dossier(
        articles=articles,
        stories=stories,
        brief=[BriefLine(text="The vote passed.", sources=["v1"]), BriefLine(text="A quake struck.", sources=["q1", "q2"])],
        timeline=[
            TimelineEntry(date="2026-03-02", event="vote passed", expression="Monday", how="relative", sources=["v1"]),
            TimelineEntry(date="2026-03-01", event="quake struck", expression="Sunday", how="relative", sources=["q2"]),
        ],
    )
    markdown = render_markdown(dossier)
    brief = markdown.split("## Brief", 1)[1].split("\n## ", 1)[0]
    assert brief.index("### Quake hits the coast") < brief.index("A quake struck") < brief.index("### Parliament votes")
    assert "[AP #1], [AP #2]" in brief and "[Le Monde]" in brief
    timeline = markdown.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    assert timeline.index("### Quake hits the coast") < timeline.index("quake struck") < timeline.index("vote passed")
    dossier.quotes = [
        Quote(speaker_name="Speaker Ann Vey", kind="direct", text="The vote stands.", sources=["v1"]),
        Quote(speaker_name="Mayor Ola Berg", kind="indirect", text="the quake was the worst in years", sources=["q1"]),
    ]
    quotes = render_markdown(dossier).split("## Who said what", 1)[1].split("\n## ", 1)[0]
    assert quotes.index("### Quake hits the coast") < quotes.index("Mayor Ola Berg") < quotes.index("### Parliament")
    dossier.claims = [Claim(id="c1", text="The vote passed.", sources=["v1"], independent_sources=["v1"])]
    claims = render_markdown(dossier).split("## Claims, copies and conflicts", 1)[1].split("\n## ", 1)[0]
    assert "### Parliament votes" in claims and "Quake hits the coast" not in claims, "a story without claims is left out"
    html = render_html(dossier)
    assert html.count("<h3>Parliament votes</h3>") == 4, "a heading in the brief, quotes, timeline and claims"


def markdown_tokens(markdown: str) -> Counter[str]:
    """What a real CommonMark renderer (with GFM tables and strikethrough, raw HTML on) makes of the text: the
    count of each kind of block and inline element (runs of text left out)."""
    counts: Counter[str] = Counter()
    for token in MARKDOWN.parse(markdown):
        counts.update(t.type for t in [token, *(token.children or [])] if t.type not in ("text", "text_special"))
    return counts


MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def test_markdown_of_hostile_article_data_is_inert_in_a_real_renderer() -> None:
    """Every article-derived value carries script, handlers, links, images, HTML and line-start markup, with
    line breaks: the Markdown must render to the same elements as its plain twin, the payloads shown as text."""
    markdown = render_markdown(injection.dossier(injection.hostile))
    twin = render_markdown(injection.dossier(injection.plain))
    hostile_tokens, plain_tokens = markdown_tokens(markdown), markdown_tokens(twin)
    assert hostile_tokens["html_inline"] == hostile_tokens["html_block"] == hostile_tokens["image"] == 0
    assert hostile_tokens == plain_tokens, "no heading, list, table row, link or emphasis is added"
    html = MARKDOWN.render(markdown)
    assert not re.search(r"<(script|img|svg|b|a href=\"java)\b", html, flags=re.IGNORECASE)
    assert re.findall(r'href="([^"]*)"', html) == [html_escape(injection.GOOD_URL.replace("(", "%28").replace(")", "%29"))]
    assert "&lt;script&gt;window.__injected='script'&lt;/script&gt;" in html, "shown as text, not dropped"
    assert "&amp;lt;script&amp;gt;" in html, "an entity in the text stays the characters it was written with"


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside each <style> and <script>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] in self.inline:
            self.inline[self.tags[-1][0]].append(data)


def test_report_html_allows_only_its_own_style_and_script_and_links_only_http() -> None:
    page = render_html(injection.dossier(injection.hostile))
    tags = Tags(page)
    assert [tag for tag, _ in tags.tags].count("script") == 1 and not any(t in ("img", "iframe", "object", "embed")
                                                                           for t, _ in tags.tags)
    assert not [(t, a) for t, a in tags.tags for name in a if name.startswith("on") or name == "style"]
    hrefs = [a["href"] or "" for _, a in tags.tags if "href" in a]
    assert hrefs and all(h.startswith("#") or h == injection.GOOD_URL for h in hrefs), hrefs
    assert injection.GOOD_URL in hrefs, "an http(s) URL of an article is a link"
    policy = next(a["content"] or "" for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "unsafe" not in policy and "default-src 'none'" in policy
    for kind, sources in tags.inline.items():
        digest = base64.b64encode(hashlib.sha256("".join(sources).encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy, f"the page's own {kind} is allowed by its hash"


def test_outputs_are_written_whole_with_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    written = write_outputs(Dossier(), tmp_path, ["json", "md", "html"])
    umask = os.umask(0)
    os.umask(umask)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"


def test_dossier_json_references_evidence_and_reads_back_whole(seed_dossier: Dossier) -> None:
    """Texts found again at their offsets or as the sentence they name are left out of dossier.json, and reading
    it back restores every one: the dossier read equals the dossier written."""
    written = json.loads(seed_dossier.model_dump_json())
    assert seed_dossier.statements and seed_dossier.claims, "the example links statements and claims"
    assert set(written["statements"]) == {"sentences", "facts", "links", "unsupported", "support"}, "grouped"
    rows = [row for _, rows in written["statements"]["sentences"] for row in rows]
    assert len(rows) == len(seed_dossier.statements) and all(len(row) == 3 for row in rows), "texts left out"
    keys = written["tables"]["claims.support"]
    assert all(isinstance(row, list) for c in written["claims"] for row in c["support"]), "evidence lists are rows"
    evidence = [rows_listed(row, keys) for c in written["claims"] for row in c["support"]]
    assert all("sentence_text" not in e for e in evidence)
    assert all(set(d) == {"source", "derived", "share", "evidence", "more"} for d in written["derivations"])
    assert sum("text" not in e for e in evidence) > len(evidence) / 2, "most claims are worded as printed"
    assert all({"id", "text", "sources", "independent_sources"} <= set(c) for c in written["claims"]), "contract"
    assert Dossier.model_validate_json(seed_dossier.model_dump_json()).model_dump() == seed_dossier.model_dump()


def test_statements_are_written_once_per_fact_and_read_back_whole() -> None:
    """n copies of a sentence: each statement lists the n - 1 others in memory, but dossier.json writes the fact
    once, so the file grows with the story, not with its square; a supporter the sameness service did not find
    and a text that is not at its offsets are kept, and reading gives back the same statements."""

    def copies(n: int) -> Dossier:
        sentence, other = "The dam burst at dawn.", "Rescuers reached the valley."
        articles = [Article(id=f"a{i}", text=f"{sentence} {other}") for i in range(n)]
        def text(i: int, index: int) -> str:
            return (sentence, other if (i, index) != (2, 1) else "Rescuers reached it.")[index]

        statements = []
        for i in range(n):
            for index, start in enumerate((0, len(sentence) + 1)):
                supported_by = [Support(article=f"a{o}", sentence=index, text=text(o, index), similarity=1.0)
                                for o in range(n) if o != i and not (i, o) == (0, 1)]
                statements.append(Statement(
                    id=f"a{i}:{index}", article=f"a{i}", sentence=index, start=start,
                    end=start + len(text(0, index)), text=text(i, index), supported_by=supported_by,
                    sources=[f"a{i}", *(s.article for s in supported_by)]))
        return Dossier(articles=articles, stories=[Story(id="s", title="Dam", articles=[a.id for a in articles])],
                       statements=statements)

    sizes = {}
    for n in (20, 40):
        dossier = copies(n)
        written = json.loads(dossier.model_dump_json())
        assert isinstance(written["statements"], dict), "grouped by fact"
        assert Dossier.model_validate(written).model_dump() == dossier.model_dump()
        sizes[n] = len(json.dumps(written["statements"]))
    assert sizes[40] < 2.2 * sizes[20], f"statements grow with the story, not its square: {sizes}"
    written["statements"]["sentences"][0][1][0] = [0]
    with pytest.raises(ValidationError, match="grouped evidence"):
        Dossier.model_validate(written)


def test_a_supporter_list_the_facts_cannot_give_is_written_as_positions() -> None:
    """Statement a0:0's supporter from a1 is a1's other sentence (as when the sameness service's neighbour cap
    kept that pair and not the closer one): its list is written outright, each supporter as the compact
    `[position, similarity]`, and reads back whole."""
    first, second = "The dam burst at dawn.", "Water rushed into the valley."
    articles = [Article(id=f"a{i}", text=f"{first} {second}") for i in range(4)]
    spans = ((0, len(first)), (len(first) + 1, len(first) + 1 + len(second)))

    def support(i: int, index: int) -> list[Support]:
        if (i, index) == (0, 0):
            return [Support(article="a2", sentence=0, text=first, similarity=1.0),
                    Support(article="a3", sentence=0, text=first, similarity=1.0),
                    Support(article="a1", sentence=1, text=second, similarity=0.7)]
        return [Support(article=f"a{o}", sentence=index, text=(first, second)[index], similarity=1.0)
                for o in range(4) if o != i]

    statements = [
        Statement(id=f"a{i}:{index}", article=f"a{i}", sentence=index, start=spans[index][0], end=spans[index][1],
                  text=(first, second)[index], supported_by=support(i, index),
                  sources=[f"a{i}", *(s.article for s in support(i, index))])
        for i in range(4) for index in (0, 1)
    ]
    dossier = Dossier(articles=articles, stories=[Story(id="s", title="Dam", articles=[a.id for a in articles])],
                      statements=statements)
    written = json.loads(dossier.model_dump_json())
    assert written["statements"]["support"] == [[0, [[4, 1.0], [6, 1.0], [3, 0.7]]]], "positions, not objects"
    assert Dossier.model_validate(written).model_dump() == dossier.model_dump()


def test_a_text_that_is_not_at_its_offsets_stays_in_dossier_json() -> None:
    article = Article(id="a1", text="Officials said 12 people died. The bridge fell.")
    kept = ClaimEvidence(article="a1", sentence=0, start=0, end=29, text="12 people died")
    start = article.text.index("The bridge")
    found = ClaimEvidence(article="a1", sentence=1, start=start, end=start + 16, text="The bridge fell.")
    claim = Claim(id="c1", text="12 people died", sources=["a1"], support=[kept, found])
    written = json.loads(Dossier(articles=[article], claims=[claim]).model_dump_json())
    support = [rows_listed(row, written["tables"]["claims.support"]) for row in written["claims"][0]["support"]]
    assert [e.get("text") for e in support] == ["12 people died", None]
    read = Dossier.model_validate(written)
    assert [e.text for e in read.claims[0].support] == ["12 people died", "The bridge fell."]


def test_report_lists_a_fact_once_and_names_a_handful_of_its_sources() -> None:
    """Forty articles print one sentence: the statements section shows it once, and a cell names a few sources
    and counts the rest, so the report grows with the story, not with its square."""
    sentence = "The dam burst at dawn."
    articles = [Article(id=f"a{i}", outlet=f"Outlet {i}", text=sentence) for i in range(40)]
    ids = [a.id for a in articles]
    statements = [
        Statement(id=f"{i}:0", article=i, sentence=0, start=0, end=len(sentence), text=sentence, sources=[i, *others],
                  supported_by=[Support(article=o, sentence=0, text=sentence, similarity=1.0) for o in others])
        for i in ids
        for others in [[o for o in ids if o != i]]
    ]
    html = render_html(Dossier(articles=articles, statements=statements))
    section = html.split('id="statements"', 1)[1].split("</section>", 1)[0]
    assert section.count(sentence) == 1
    assert section.count('class="src"') == CITED_MOST and f"+{40 - CITED_MOST} more" in section
