"""Bytes to text, refusing what is not text instead of producing mojibake.

Plain-text news copied from the web arrives in many encodings; charset-normalizer detects the encoding
when the bytes are not UTF-8. Binary data (images, archives, executables) is recognised by NUL bytes and
control characters and refused with a reason.
"""

from __future__ import annotations

from charset_normalizer import from_bytes


class UndecodableInput(ValueError):
    """The bytes are not readable text; the message says why, for the skip report."""


def decode_bytes(data: bytes, max_bytes: int) -> str:
    """`max_bytes`: larger inputs are refused (`IngestSettings.max_input_bytes`)."""
    if not data.strip():
        raise UndecodableInput("empty file")
    if len(data) > max_bytes:
        raise UndecodableInput(
            f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit); split it into articles"
        )
    if _looks_binary(data):
        raise UndecodableInput("binary data, not text (NUL or control bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if not text.strip():
        raise UndecodableInput("no text after decoding")
    return text.replace("\r\n", "\n").replace("\r", "\n")


CHAOS_MARGIN = 0.05
"""Candidate encodings whose mess ratio is within this margin of the best are compared by coherence."""


def _decode_legacy(data: bytes) -> str:
    """Among charset-normalizer's near-best candidates, prefer the one whose text reads most like a language:
    short Western texts otherwise come out in an old DOS code page ("ōĆ4 millionö" for "“€4 million”")."""
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableInput("not UTF-8 and no text encoding could be detected")
    least_chaos = min(m.chaos for m in matches)
    near = [m for m in matches if m.chaos <= least_chaos + CHAOS_MARGIN]
    return str(max(near, key=lambda m: m.coherence))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05
