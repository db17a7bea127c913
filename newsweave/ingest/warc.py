"""WARC crawl files (such as Common Crawl's CC-NEWS) to documents, with warcio.

Only `response` records carrying HTML hold articles; requests, metadata, images and PDFs are skipped
with the reason, so a user can see what a crawl contained besides articles.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from newsweave.ingest.web import Fetched, page_document
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str | Path, cfg: IngestSettings) -> Iterator[RawDocument | Skipped]:
    """Documents of the HTML responses in a WARC file; other records are reported as skipped. warcio is
    imported here, at the first WARC file, as html.py imports its parsers."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        if not _starts_like_warc(path):
            yield Skipped(path=str(path), reason="not a WARC file (no WARC/1.x header at the start)")
            return
        with open(path, "rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                source = f"{path}#{number} {uri}".strip()
                status = record.http_headers.get_statuscode() if record.http_headers else None
                if status and status != "200":
                    yield Skipped(path=source, reason=f"HTTP status {status} in the crawl")
                    continue
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                body = record.content_stream().read(cfg.max_page_bytes + 1)
                if len(body) > cfg.max_page_bytes:
                    yield Skipped(path=source, reason=f"page too large (over {cfg.max_page_bytes / 1e6:.1f} MB, the "
                                  "limit for one page); not read further")
                    continue
                document = page_document(Fetched(uri, content_type, body), source, cfg)
                yield document.model_copy(update={"path": str(path)}) if isinstance(document, RawDocument) \
                    else document
    except (OSError, EOFError, ArchiveLoadFailed) as error:
        yield Skipped(path=str(path), reason=f"not a readable WARC file: {error}")


def _starts_like_warc(path: str | Path) -> bool:
    """warcio reads almost any bytes as records; a real WARC (gzipped or not) opens with its version line."""
    with open(path, "rb") as stream:
        compressed = stream.read(2) == b"\x1f\x8b"
    with (gzip.open(path, "rb") if compressed else open(path, "rb")) as stream:
        return stream.read(5) == b"WARC/"
