"""Files and folders to `RawDocument`s: .txt (with an optional `NAME.meta.json` sidecar), .html/.htm,
.json/.jsonl (an article per line or a JSON list of articles).

Every input that cannot be read becomes a `Skipped` with a reason; one bad file never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from newsweave.ingest.decode import UndecodableInput, decode_bytes
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


def iter_input_files(paths: list[str]) -> Iterator[Path | Skipped]:
    """Files named directly are always tried; folders are walked for the known article suffixes."""
    for name in paths:
        path = Path(name)
        if not path.exists():
            yield Skipped(path=name, reason="path does not exist")
        elif path.is_dir():
            found = False
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.endswith(SIDECAR_SUFFIX) or child.name.startswith("."):
                    continue
                if child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES:
                    found = True
                    yield child
            if not found:
                yield Skipped(path=name, reason="folder holds no .txt, .html, .htm, .json or .jsonl files")
        else:
            yield path


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
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(path=str(path), reason=f"cannot read: {error.strerror or error}")
        return
    suffix = path.suffix.lower()
    try:
        text = decode_bytes(data, cfg.max_input_bytes)
        if suffix in JSON_SUFFIXES:
            yield from _read_json_articles(text, path, cfg)
        elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
            yield html_to_document(text, source=str(path), cfg=cfg, path=str(path))
        else:
            yield RawDocument(source=str(path), path=str(path), text=text, **_read_sidecar(path))
    except (UndecodableInput, NoArticleText, SidecarError) as error:
        yield Skipped(path=str(path), reason=str(error))


class SidecarError(ValueError):
    """The `NAME.meta.json` beside a text file is not a JSON object of known metadata."""


def _read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SidecarError(f"metadata sidecar {sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(meta, dict):
        raise SidecarError(f"metadata sidecar {sidecar.name} must hold a JSON object")
    return _given_metadata(meta)


def _read_json_articles(text: str, path: Path, cfg: IngestSettings) -> Iterator[RawDocument | Skipped]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as error:
            yield Skipped(path=str(path), reason=f"invalid JSON: {error}")
            return
        numbered = list(enumerate(records, start=1))
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                yield Skipped(path=f"{path}:{number}", reason=f"invalid JSON line: {error.msg}")
    for number, record in numbered:
        yield json_record_to_document(record, source=f"{path}:{number}", path=str(path), cfg=cfg)


def json_record_to_document(
    record: object, source: str, path: str | None = None, cfg: IngestSettings = IngestSettings()
) -> RawDocument | Skipped:
    """One JSON object with `text` or `html` and optional metadata keys; shared by JSONL files and crawls."""
    if not isinstance(record, dict):
        return Skipped(path=source, reason="JSON record is not an object")
    meta = _given_metadata(record)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, path=path, text=text, **meta)
    if isinstance(html, str) and html.strip():
        try:
            document = html_to_document(html, source=source, cfg=cfg, path=path, url=meta.get("url"))
        except NoArticleText as error:
            return Skipped(path=source, reason=str(error))
        given = {key: value for key, value in meta.items() if key != "url"}
        return document.model_copy(update=given)
    return Skipped(path=source, reason="JSON record has neither a non-empty `text` nor `html` field")


def _given_metadata(record: dict) -> dict[str, str]:
    """The known metadata keys of a record or sidecar with a value, and its `id` as `source_id`."""
    given = {key: str(record[key]) for key in METADATA_KEYS if record.get(key) not in (None, "")}
    if record.get(ID_KEY) not in (None, ""):
        given["source_id"] = str(record[ID_KEY])
    return given


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head
