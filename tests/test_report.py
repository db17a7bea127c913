"""Reports: the schema file is current, and hostile article text cannot inject markup into report.html."""

from __future__ import annotations

from newsweave.models import Article, Dossier, Removal, Statement
from newsweave.report.schema import SCHEMA_PATH, dossier_schema
from newsweave.report.writers import render_html, render_markdown

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


def test_markdown_has_every_built_section() -> None:
    article = Article(id="a1", title="A title", text="Some text.")
    markdown = render_markdown(Dossier(articles=[article]))
    assert "## Articles and removed page furniture" in markdown
    assert "| a1 | A title |" in markdown
