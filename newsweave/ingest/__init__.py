"""Ingest: read articles from files, folders, JSONL, HTML, feeds, URLs and crawls into `RawDocument`s."""
