"""The brief cites every line and keeps opinion out; coverage tells what each source alone has or leaves out."""

from __future__ import annotations

from newsweave.link.brief import build_brief
from newsweave.link.coverage import source_coverage
from newsweave.models import Article, Derivation, Statement, Support
from newsweave.settings import ReportSettings

CFG = ReportSettings()


def statement(article: str, index: int, text: str, support: list[tuple[str, int, str]] = ()) -> Statement:
    supported_by = [Support(article=a, sentence=i, text=t, similarity=0.8) for a, i, t in support]
    return Statement(id=f"{article}:{index}", article=article, sentence=index, start=0, end=len(text), text=text,
                     supported_by=supported_by, sources=[article, *(a for a, _, _ in support)])


FLOOD_A = "Floods have forced more than 30,000 people from their homes in the northern province this week."
FLOOD_B = "More than 30,000 residents of the northern province were driven from their homes by floods."
DAM = "Engineers are inspecting the dam above the provincial capital after cracks were reported on Monday."
QUOTE = "“We have never seen water this high,” said the mayor of the capital, who asked for army help."
ONLY_C = "The army sent four helicopters and two hundred soldiers to the worst-hit villages on Tuesday."


def stories() -> list[Statement]:
    return [
        statement("a", 0, FLOOD_A, [("b", 0, FLOOD_B)]),
        statement("a", 1, DAM, [("b", 2, DAM)]),
        statement("a", 2, QUOTE, [("b", 1, QUOTE)]),
        statement("b", 0, FLOOD_B, [("a", 0, FLOOD_A)]),
        statement("b", 1, QUOTE, [("a", 2, QUOTE)]),
        statement("b", 2, DAM, [("a", 1, DAM)]),
        statement("c", 0, ONLY_C),
        statement("c", 1, "Short headline fragment"),
    ]


def test_brief_cites_sources_skips_quotes_and_duplicates() -> None:
    brief = build_brief(stories(), [], CFG)
    texts = [line.text for line in brief]
    assert QUOTE not in texts, "quotes are not the neutral record"
    assert "Short headline fragment" not in texts
    assert sum(t in (FLOOD_A, FLOOD_B) for t in texts) == 1, "one line per fact, not one per outlet"
    flood = next(line for line in brief if line.text in (FLOOD_A, FLOOD_B))
    assert set(flood.sources) == {"a", "b"}
    assert all(line.sources for line in brief)
    assert texts.index(flood.text) < texts.index(DAM), "lines follow the story order"


def test_coverage_lists_unique_and_omitted_facts() -> None:
    articles = [Article(id=x, text="...", title=f"Headline {x}") for x in "abc"]
    coverage = {c.article: c for c in source_coverage(articles, stories(), [], CFG)}
    assert [i.text for i in coverage["c"].unique] == [ONLY_C, "Short headline fragment"]
    omitted_by_c = {i.text for i in coverage["c"].omitted}
    assert omitted_by_c & {FLOOD_A, FLOOD_B} and omitted_by_c & {DAM}
    assert coverage["a"].omitted == [], "a carries everything stated by two or more sources"
    assert coverage["a"].shared == 3 and coverage["a"].headline == "Headline a"


def test_coverage_counts_an_original_and_its_copy_as_one_source() -> None:
    articles = [Article(id=x, text="...") for x in ("a", "b", "c", "d")]
    statements = [
        statement("a", 0, FLOOD_A, [("b", 0, FLOOD_B)]),
        statement("b", 0, FLOOD_B, [("a", 0, FLOOD_A)]),
        statement("c", 0, ONLY_C),
        statement("d", 0, DAM),
    ]
    copy = [Derivation(source="a", derived="b", share=0.9, direction="unknown")]
    assert [i.text for i in source_coverage(articles, statements, [], CFG)[2].omitted] == [FLOOD_A]
    assert source_coverage(articles, statements, copy, CFG)[2].omitted == [], "one wire text is one report"


def test_brief_prefers_the_original_over_its_copy_and_counts_independent_sources() -> None:
    copy = "Floods have forced more than 30,000 people from their homes in the province, officials said."
    statements = [
        statement("orig", 3, FLOOD_A, [("copy", 0, copy)]),
        statement("copy", 0, copy, [("orig", 3, FLOOD_A)]),
        statement("x", 1, DAM, [("y", 1, DAM)]),
        statement("y", 1, DAM, [("x", 1, DAM)]),
    ]
    brief = build_brief(statements, [Derivation(source="orig", derived="copy", share=0.6, direction="credit")], CFG)
    assert [line.text for line in brief] == [DAM, FLOOD_A], "two independent sources outrank an original + copy"


def test_story_span_counts_inferred_publication_windows() -> None:
    from newsweave.app.pipeline import publication_span

    assert publication_span(["2025-08-28", ["2025-08-25", "2025-08-31"], None, "2025"]) == ["2025-08-25",
                                                                                          "2025-08-31"]
    assert publication_span([None, "2024"]) is None
    assert publication_span(["2024-01-02"]) == "2024-01-02"
