"""Per-article budgets: a text without sentence punctuation is cut into bounded sentences, and an article over
the token budget is skipped with its reason before any parsing, while the others are analyzed."""

from __future__ import annotations

import itertools

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.models import Article, RawDocument
from newsweave.nlp.annotate import doc_text
from newsweave.nlp.budget import admit, over_budget
from newsweave.nlp.paragraphs import ParagraphBoundaries
from newsweave.settings import ParseSettings, Settings
from tests.hostile.runs import unpunctuated_text

GOOD = (
    "Ferry crews in Dunmarrow stopped work on Tuesday after the harbour board cut night shifts, the crews' union "
    "said. Board chair Elsa Venn said the cuts would be reviewed in June."
)


def unpunctuated(words: int) -> str:
    """`words` words of the hostile corpus's unpunctuated text (one token each)."""
    return " ".join(unpunctuated_text(words * 12).split()[:words])


def forced_starts(nlp, text: str, bound: int) -> list[int]:
    doc = ParagraphBoundaries(bound)(nlp.make_doc(text))
    return [token.i for token in doc[1:] if token.is_sent_start]


def test_a_run_without_sentence_punctuation_is_cut_at_the_bound(nlp) -> None:
    starts = forced_starts(nlp, unpunctuated(400), bound=150)
    assert starts == [150, 300], "a cut after every 150 tokens of the unbroken run"


def test_sentences_with_punctuation_are_never_cut(nlp) -> None:
    sentence = unpunctuated(120) + "."
    assert forced_starts(nlp, " ".join([sentence] * 4), bound=150) == [], "each sentence is under the bound"
    assert forced_starts(nlp, sentence + "\n" + unpunctuated(149), bound=150) == [122], "only the line break"


def test_parsed_text_without_punctuation_has_only_bounded_sentences(annotate_texts) -> None:
    bound = ParseSettings().max_sentence_tokens
    (item,) = annotate_texts("Harbour board meets\n" + unpunctuated(1500) + "\n" + GOOD)
    lengths = [len(sent) for sent in item.doc.sents]
    assert max(lengths) <= bound, lengths
    assert len(lengths) >= 1500 // bound, "the run was cut into pieces, not left as one sentence"
    assert doc_text(item.doc) == item.doc.text == item.article.text


def _article(text: str, name: str) -> Article:
    articles, skipped = prepare_articles([RawDocument(source=name, path=name, text=text)])
    assert articles, skipped
    return articles[0]


def test_token_budget_counts_tokens_not_characters(nlp) -> None:
    cfg = ParseSettings(max_doc_tokens=200)
    letters = " ".join(itertools.islice(itertools.cycle("a b c d e f g h".split()), 300))
    short_words = _article(GOOD + "\nCrews counted " + letters + ".", "short-words.txt")
    words = _article(GOOD + "\n" + "harbourmasters " * 30, "words.txt")
    assert len(words.text) > cfg.max_doc_tokens, "long enough to be counted"
    reason = over_budget(short_words, nlp, cfg)
    assert reason is not None and "parse.max_doc_tokens" in reason
    assert over_budget(words, nlp, cfg) is None, "few tokens in many characters"
    kept, skipped = admit([short_words, words], nlp, cfg)
    assert kept == [words] and [s.path for s in skipped] == ["short-words.txt"]


def test_an_article_over_budget_is_skipped_and_the_others_analyzed(models) -> None:
    good = _article(GOOD, "good.txt")
    huge = _article(GOOD + "\n" + unpunctuated(2000), "huge.txt")
    settings = Settings(parse=ParseSettings(max_doc_tokens=1000))
    dossier = analyze_articles([huge, good], models, settings=settings)
    assert [a.id for a in dossier.articles] == [good.id]
    assert [s.path for s in dossier.skipped] == ["huge.txt"]
    assert all(huge.id not in story.articles for story in dossier.stories)
