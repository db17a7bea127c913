"""The `newsweave` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DB = "newsweave.db"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsweave",
        description=(
            "Turn many news articles about the same events into cross-checked, source-attributed story "
            "dossiers: stories, copies, entities, quotes, claims, conflicts and a timeline, each line cited."
        ),
        epilog="Example: newsweave analyze examples/kim-beijing-parade --out out/",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="analyze articles and write the dossier",
        description=(
            "Read articles (files and folders of .txt, .html/.htm, .json/.jsonl; a NAME.meta.json beside a .txt "
            "gives its metadata), clean them, analyze them and write dossier.json, dossier.md and report.html. "
            "The run is also stored in the SQLite database (--db). Inputs that cannot be read are reported "
            "and skipped; the exit status is 0 when at least one article was analyzed, 1 otherwise."
        ),
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    analyze.add_argument("--out", default="newsweave-out", help="output folder (default: %(default)s)")
    analyze.add_argument(
        "--format", default="json,md,html", help="comma-separated output formats: json, md, html (default: all)"
    )
    analyze.add_argument("--db", default=DEFAULT_DB, help="SQLite store to record the run in (default: %(default)s)")
    analyze.add_argument("--no-db", action="store_true", help="do not write to the store")
    analyze.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args, parser)


def run_analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsweave.report.writers import FORMATS

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"unknown --format {','.join(unknown) or '(empty)'}; choose from {', '.join(FORMATS)}")

    from newsweave.ingest.files import read_paths
    from newsweave.nlp.models import ModelNotInstalled, load_models
    from newsweave.pipeline import analyze_articles, prepare_articles
    from newsweave.report.writers import write_outputs

    raws, skipped = read_paths(args.paths)
    articles, not_prepared = prepare_articles(raws, quiet=args.quiet)
    skipped += not_prepared
    for item in skipped:
        _warn(f"skipped {item.path}: {item.reason}")
    if not articles:
        _warn(f"0 analyzed, {len(skipped)} skipped: nothing to analyze")
        return 1
    try:
        models = load_models()
    except ModelNotInstalled as error:
        _warn(f"error: {error}")
        return 1
    dossier = analyze_articles(articles, models, quiet=args.quiet)
    dossier.skipped = skipped
    written = write_outputs(dossier, Path(args.out), formats)
    if not args.no_db:
        from newsweave.store.sqlite import Store

        with Store(args.db) as store:
            run_id, added = store.save_run(dossier)
        print(f"stored run {run_id} in {args.db} ({added} new articles)")
    for path in written:
        print(f"wrote {path}")
    print(f"{len(dossier.articles)} analyzed, {len(skipped)} skipped")
    return 0


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


COMMANDS = {"analyze": run_analyze}


if __name__ == "__main__":
    sys.exit(main())
