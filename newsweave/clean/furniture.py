"""Page furniture removal: everything on a copied or scraped page that is not the article itself.

Rules run in a fixed order over a `Page` (see `newsweave.clean.page`); each marks what it removes with
its name, so the audit trail says why every removed piece went. Rules look at line shape (short, no
sentence punctuation), position (the header block above the first paragraph, the tail after the end of
the article), repetition (captions printed twice, a standfirst repeated by the body) and a vocabulary of
furniture common on news sites, read from the language's resources (`furniture.*`, `metadata.*` keys);
the word and size limits are `CleaningSettings`. docs/cleaning.md lists every rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsweave.clean.bylines import (
    bulleted_byline,
    names_outlet,
    outlet_line,
    unsigned_byline,
)
from newsweave.clean.dateline import LEAD, dateline_alone
from newsweave.clean.page import Page, View
from newsweave.lang import Resources
from newsweave.models import Removal
from newsweave.settings import CleaningSettings

SECTION_LABEL_WORDS = 2
"""A one- or two-word line above a longer headline is a section label ("World", "Kenya")."""
HEADLINE_MIN_WORDS = 5
MASTHEAD_MIN_WORDS = 2
MASTHEAD_MAX_WORDS = 5
BYLINE_EXTRA_WORDS = 3
"""A byline may run a few words past a short line: "By Jane Doe and John Roe, Staff Writers"."""
BREADCRUMB_LINES = 3
LEAD_STAMP_LINES = 5
"""A breadcrumb is among the first lines, a date stamp or wire slug glued to a headline among the first few."""
REPEATED_CAPTION_MIN_WORDS = 4
TITLE_MATCH = 90
"""rapidfuzz partial ratio above which a header line prints the page's known title."""
AUTHOR_NOTE_LINES = 2
"""A reporter's note is among the page's last lines (a contact line may follow it)."""
STRUCTURAL_REPEATS = 2
"""Later copies of one paragraph that show the page repeats it by design rather than by a copy-paste slip."""

_TERMINAL = re.compile(r"[.!?][\"”’)\]]*$")
_FULL_STOP = re.compile(r"\.[\"”’)\]]*$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)[\"”’)\]]*$")
_SENTENCE_END = re.compile(r"\b[a-z][\w'’-]*[.!?][\"”’)\]]*$")
_AFTER_SENTENCE = re.compile(r"[.!?][\"”’)]?\s+$")
_EDGE_PUNCTUATION = " .:;!|•·–—-»›>*#_=~"
WIRE_SLUG = re.compile(r"^[(\[][A-Z0-9][A-Z0-9 ]{1,20}(?::[^)\]\n]{0,120})?[)\]](?:\s+(?![—–-])|$)")
"""An editorial slug of wire copy, alone or before the headline: "(LEAD)", "(2ND LD)", "(ATTN: ...)"; not
"(CNN) — ...", where the agency opens the first sentence."""
SEPARATOR = re.compile(r"^[\W_]+$")
"""A paragraph of punctuation only ("___", "* * *", "—"): a visual divider."""
GLUE = re.compile(r"(?<=\S[\"”’])(?=[A-Z])|(?<=[a-z0-9]{2}[.!?])(?=[A-Z\"“])")
"""A place where two texts were glued with no space: a sentence or quote ends and the next starts at once."""
SENTENCE_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“‘(])")
STAMP_ROW_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+/\s+")
"""Between the parts of a row of page metadata ("Desk / SITE.COM / Updated: ...")."""
BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|/|\||•|·|→)\s*")
BULLET = re.compile(r"^[-•*–·▪●■◦]\s+\S")
GLUED_SIGN_OFF = re.compile(r"(?<=[.!?\"”’])\s*\((?P<outlet>[A-Z][\w&.'’/ -]{1,40})\)\s*$")
"""The agency's name in brackets closing the article's last sentence: "... said the officer. (HNA)"."""
KICKER_ROW = re.compile(r"\s[|•·/]\s")
"""A "Section | Topic" row above a headline."""

LineTest = Callable[[str], bool]


@dataclass
class Cleaned:
    text: str
    removed: list[Removal] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    article_end: int = 0
    """Offset in the text before cleaning where the last kept paragraph ends: a removal past it is in the
    page's tail (sign-offs, "Source:" lines), not a caption's credit inside the article."""


def clean_text(text: str, res: Resources, cfg: CleaningSettings, title: str | None = None) -> Cleaned:
    """`title`: the headline given with the text (page metadata), when known; see `header`."""
    page = Page.of(text, res, cfg, title)
    for rule in RULES:
        rule(page)
    lines = page.lines()
    end = max((offset for offset in lines[-1].offsets if offset >= 0), default=0) if lines else 0
    return Cleaned(text=page.cleaned_text(), removed=page.audit(), captions=page.captions, article_end=end)


# --------------------------------------------------------------------------- line shape


def is_body(text: str, cfg: CleaningSettings) -> bool:
    return len(text.split()) >= cfg.body_min_words and bool(_TERMINAL.search(text)) and not _TRUNCATED.search(text)


def _bare(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION)


def _reads_as_sentence(text: str) -> bool:
    """Ends like a sentence (a lower-case word and a full stop), unlike a credit or a heading."""
    return bool(_SENTENCE_END.search(text))


def _words(text: str) -> int:
    return len(text.split())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _line_spans(view: View) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in view.text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


# --------------------------------------------------------------------------- rules


def social_posts(page: Page) -> None:
    """An embedded post glued into a paragraph: its text, picture link, "— Name (@handle) date". The post's
    text starts at the nearest glue point (a sentence or quote followed by a capital with no space, where
    two page elements or the post's own line breaks were joined) before the signature, taking in a quotation
    the post opens with; failing that at the last sentence boundary, or, when the signature opens a line,
    the whole line above. Sentences before the post are kept."""
    res = page.res
    view = page.whole()
    for found in res.pattern("furniture.social_signature").finditer(view.text):
        page.remove(view, _post_start(view, found.start(), page.cfg), found.end(), "social-post")
    for found in res.pattern("furniture.social_instagram").finditer(view.text):
        page.remove(view, found.start(), found.end(), "social-post")
    view = page.whole()
    for found in res.pattern("furniture.social_link").finditer(view.text):
        page.remove(view, found.start(), found.end(), "social-link")


def _post_start(view: View, signature: int, cfg: CleaningSettings) -> int:
    line_start = view.line_start(signature)
    if not view.text[line_start:signature].strip():
        above = view.line_start(max(line_start - 1, 0))
        return above if line_start - above <= cfg.social_post_max_chars else line_start
    window = max(line_start, signature - cfg.social_post_max_chars)
    glues = [m.start() for m in GLUE.finditer(view.text, window, signature)]
    if glues:
        return _quoted_lead(view, glues[-1], window)
    boundaries = [m.end() for m in SENTENCE_BOUNDARY.finditer(view.text, window, signature)]
    return boundaries[-1] if boundaries else line_start


def _quoted_lead(view: View, glue: int, window: int) -> int:
    """A quote-post puts the line it quotes first: an unattributed quotation that is a sentence of its own
    and is glued straight onto the post's text belongs to the post, not to the article."""
    if view.text[glue - 1] not in "\"”":
        return glue
    opening = max(view.text.rfind('"', window, glue - 1), view.text.rfind("“", window, glue - 1))
    if opening < 0 or (view.text[opening] == '"' and view.text[glue - 1] != '"'):
        return glue
    before = view.text[view.line_start(opening):opening]
    return opening if not before.strip() or _AFTER_SENTENCE.search(before) else glue


def page_tail(page: Page) -> None:
    """Comment sections and teaser blocks. A comment-section heading (or the page's own "end of article" mark) goes;
    when it comes once the article has run its course (past the middle of the text, or with fewer body
    paragraphs after it than before), nothing after it is article either: all of it goes. A teaser heading
    ("More stories") takes the lines under it while they look like teasers: headlines and truncated snippets,
    or, when snippets are full sentences and the heading is past the middle of the page, a run in which at
    least half the lines are headline-shaped. Article paragraphs after a teaser box in mid-page (plain
    paragraphs, perhaps a subhead) are kept. Above the article's first paragraph such a heading is a menu
    label ("Topics"): it goes alone, and the headline block under it is left to the header rule."""
    res, cfg = page.res, page.cfg
    lines = page.lines()
    total = sum(len(line.text) for line in lines)
    seen = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        bare = _bare(line.text)
        following = lines[index + 1:]
        end = next(((m, t) for key, m, t in END_OF_ARTICLE if res.pattern(key).fullmatch(bare)), None)
        if index > 0 and end:
            body_before = sum(is_body(other.text, cfg) for other in lines[:index])
            page.remove_line(line, end[0])
            if seen * 2 >= total or sum(is_body(other.text, cfg) for other in following) < body_before:
                page.remove_lines(following, end[1])
                return
        elif res.pattern("furniture.teaser_marker").fullmatch(bare):
            above_article = not any(is_body(other.text, cfg) for other in lines[:index])
            teasers = [] if above_article else _teaser_run(following, seen * 2 >= total, cfg)
            page.remove_line(line, "teaser-marker")
            page.remove_lines(teasers, "teaser-block")
            index += len(teasers)
        seen += len(line.text)
        index += 1


END_OF_ARTICLE = [
    ("furniture.comment_heading", "comment-form", "after-comment-form"),
    ("furniture.end_marker", "end-marker", "after-article-end"),
]
"""Headings after which, once the article has run its course, nothing is article (rule of the heading,
rule of what follows)."""


def _teaser_run(lines: list[View], past_middle: bool, cfg: CleaningSettings) -> list[View]:
    """The teasers under a teaser heading: lines that are not body paragraphs, a bulleted list of links
    counting as teasers even when its headlines end in a question mark."""

    def teaser(text: str) -> bool:
        return not is_body(text, cfg) or bool(BULLET.match(text))

    run = 0
    while run < len(lines) and teaser(lines[run].text):
        run += 1
    rest = lines[run:]
    if past_middle and run and rest and sum(teaser(line.text) for line in rest) * 2 >= len(rest):
        return lines
    return lines[:run]


def _share_row(res: Resources, max_words: int) -> LineTest:
    share, required = res.words("furniture.share_words"), res.words("furniture.share_required")

    def test(text: str) -> bool:
        tokens = {t for t in re.split(r"[\s|•·/,?:!]+", _bare(text).lower()) if t}
        return 0 < _words(text) <= max_words and tokens <= share and bool(tokens & required)

    return test


def _both(first: re.Pattern[str], second: re.Pattern[str], max_words: int) -> LineTest:
    """A notice is told by two signals together (subscriptions and a call to act; cookies and consent)."""
    return lambda text: _words(text) <= max_words and bool(first.search(text)) and bool(second.search(text))


def _full(pattern: re.Pattern[str], max_words: int) -> LineTest:
    return lambda text: _words(text) <= max_words and pattern.fullmatch(_bare(text)) is not None


def _not_a_sentence(pattern: re.Pattern[str], max_words: int) -> LineTest:
    """Credits and bylines start like sentences can ("Produced by ...", "By Tuesday, ..."): they are only
    taken when they do not end like one."""
    return lambda text: _words(text) <= max_words and not _reads_as_sentence(text) and bool(pattern.fullmatch(text))


def _not_a_sentence_containing(pattern: re.Pattern[str], max_words: int) -> LineTest:
    """A short line that is no sentence and holds the phrase: a byline row ending "published 9 years ago"."""
    return lambda text: _words(text) <= max_words and not _reads_as_sentence(text) and bool(pattern.search(text))


def line_rules(res: Resources, cfg: CleaningSettings) -> list[tuple[str, LineTest]]:
    """Whole-paragraph furniture, tried in order; the first rule that matches names the removal."""
    pattern = res.pattern
    notice = cfg.notice_max_words
    stamp, end_marker = pattern("metadata.date_stamp_line"), pattern("furniture.end_marker")
    relative = _not_a_sentence_containing(pattern("metadata.relative_stamp_phrase"), cfg.short_line_words)
    return [
        ("date-stamp", lambda text: stamp.match(_bare(text)) is not None or _stamp_row(text, stamp) or relative(text)),
        ("ad-marker", _full(pattern("furniture.ad"), notice)),
        ("share-buttons", _share_row(res, cfg.short_line_words)),
        ("comment-form", _full(pattern("furniture.comment_form"), notice)),
        ("subscription-notice", _both(pattern("furniture.notice_subscription"), pattern("furniture.notice_action"),
                                      notice)),
        ("copyright-notice", _full(pattern("furniture.copyright"), notice)),
        ("publisher-notice", _full(pattern("furniture.publisher_notice"), notice)),
        ("cookie-notice", _both(pattern("furniture.cookie"), pattern("furniture.cookie_context"), notice)),
        ("call-to-action", _full(pattern("furniture.call_to_action"), cfg.credit_line_max_words)),
        ("loading-notice", _full(pattern("furniture.loading"), notice)),
        ("page-tools", _full(pattern("furniture.page_tools"), cfg.short_line_words)),
        ("tags", _full(pattern("furniture.tags"), cfg.teaser_link_max_words)),
        ("teaser-link", _full(pattern("furniture.teaser_link"), cfg.teaser_link_max_words)),
        ("credit-line", _full(pattern("metadata.contributed"), cfg.credit_line_max_words)),
        ("credit-line", _not_a_sentence(pattern("metadata.credit_by"), cfg.credit_line_max_words)),
        ("byline", _not_a_sentence(pattern("metadata.byline"), cfg.short_line_words + BYLINE_EXTRA_WORDS)),
        ("bare-url", lambda text: pattern("furniture.bare_url").match(text) is not None),
        ("wire-slug", lambda text: _whole(WIRE_SLUG, text) and not end_marker.fullmatch(_bare(text))),
        ("separator", lambda text: SEPARATOR.match(text) is not None),
    ]


def _stamp_row(text: str, stamp: re.Pattern[str]) -> bool:
    """A row of page metadata around a date stamp: "World | Staff Reporter | Updated: May 14, 2024",
    "Business Desk / SITE.COM / Updated: ..."."""
    parts = [part for part in STAMP_ROW_SEPARATOR.split(text) if part]
    stamps = [part for part in parts if stamp.match(_bare(part))]
    others = [part for part in parts if part not in stamps]
    if not others:  # "29 November 2018 | 20 January 2019": the dates of an event, not of the page
        return False
    return bool(stamps) and len(parts) >= 2 and all(_words(p) <= 5 and not _TERMINAL.search(p) for p in others)


def _whole(pattern: re.Pattern[str], text: str) -> bool:
    found = pattern.match(text)
    return found is not None and found.end() == len(text)


def vocabulary_lines(page: Page) -> None:
    rules = line_rules(page.res, page.cfg)
    for line in page.lines():
        rule = next((name for name, test in rules if test(line.text)), None)
        if rule:
            page.remove_line(line, rule)


def newsletter_blurbs(page: Page) -> None:
    """The short line a newsletter box prints under its removed sign-up ("Our editors' pick of the week's
    news, every Friday."): it names how often the newsletter comes or where it lands."""
    signup = page.res.pattern("furniture.newsletter_signup")
    signups = [r for r in page.removed if r.rule == "call-to-action" and signup.search(r.text)]
    if not signups:
        return
    starts = [start for start, _ in page.paragraphs]
    after_signup = {
        starts[i + 1] for i, start in enumerate(starts[:-1]) if any(r.start == start for r in signups)
    }
    for line in page.lines():
        if line.offsets[0] in after_signup and _words(line.text) <= page.cfg.blurb_max_words:
            if page.res.pattern("furniture.newsletter_blurb").search(line.text):
                page.remove_line(line, "newsletter-blurb")


def inline_phrases(page: Page) -> None:
    """Furniture glued inside a paragraph by a copy-paste: ad interstitials, "Wait 5 sec.", "(Photo: ...)"
    credits. Only phrases no article sentence uses are taken this way. A paragraph that ends in a
    "(Photo: ...)" credit is a caption ("FILE - The Capitol is seen ... (AP Photo/X)") and goes whole."""
    for rule, key in (
        ("ad-marker", "furniture.ad_inline"),
        ("loading-notice", "furniture.loading_inline"),
        ("photo-credit", "furniture.credit_inline"),
    ):
        pattern = page.res.pattern(key)
        for line in page.lines():
            for found in pattern.finditer(line.text):
                ends_caption = rule == "photo-credit" and not _bare(line.text[found.end():])
                if ends_caption and _words(line.text) <= page.cfg.labelled_caption_max_words:
                    _remove_caption(page, line, 0, len(line.text), "caption")
                    break
                page.remove(line, found.start(), found.end(), rule)


def captions(page: Page) -> None:
    """Photo captions, their credits and toggles. A caption is (a) text ending in a caption toggle, usually
    with the credit printed again after it; (b) the short line or "In this photo ..." paragraph next to a
    credit line; (c) a paragraph labelled as a caption ("Image caption, ...") or ending in its credit
    ("... Photograph: X/Reuters"). A paragraph next to a removed caption that repeats it is the same caption
    printed twice."""
    res, cfg = page.res, page.cfg
    view = page.whole()
    has_toggle = res.pattern("furniture.caption_ending_toggle_anywhere").search(view.text)
    for found in list(res.pattern("furniture.caption_with_repeated_credit").finditer(view.text)) if has_toggle else []:
        _remove_caption(page, view, view.line_start(found.start()), found.end(), "caption")
    view = page.whole()
    spans = _line_spans(view)
    for index, (start, end) in enumerate(spans):
        text = view.text[start:end]
        if res.pattern("furniture.caption_toggle").fullmatch(_bare(text)):
            page.remove(view, start, end, "caption-toggle")
        elif res.pattern("furniture.caption_ending_toggle").search(text):
            _remove_caption(page, view, start, end, "caption")
        elif _words(text) <= cfg.labelled_caption_max_words and res.pattern("furniture.caption_labelled").match(text):
            _remove_caption(page, view, start, end, "caption")
        elif _is_credit(text, res, cfg):
            page.remove(view, start, end, "photo-credit")
            _remove_caption_beside_credit(page, view, spans, index)
    for line in page.lines():
        for found in res.pattern("furniture.caption_toggle_inline").finditer(line.text):
            page.remove(line, found.start(), found.end(), "caption-toggle")


def _is_credit(text: str, res: Resources, cfg: CleaningSettings) -> bool:
    if _words(text) > cfg.credit_max_words:
        return False
    if res.pattern("furniture.credit_prefix").match(text):
        return True
    if _reads_as_sentence(text) or _words(text) > cfg.short_line_words:
        return False
    return bool(
        res.pattern("furniture.credit_via").search(text)
        or res.pattern("furniture.credit_slash").match(text)
        or res.pattern("furniture.credit_agency_only").match(text)
    )


def _remove_caption_beside_credit(page: Page, view: View, spans: list[tuple[int, int]], index: int) -> None:
    """The caption is usually the line above the credit (never the page's first line, the headline);
    below it only when it reads like one."""
    cue = page.res.pattern("furniture.caption_cue")
    if index > 1:
        start, end = spans[index - 1]
        text = view.text[start:end]
        short_label = _words(text) <= page.cfg.caption_max_words and not _TERMINAL.search(text)
        if short_label or cue.match(text):
            _remove_caption(page, view, start, end, "caption")
    if index + 1 < len(spans):
        start, end = spans[index + 1]
        if cue.match(view.text[start:end]):
            _remove_caption(page, view, start, end, "caption")


def _remove_caption(page: Page, view: View, start: int, end: int, rule: str) -> None:
    """Removes the caption from the body and keeps its words (without toggles and credit) aside; a copy
    printed next to it goes as furniture only."""
    caption = view.text[start:end]
    page.remove(view, start, end, rule)
    body = caption_body(caption, page.res, page.cfg)
    if body and body not in page.captions:
        page.captions.append(body)
    for neighbour_start, neighbour_end in (_neighbour(view, start, -1), _neighbour(view, end, +1)):
        neighbour = view.text[neighbour_start:neighbour_end]
        similar = fuzz.partial_ratio(_norm(neighbour), _norm(caption)) >= page.cfg.near_duplicate
        if _words(neighbour) >= REPEATED_CAPTION_MIN_WORDS and similar:
            page.remove(view, neighbour_start, neighbour_end, "repeated-caption")


def caption_body(caption: str, res: Resources, cfg: CleaningSettings) -> str:
    """What a caption says, without its label ("Image caption,"), toggles ("hide caption") and photo credit."""
    unlabelled = res.pattern("furniture.caption_label").sub("", caption)
    text = res.pattern("furniture.caption_toggle_inline").split(unlabelled, maxsplit=1)[0]
    text = res.pattern("furniture.credit_inline").sub(" ", text).strip()
    text = res.pattern("furniture.caption_trailing_credit").sub("", text).strip()
    last = text.rfind(". ")
    if last >= 0 and _is_credit(text[last + 2 :], res, cfg):
        text = text[: last + 1]
    return "" if _is_credit(text, res, cfg) else " ".join(text.split())


def _neighbour(view: View, position: int, direction: int) -> tuple[int, int]:
    if direction < 0:
        end = view.line_start(position) - 1
        return (view.line_start(end), end) if end > 0 else (0, 0)
    start = view.line_end(position) + 1
    return (start, view.line_end(start)) if start < len(view.text) else (0, 0)


def sign_off(page: Page) -> None:
    """The outlet signing off the article on its last line, after a body paragraph: "-AFP/rk", "— Harbour
    Wire", "(Harbour Wire)", a wire's name alone. Only a name that reads as an outlet's
    (`clean.bylines.names_outlet`, or an acronym) is taken; an author's sign-off or a last short sentence
    stays. The agency's name in brackets may also close the last paragraph itself ("... were arrested. (HNA)").
    Among the last lines, a reporter's note ("Jane Doe is a reporter for the Harbour Times.") goes as an
    `author-note`.
    Runs before the caption rules: a lone agency name after the last paragraph is no photo's credit."""
    lines = page.lines()
    for line in lines[-AUTHOR_NOTE_LINES:]:
        if page.res.pattern("metadata.author_note").match(line.text.strip()):
            page.remove_line(line, "author-note")
    lines = page.lines()
    glued = GLUED_SIGN_OFF.search(lines[-1].text) if lines else None
    if glued and is_body(lines[-1].text[: glued.start()], page.cfg) and _names_agency(glued["outlet"], page.res):
        page.remove(lines[-1], glued.start(), glued.end(), "sign-off")
        return
    if len(lines) < 2 or not is_body(lines[-2].text, page.cfg):
        return
    found = page.res.pattern("metadata.sign_off").fullmatch(lines[-1].text.strip())
    if found and _names_agency(found["outlet"], page.res):
        page.remove_line(lines[-1], "sign-off")


def _names_agency(name: str, res: Resources) -> bool:
    """An outlet's name or an acronym ("HNA"), never a kicker or end mark in capitals ("(UPDATE)", "(END)")."""
    mark = name.lower() in res.words("metadata.kickers") or res.pattern("furniture.end_marker").fullmatch(name)
    acronym = name.isupper() and not mark
    return names_outlet(name, res) or acronym


def header(page: Page) -> None:
    """The block above the first paragraph: breadcrumb, section label, date stamp or wire slug ("(LEAD)")
    before the headline, headline (kept as `title`, removed from the body), decks, "Name in City" bylines and,
    under the headline, bylines without "By" that end in the outlet and lines naming only the outlet
    (`clean.bylines`), highlight bullets and a dateline on its own line. A standfirst that the body repeats word for word (alone,
    or glued after the headline) goes too, so no sentence is counted twice. When the page's title is known
    (HTML metadata, a sidecar) the headline is the line that prints it; if none does, the extractor left the
    headline out, and the unpunctuated lines above the first paragraph are the article's own (a lede written
    without a full stop), bar short labels."""
    res, cfg = page.res, page.cfg
    lines = page.lines()
    for line in lines[:BREADCRUMB_LINES]:
        if _is_breadcrumb(line.text, res):
            page.remove_line(line, "breadcrumb")
    for line in page.lines()[:LEAD_STAMP_LINES]:
        for rule, pattern in (("wire-slug", WIRE_SLUG), ("date-stamp", res.pattern("metadata.date_stamp_lead"))):
            found = pattern.match(line.text)
            if found:
                page.remove(line, 0, found.end(), rule)
                break
    _repeated_standfirst(page)
    lines = page.lines()
    body_text = "\n".join(line.text for line in lines)
    zone: list[View] = []
    for line in lines[:cfg.header_max_lines]:
        if BULLET.match(line.text):
            page.remove_line(line, "byline" if bulleted_byline(line.text, res) else "highlights")
            continue
        agency_line = (found := dateline_alone(line.text, body_text, res)) is not None and found.agency is not None
        if _opens_body(line.text, res, cfg) and not agency_line:
            break
        zone.append(line)
    if len(zone) == len(lines):  # nothing read as body (text without sentence punctuation): keep it, bar a title
        zone = zone[:1] if len(lines) > 1 else []
    datelines = [line for line in zone if dateline_alone(line.text, body_text, res)]
    bylines = [
        line for line in zone
        if res.pattern("metadata.byline_in_place").match(line.text) or unsigned_byline(line.text, res)
    ]
    candidates = [line for line in zone if line not in datelines and line not in bylines]
    headline = _headline(candidates, page.title)
    masthead = candidates[0] if candidates and candidates[0] is not headline and lines[0] is candidates[0] else None
    masthead = masthead if masthead and _is_masthead(masthead.text, res) else None
    if headline is not None:  # a place-like label above the headline is its section ("SHIPPING"), not a dateline
        datelines = [line for line in datelines if zone.index(line) > zone.index(headline)]
    rule = "section-label"
    for line in zone:
        if line is headline:
            page.remove_line(line, "headline")
            rule = "subheadline"
        elif line is masthead:
            page.remove_line(line, "masthead")
        elif line in datelines:
            page.remove_line(line, "dateline")
        elif line in bylines:
            page.remove_line(line, "byline")
        elif headline is None and page.title and _words(line.text) > SECTION_LABEL_WORDS:
            continue
        elif rule == "subheadline" and _signs_for_outlet(zone, line, res):
            page.remove_line(line, "byline")
        elif rule == "subheadline" and outlet_line(line.text, res):
            page.remove_line(line, "outlet-line")
        else:
            page.remove_line(line, rule)


def _signs_for_outlet(zone: list[View], line: View, res: Resources) -> bool:
    """A person's name alone on the line above one crediting the outlet ("Jane Doe" / "Special for X")."""
    index = zone.index(line)
    below = zone[index + 1].text if index + 1 < len(zone) else ""
    credit = res.pattern("metadata.outlet_credit").fullmatch(below.strip())
    return credit is not None and res.pattern("metadata.person_name").fullmatch(line.text.strip()) is not None


def _headline(candidates: list[View], title: str | None) -> View | None:
    """The line printing the known title; without one, the first line worded like a headline (five words or
    more, not a "Section | Topic" row), else the first longer than a section label, else the first: a
    masthead or kicker above it is not the headline."""
    if title:
        return next((line for line in candidates if _prints_title(line.text, title)), None)
    worded = (
        line for line in candidates if _words(line.text) >= HEADLINE_MIN_WORDS and not KICKER_ROW.search(line.text)
    )
    longer = (line for line in candidates if _words(line.text) > SECTION_LABEL_WORDS)
    return next(worded, None) or next(longer, None) or next(iter(candidates), None)


def _prints_title(text: str, title: str) -> bool:
    """The line is the title, perhaps without the site name metadata adds ("Headline | Site")."""
    long_enough = _words(text) >= min(HEADLINE_MIN_WORDS, _words(title))
    return long_enough and fuzz.partial_ratio(_norm(text), _norm(title)) >= TITLE_MATCH


def _is_masthead(text: str, res: Resources) -> bool:
    """The page's first line naming the publication: a few capitalised words ("The Morning Whistle",
    "Copenhagen Business Post") that are not a section name."""
    words = text.split()
    if not MASTHEAD_MIN_WORDS <= len(words) <= MASTHEAD_MAX_WORDS or re.search(r"\d|[|:.!?]$|\|", text):
        return False
    connectors, sections = res.words("furniture.masthead_connectors"), res.words("furniture.section_words")
    capitalised = all(word[0].isupper() or word in connectors for word in words)
    return capitalised and not all(word.lower().strip("&") in sections for word in words)


def _opens_body(text: str, res: Resources, cfg: CleaningSettings) -> bool:
    """The first paragraph of the article: a sentence (even a short one ending in a full stop), a dateline,
    or too long for a heading. Headlines and decks rarely end in a full stop; a headline led by a kicker and a
    colon ("Live: Fires spread ...", "BREAKING: House fire ...") has a dateline's shape."""
    lead = LEAD.match(text)
    led_by = (lead["titled"] or lead["place"] or "") if lead else ""
    kicker = led_by.lower() in res.words("metadata.kickers")
    return (
        is_body(text, cfg)
        or (_FULL_STOP.search(text) is not None and not _TRUNCATED.search(text) and _words(text) >= 3)
        or (lead is not None and not kicker)
        or _words(text) > cfg.header_max_words
    )


def _is_breadcrumb(text: str, res: Resources) -> bool:
    parts = BREADCRUMB_SEPARATORS.split(text)
    if len(parts) >= 3 and all(1 <= _words(part) <= 4 for part in parts) and not _TERMINAL.search(text):
        return True
    home = res.pattern("furniture.breadcrumb_home").match(text)
    if not home:
        return False
    rest = home["rest"]
    sentence = bool(_TERMINAL.search(rest)) and not _TRUNCATED.search(rest)
    return not rest or bool(_TRUNCATED.search(rest)) or (
        not sentence and (bool(BREADCRUMB_SEPARATORS.search(rest)) or _words(rest) <= 4)
    )


def _repeated_standfirst(page: Page) -> None:
    """Header lines (and the first line, which may be headline and standfirst glued together) whose text,
    from some capitalised word to the end, appears again later: that part is removed, whatever comes
    before it stays (it is the headline)."""
    cfg = page.cfg
    lines = page.lines()
    for index, line in enumerate(lines[:cfg.header_max_lines]):
        if index > 0 and is_body(line.text, cfg):
            return
        if _words(line.text) > cfg.standfirst_line_max_words:
            continue
        later = _norm("\n".join(other.text for other in lines[index + 1:]))
        for start in [0, *(m.start() for m in re.finditer(r"(?<=\s)[A-Z\"“]", line.text))]:
            suffix = line.text[start:]
            if _words(suffix) >= cfg.standfirst_min_words and _norm(suffix) in later:
                page.remove(line, start, len(line.text), "repeated-standfirst")
                break


def repeated_paragraphs(page: Page) -> None:
    """A paragraph printed again later (copy-paste of a page that repeats itself): the later copy goes. A
    page on which some paragraph comes three times or more repeats by design (a weekly menu, a schedule, a
    table printed as lines): its repetitions are content, and nothing goes."""
    copies: list[tuple[View, int]] = []
    earlier: list[str] = []
    for line in page.lines():
        if _words(line.text) < page.cfg.body_min_words:
            continue
        text = _norm(line.text)
        same = (i for i, other in enumerate(earlier) if fuzz.ratio(text, other) >= page.cfg.same_paragraph)
        first = next(same, None)
        if first is None:
            earlier.append(text)
        else:
            copies.append((line, first))
    if max(Counter(first for _, first in copies).values(), default=0) >= STRUCTURAL_REPEATS:
        return
    for line, _ in copies:
        page.remove_line(line, "repeated-paragraph")


RULES: list[Callable[[Page], None]] = [
    social_posts,
    vocabulary_lines,
    newsletter_blurbs,
    page_tail,
    inline_phrases,
    sign_off,
    captions,
    header,
    repeated_paragraphs,
]
