"""The text being cleaned: the original characters, which of them are still kept, and the audit trail.

Rules never rewrite the text. They look at a *view* (the kept characters of each paragraph with whitespace
normalised, each view character mapped back to its offset in the original) and mark spans of it as
removed. So every `Removal` can point at its offset in the text before cleaning, and the cleaned text is
rebuilt once, at the end, from whatever is still kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsweave.lang import Resources
from newsweave.models import Removal
from newsweave.settings import CleaningSettings

INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
"""Zero-width and soft-hyphen characters that copy-pastes carry; dropped from the cleaned text."""
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_WRAP_END = re.compile(r"[a-z,;]$")
_WRAP_START = re.compile(r"^[a-z]")
WRAP_MIN_WIDTH = 50
"""A hard-wrapped line fills most of the wrap width; shorter lines ending in lower case are furniture."""
NO_OFFSET = -1
"""Offset of the newline a view puts between paragraphs: it has no character in the original."""


@dataclass(frozen=True)
class View:
    """Kept text with normalised whitespace; `offsets[i]` is where `text[i]` sits in the original."""

    text: str
    offsets: tuple[int, ...]

    def line_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def line_end(self, position: int) -> int:
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end


@dataclass
class Page:
    original: str
    paragraphs: list[tuple[int, int]]
    kept: bytearray
    res: Resources
    """The language data the rules read (`furniture.*`, `metadata.*`, `calendar.*`)."""
    cfg: CleaningSettings
    title: str | None = None
    """The headline given with the text (page metadata), when known."""
    removed: list[Removal] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    """Photo captions taken out of the body but kept aside: they still date events and name people."""
    _lines: list[View] | None = None

    @classmethod
    def of(cls, text: str, res: Resources, cfg: CleaningSettings, title: str | None = None) -> Page:
        kept = bytearray(b"\x01" * len(text))
        return cls(original=text, paragraphs=_paragraphs(text), kept=kept, res=res, cfg=cfg, title=title)

    def lines(self) -> list[View]:
        """One view per paragraph that still holds visible text, in order (rebuilt after a removal)."""
        if self._lines is None:
            views = (self._paragraph_view(start, end) for start, end in self.paragraphs)
            self._lines = [view for view in views if view.text]
        return self._lines

    def whole(self) -> View:
        """All kept paragraphs joined by "\n", for patterns that cross paragraph breaks."""
        text: list[str] = []
        offsets: list[int] = []
        for view in self.lines():
            if text:
                text.append("\n")
                offsets.append(NO_OFFSET)
            text.append(view.text)
            offsets.extend(view.offsets)
        return View("".join(text), tuple(offsets))

    def remove(self, view: View, start: int, end: int, rule: str) -> None:
        """Mark `view.text[start:end]` as removed by `rule` and record it (trimmed) for the audit; a span
        that an earlier rule already took whole is not recorded twice."""
        while start < end and view.text[start].isspace():
            start += 1
        while end > start and view.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        still_kept = [offset for offset in view.offsets[start:end] if offset != NO_OFFSET and self.kept[offset]]
        if not still_kept:
            return
        for offset in still_kept:
            self.kept[offset] = 0
        self._lines = None
        first = next(offset for offset in view.offsets[start:end] if offset != NO_OFFSET)
        self.removed.append(Removal(text=view.text[start:end], rule=rule, start=first))

    def remove_line(self, view: View, rule: str) -> None:
        self.remove(view, 0, len(view.text), rule)

    def remove_lines(self, views: list[View], rule: str) -> None:
        """Several whole paragraphs removed by one rule (a page tail), recorded as one removal."""
        if not views:
            return
        for view in views:
            for offset in view.offsets:
                self.kept[offset] = 0
        self._lines = None
        text = "\n".join(view.text for view in views)
        self.removed.append(Removal(text=text, rule=rule, start=views[0].offsets[0]))

    def cleaned_text(self) -> str:
        return "\n".join(view.text for view in self.lines())

    def audit(self) -> list[Removal]:
        return sorted(self.removed, key=lambda removal: removal.start or 0)

    def _paragraph_view(self, start: int, end: int) -> View:
        """Whitespace runs (and the seam where a removed span was) become one space; ends are trimmed."""
        segment = self.original[start:end]
        if 0 not in self.kept[start:end] and not _INVISIBLE.search(segment):
            return _whitespace_view(segment, start)
        chars: list[str] = []
        offsets: list[int] = []
        pending_space = False
        for offset in range(start, end):
            char = self.original[offset]
            if not self.kept[offset]:
                pending_space = pending_space or bool(chars)
                continue
            if char in INVISIBLE:
                continue
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                offsets.append(offset)
                pending_space = False
            chars.append(char)
            offsets.append(offset)
        return View("".join(chars), tuple(offsets))


def _whitespace_view(segment: str, base: int) -> View:
    """The common case, a paragraph with nothing removed yet: words joined by single spaces."""
    words = list(_WORD.finditer(segment))
    offsets: list[int] = []
    for index, word in enumerate(words):
        if index:
            offsets.append(base + word.start())
        offsets.extend(range(base + word.start(), base + word.end()))
    return View(" ".join(word.group() for word in words), tuple(offsets))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line ranges of the original; a hard-wrapped line (a long line that stops mid-sentence, and the next
    line, with no blank line between, goes on in lower case) is joined to the next so a paragraph is never
    split."""
    paragraphs: list[tuple[int, int]] = []
    previous_end = -1
    for match in _LINE.finditer(text):
        if not match.group().strip():
            continue
        gap = text[previous_end:match.start()] if paragraphs else ""
        previous = text[paragraphs[-1][0]:previous_end].rstrip() if paragraphs else ""
        joins = (
            len(previous.split("\n")[-1]) >= WRAP_MIN_WIDTH
            and gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1
            and _WRAP_END.search(previous)
            and _WRAP_START.search(match.group().lstrip())
        )
        if joins:
            paragraphs[-1] = (paragraphs[-1][0], match.end())
        else:
            paragraphs.append((match.start(), match.end()))
        previous_end = match.end()
    return paragraphs
