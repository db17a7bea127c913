"""Bytes to text, refusing what is not text instead of producing mojibake.

The order matters: a byte-order mark says the encoding outright; UTF-16 without one is recognised by its
zero bytes before they are taken for binary; UTF-8 is kept when most of the non-ASCII bytes form valid
UTF-8, with the few invalid ones replaced character by character (one bad byte must not send the whole file
to a legacy code page, turning "São" into "S√£o"); only bytes that are mostly not UTF-8 get a legacy guess,
from charset-normalizer. Every replacement or guess is recorded as a repair, for the user to check.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio


class UndecodableInput(ValueError):
    """The bytes are not readable text; the message says why, for the skip report."""


@dataclass(frozen=True)
class Decoded:
    """The text, and what decoding had to repair or guess (empty when the bytes were clean)."""

    text: str
    repairs: list[str] = field(default_factory=list)
    replaced: int = 0


BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
REPLACEMENT = "\ufffd"
UTF16_ZERO_SHARE = 0.3
"""In UTF-16 text of a Latin-script language, about every other byte is zero, all at one parity: at least this
share of the code units having a zero high byte (and almost none at the other parity) tells UTF-16."""
MESS_SAMPLE = 65536
"""Characters of a preferred decoding measured for mess (the detector itself measures samples, not all)."""
CHAOS_MARGIN = 0.05
"""Candidate encodings whose mess ratio is within this margin of the best are compared by coherence."""


def decode_bytes(data: bytes, max_bytes: int, preferred: tuple[str, ...] = ()) -> str:
    """`max_bytes`: larger inputs are refused (`IngestSettings.max_input_bytes`); for bytes already in memory
    (a fetched page), where the repairs are not kept."""
    if len(data) > max_bytes:
        raise UndecodableInput(
            f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit); split it into articles"
        )
    return decode_text(data, preferred).text


def decode_text(data: bytes, preferred: tuple[str, ...] = ()) -> Decoded:
    """`preferred`: legacy encodings tried first when the bytes are mostly not UTF-8
    (`IngestSettings.legacy_encodings`)."""
    if not data.strip():
        raise UndecodableInput("empty file")
    decoded = _decode(data, preferred)
    if not decoded.text.strip():
        raise UndecodableInput("no text after decoding")
    return Decoded(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), decoded.repairs)


def _decode(data: bytes, preferred: tuple[str, ...]) -> Decoded:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _replacing(data[len(bom):], encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _replacing(data, utf16)
    if _looks_binary(data):
        raise UndecodableInput("binary data, not text (NUL or control bytes)")
    decoded = _replacing(data, "utf-8")
    valid_non_ascii = len(decoded.text) - len(decoded.text.encode("ascii", "ignore")) - decoded.replaced
    if valid_non_ascii > decoded.replaced or not decoded.replaced:
        return decoded
    return _decode_legacy(data, preferred)


def _replacing(data: bytes, encoding: str) -> Decoded:
    """Decoded with each invalid sequence replaced by U+FFFD on its own, and the count recorded."""
    text = data.decode(encoding, errors="replace")
    invalid = text.count(REPLACEMENT) - data.decode(encoding, errors="ignore").count(REPLACEMENT)
    label = encoding.upper().replace("-LE", "").replace("-BE", "")
    note = f"{invalid} invalid {label} byte sequence(s) replaced with U+FFFD" if invalid else None
    return Decoded(text, [note] if note else [], invalid)


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    units = len(head) // 2
    if units < 8:
        return None
    even = sum(1 for i in range(0, units * 2, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, units * 2, 2) if head[i] == 0)
    if odd >= units * UTF16_ZERO_SHARE and even <= units * 0.02:
        return "utf-16-le"
    if even >= units * UTF16_ZERO_SHARE and odd <= units * 0.02:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, preferred: tuple[str, ...]) -> Decoded:
    """A preferred encoding that decodes the bytes strictly and reads no messier than the best candidate wins
    (the detector alone reads short French or English text as Baltic: "cafķ"); otherwise, among
    charset-normalizer's near-best candidates, the one whose text reads most like a language (short Western
    texts otherwise come out in an old DOS code page: "ōĆ4 millionö" for "“€4 million”")."""
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableInput("not UTF-8 and no text encoding could be detected")
    least_chaos = min(m.chaos for m in matches)
    for encoding in preferred:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if mess_ratio(text[:MESS_SAMPLE]) <= least_chaos + CHAOS_MARGIN:
            return Decoded(text, [f"not UTF-8: decoded as {encoding} (a guess)"])
    best = max((m for m in matches if m.chaos <= least_chaos + CHAOS_MARGIN), key=lambda m: m.coherence)
    return Decoded(str(best), [f"not UTF-8: decoded as {best.encoding} (a guess)"])


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05
