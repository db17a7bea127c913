"""Files and folders to `RawDocument`s: .txt (with an optional `NAME.meta.json` sidecar), .html/.htm,
.json/.jsonl (an article per line or a JSON list of articles).

Every input that cannot be read becomes a `Skipped` with a reason; one bad file never stops the others.
Reading is bounded: only regular files are opened (a FIFO blocks its reader, a device such as /dev/zero never
ends), never more than the byte budget plus one byte is read, and JSON is measured for nesting before it is
parsed (the parser recurses).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from newsweave.ingest.decode import UndecodableInput, decode_text
from newsweave.ingest.html import NoArticleText, html_to_document
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SIDECAR_SUFFIX = ".meta.json"
METADATA_KEYS = ("title", "url", "outlet", "byline", "published")  # not language
ID_KEY = "id"  # not language
"""A record's (or sidecar's) own identifier, kept on the article as `source_id`."""
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


class InputRefused(ValueError):
    """An input that is not read at all (not a regular file, over the byte budget); the message says why."""


def iter_input_files(paths: list[str]) -> Iterator[Path | Skipped]:
    """Files named directly are always tried; folders are walked for the known article suffixes."""
    return iter_inputs(paths, _is_article_file, "folder holds no .txt, .html, .htm, .json or .jsonl files")


def iter_inputs(paths: list[str], wanted: Callable[[Path], bool], none_found: str) -> Iterator[Path | Skipped]:
    """Regular files named directly, and the `wanted` regular files of folders, walked without following a
    symlinked folder twice (a link to its own parent would loop). Anything else is a `Skipped` that says what it
    is, found by `stat` alone: opening a FIFO to look at it would block."""
    for name in paths:
        kind = _kind(Path(name))
        if kind == "folder":
            found = False
            for item in _walk(Path(name), wanted):
                found = True
                yield item
            if not found:
                yield Skipped(path=name, reason=none_found)
        elif kind == "file":
            yield Path(name)
        else:
            yield Skipped(path=name, reason=kind)


def _kind(path: Path) -> str:
    """"file", "folder", or the reason the path cannot be an input."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink loop: the link points (through others) back to itself"
        if error.errno == errno.ENOENT:
            return "broken symlink: its target does not exist" if path.is_symlink() else "path does not exist"
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return f"not a regular file ({_special_kind(mode)}): only regular files are read; save the stream to a file"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def _walk(root: Path, wanted: Callable[[Path], bool]) -> Iterator[Path | Skipped]:
    """Depth first in name order, with an explicit stack (a tree thousands of folders deep must not exhaust
    the interpreter's recursion); each real folder is read once, however many symlinks lead to it."""
    seen: set[tuple[int, int]] = set()
    pending: list[Iterator[Path]] = [iter([root])]
    while pending:
        entry = next(pending[-1], None)
        if entry is None:
            pending.pop()
            continue
        if entry.name.startswith(".") and entry is not root:
            continue
        kind = _kind(entry)
        if kind != "folder":
            if wanted(entry):
                yield entry if kind == "file" else Skipped(path=str(entry), reason=kind)
            continue
        try:
            status = entry.stat()
            entries = sorted(entry.iterdir())
        except OSError as error:
            yield Skipped(path=str(entry), reason=f"cannot read folder: {error.strerror or error}")
            continue
        if (status.st_dev, status.st_ino) in seen:
            yield Skipped(path=str(entry), reason="symlink to a folder already read (a loop): not read twice")
            continue
        seen.add((status.st_dev, status.st_ino))
        pending.append(iter(entries))


def _is_article_file(path: Path) -> bool:
    return not path.name.endswith(SIDECAR_SUFFIX) and path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | \
        JSON_SUFFIXES


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; more is refused without reading it all. Opened non-blocking and
    checked again on the open file, so a path swapped for a FIFO after it was listed cannot block the run."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InputRefused(f"cannot read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise InputRefused(f"not a regular file ({_special_kind(status.st_mode)}): only regular files are read")
        if status.st_size > limit:
            raise InputRefused(_too_large(status.st_size, limit))
        data = stream.read(status.st_size + 1)  # a buffer the size of the file, not of the budget
        if len(data) > status.st_size:  # grown since, or sized 0 by its file system (/proc): read on, bounded
            data += stream.read(limit + 1 - len(data))
    if len(data) > limit:
        raise InputRefused(_too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB limit); split it into articles"


def read_paths(paths: list[str], cfg: IngestSettings = IngestSettings()) -> tuple[list[RawDocument], list[Skipped]]:
    documents: list[RawDocument] = []
    skipped: list[Skipped] = []
    for item in iter_input_files(paths):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        for result in read_file(item, cfg):
            (skipped if isinstance(result, Skipped) else documents).append(result)
    return documents, skipped


def read_file(path: Path, cfg: IngestSettings = IngestSettings()) -> Iterator[RawDocument | Skipped]:
    suffix = path.suffix.lower()
    try:
        decoded = decode_text(read_bounded(path, cfg.max_input_bytes), cfg.legacy_encodings)
        if suffix in JSON_SUFFIXES:
            yield from _read_json_articles(decoded.text, path, cfg)
        elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(decoded.text)):
            yield html_to_document(decoded.text, source=str(path), cfg=cfg, path=str(path))
        else:
            meta, refused = _read_sidecar(path, cfg)
            yield RawDocument(source=str(path), path=str(path), text=decoded.text, repairs=decoded.repairs + refused,
                              **meta)
    except (InputRefused, UndecodableInput, NoArticleText, SidecarError) as error:
        yield Skipped(path=str(path), reason=str(error))


class SidecarError(ValueError):
    """The `NAME.meta.json` beside a text file is not a JSON object of known metadata."""


def _read_sidecar(path: Path, cfg: IngestSettings) -> tuple[dict[str, str], list[str]]:
    """The sidecar's metadata and the repairs noted for its refused fields."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, []
    try:
        meta = parse_json(decode_text(read_bounded(sidecar, cfg.max_sidecar_bytes), cfg.legacy_encodings).text, cfg)
    except (InputRefused, UndecodableInput, ValueError) as error:
        raise SidecarError(f"metadata sidecar {sidecar.name} is not usable: {error}") from None
    if not isinstance(meta, dict):
        raise SidecarError(f"metadata sidecar {sidecar.name} must hold a JSON object")
    return given_metadata(meta)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON text nests arrays/objects deeper than `limit`, told by counting brackets outside strings:
    Python's parser recurses once per level, so a deep file must be refused before it is parsed."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def parse_json(text: str, cfg: IngestSettings) -> object:
    """JSON within the nesting budget; anything else is a ValueError whose message is the skip reason."""
    if json_depth_exceeds(text, cfg.max_json_depth):
        raise ValueError(f"JSON nested deeper than {cfg.max_json_depth} levels; an article record needs a few")
    try:
        return json.loads(text)
    except ValueError as error:  # a JSONDecodeError, or a number too long to convert
        raise ValueError(f"invalid JSON: {error}") from None


def _read_json_articles(text: str, path: Path, cfg: IngestSettings) -> Iterator[RawDocument | Skipped]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = parse_json(stripped, cfg)
        except ValueError as error:
            yield Skipped(path=str(path), reason=str(error))
            return
        numbered = list(enumerate(records if isinstance(records, list) else [records], start=1))
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if len(line) > cfg.max_page_bytes:
                yield Skipped(path=f"{path}:{number}", reason=f"line {number} is longer than {cfg.max_page_bytes:,} "
                              "characters (a record holds one article or page); the other lines are read")
                continue
            try:
                numbered.append((number, parse_json(line, cfg)))
            except ValueError as error:
                yield Skipped(path=f"{path}:{number}", reason=f"line {number}: {error}")
    for number, record in numbered:
        yield json_record_to_document(record, source=f"{path}:{number}", path=str(path), cfg=cfg)


def json_record_to_document(
    record: object, source: str, path: str | None = None, cfg: IngestSettings = IngestSettings()
) -> RawDocument | Skipped:
    """One JSON object with `text` or `html` and optional metadata keys; shared by JSONL files and crawls."""
    if not isinstance(record, dict):
        return Skipped(path=source, reason="JSON record is not an object")
    meta, refused = given_metadata(record)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, path=path, text=text, repairs=refused, **meta)
    if isinstance(html, str) and html.strip():
        try:
            document = html_to_document(html, source=source, cfg=cfg, path=path, url=meta.get("url"))
        except NoArticleText as error:
            return Skipped(path=source, reason=str(error))
        given = {key: value for key, value in meta.items() if key != "url"}
        return document.model_copy(update={**given, "repairs": document.repairs + refused})
    return Skipped(path=source, reason="JSON record has neither a non-empty `text` nor `html` field")


def given_metadata(record: dict) -> tuple[dict[str, str], list[str]]:
    """The known metadata keys of a record or sidecar with a value, and its `id` as `source_id`; a value of the
    wrong JSON type (a list, an object, true) is refused with a note, never stored as its Python repr. Numbers
    are text for `id` only (record ids are often numeric)."""
    given: dict[str, str] = {}
    refused: list[str] = []
    for key, field in (*((k, k) for k in METADATA_KEYS), (ID_KEY, "source_id")):
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str) or (key == ID_KEY and isinstance(value, int) and not isinstance(value, bool)):
            given[field] = str(value)
        else:
            refused.append(f"metadata field `{key}` ignored: a JSON {_json_type(value)}, not text")
    return given, refused


def _json_type(value: object) -> str:
    return {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}.get(type(value), "value")


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head
