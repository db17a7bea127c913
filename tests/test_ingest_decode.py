"""Decoding: a byte-order mark or UTF-16's zero bytes say the encoding; UTF-8 with a few bad bytes stays UTF-8,
repaired character by character and recorded; only bytes that are mostly not UTF-8 get a legacy guess."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.decode import UndecodableInput, decode_text
from newsweave.ingest.files import read_paths
from newsweave.settings import IngestSettings

TEXT = "Mayor João Ribeiro of São Vicente said the “new bridge” would cost €4 million.\n"


def test_a_few_invalid_bytes_keep_the_file_utf8_and_are_recorded() -> None:
    data = TEXT.encode("utf-8").replace(b"bridge", b"bri\xffdge").replace(b"cost", b"co\xc3st")
    decoded = decode_text(data)
    assert "João" in decoded.text and "São" in decoded.text and "€4" in decoded.text, decoded.text
    assert decoded.text.count("\ufffd") == 2
    assert decoded.repairs == ["2 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]


def test_genuine_replacement_characters_are_not_counted_as_repairs() -> None:
    decoded = decode_text(("Caf\ufffd " + TEXT).encode("utf-8"))
    assert decoded.repairs == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_boms_and_utf16_without_bom(encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding in ("utf-16", "utf-32"):
        assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or data[:4] in (codecs.BOM_UTF32_LE,)
    decoded = decode_text(data)
    assert decoded.text == TEXT
    assert decoded.repairs == []


def test_legacy_guess_only_when_mostly_not_utf8() -> None:
    data = ("Le café de la place, à côté de l'église, a rouvert ses portes après des années. " * 3).encode("cp1252")
    decoded = decode_text(data, IngestSettings().legacy_encodings)
    assert "café" in decoded.text and "église" in decoded.text, decoded.text
    assert decoded.repairs == ["not UTF-8: decoded as cp1252 (a guess)"]


def test_a_preferred_encoding_that_cannot_decode_the_bytes_is_passed_over() -> None:
    data = ("Жители города проголосовали за строительство нового моста через реку. " * 3).encode("koi8-r")
    decoded = decode_text(data, ("ascii",))
    assert "моста" in decoded.text, decoded.text


def test_binary_is_refused_but_utf16_is_not() -> None:
    with pytest.raises(UndecodableInput, match="binary"):
        decode_text(bytes(range(256)) * 8)
    assert decode_text(TEXT.encode("utf-16-le")).text == TEXT


def test_repairs_reach_the_article(tmp_path: Path) -> None:
    body = (TEXT + "The council voted on Tuesday to approve the plan for the crossing over the river.\n") * 2
    (tmp_path / "a.txt").write_bytes(body.encode("utf-8").replace(b"council", b"coun\xffcil", 1))
    raws, skipped = read_paths([str(tmp_path)])
    articles, not_prepared = prepare_articles(raws)
    assert skipped == [] and not_prepared == []
    assert articles[0].repairs == ["1 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    assert "João" in articles[0].text
