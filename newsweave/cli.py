"""The `newsweave` command."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from newsweave.report.files import check_output_folder
from newsweave.report.writers import FORMATS, Elsewhere

if TYPE_CHECKING:
    from newsweave.models import Article, Dossier, Skipped, Story
    from newsweave.nlp.models import Models
    from newsweave.nlp.parse_worker import ParseWorkers
    from newsweave.settings import Settings

DEFAULT_DB = "newsweave.db"
RUN_FAILED = 2
"""Exit status of a run that failed as a whole (bad --out, store locked, disk full), as for bad arguments."""
LIMITS = (
    "Limits (each a setting, listed with its reason in docs/settings.md; change it with --config): an input over "
    "ingest.max_input_bytes, an article over cleaning.max_article_chars characters or parse.max_doc_tokens tokens, "
    "and an article whose own stages take over parse.article_seconds are skipped with the reason; text without "
    "sentence punctuation is cut into sentences of parse.max_sentence_tokens. A failure of the whole run (an "
    "output folder or store that cannot be written, a full disk) is one line on stderr and exit status 2; "
    "--debug shows its traceback."
)

DEBUG_HELP = "on a failure, show its traceback (and each skipped article's) as well as the one-line reason"


class RunError(Exception):
    """A failure of the whole run, said in one line with what to do about it."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsweave",
        description=(
            "Turn many news articles about the same events into cross-checked, source-attributed story "
            "dossiers: stories, copies, entities, quotes, claims, conflicts and a timeline, each line cited."
        ),
        epilog="Example: newsweave analyze examples/kim-beijing-parade --out out/",
    )
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="analyze articles and write the dossier",
        description=(
            "Read articles (files and folders of .txt, .html/.htm, .json/.jsonl; a NAME.meta.json beside a .txt "
            "gives its metadata), clean them, analyze them and write dossier.json, dossier.md and report.html. "
            "The run is also stored in the store (--db: a SQLite file or a PostgreSQL database). Inputs that cannot be read are reported "
            "and skipped; the exit status is 0 when at least one article was analyzed, 1 otherwise. --out and --db "
            "are checked before any work."
        ),
        epilog=LIMITS,
    )
    analyze.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders, feeds, page URLs")
    analyze.add_argument(
        "--story", metavar="ID", help="analyze one story of the store (--db; ids from `newsweave stories`) instead"
    )
    analyze.add_argument("--out", default="newsweave-out", help="output folder (default: %(default)s)")
    _add_format(analyze)
    add_db_argument(analyze, "store to record the run in")
    analyze.add_argument("--no-db", action="store_true", help="do not write to the store")
    analyze.add_argument("--quiet", action="store_true", help="no progress bars")
    analyze.add_argument(
        "--graph",
        metavar="PATH",
        help="also write the entity/relation graph here: GraphML if PATH ends in .graphml, else JSON",
    )
    _add_config(analyze)
    _add_story_commands(commands)
    _add_serve_command(commands)
    _add_report_command(commands)
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return parser



def _add_serve_command(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="browse the store in a web browser and serve its JSON API",
        description=(
            "Serve the store's stories, dossiers, articles, entities and outlets as web pages and as a JSON API "
            "under /api/ (schema at /openapi.json; docs/api.md). Reads are open on localhost; writes "
            "(POST /api/ingest) need the token from NEWSWEAVE_TOKEN or --token-file, and without one are off. "
            "Listening beyond localhost (--host 0.0.0.0) makes reads need the token too."
        ),
    )
    add_db_argument(serve, "store to serve")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    serve.add_argument(
        "--token-file", type=Path, help="file whose first line is the write token (default: ~/.config/newsweave/token)"
    )
    _add_config(serve)


def _add_report_command(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="write the report of an existing dossier.json again (other formats, another folder)",
        description=(
            "Read a dossier.json written by `newsweave analyze` and write it in the chosen formats to --out. "
            "Nothing is analyzed: no model is loaded, so this takes seconds even for a large dossier."
        ),
    )
    report.add_argument("dossier", metavar="DOSSIER.json", type=Path, help="a dossier written by `analyze`")
    report.add_argument("--out", default="newsweave-out", help="output folder (default: %(default)s)")
    _add_format(report)


def _add_story_commands(commands: argparse._SubParsersAction) -> None:
    ingest = commands.add_parser(
        "ingest",
        help="add articles from feeds, URLs, WARC files or folders to the store and sort them into stories",
        description=(
            "Read each SOURCE: an RSS/Atom feed (URL or .rss/.atom/.xml file), a web page URL, a WARC file "
            "(.warc, .warc.gz; HTML responses only) or article files and folders as for `analyze`. New articles "
            "are cleaned, stored and assigned to a story: an existing story of the store or a new one; the stories "
            "that changed are then linked again (brief, claims, conflicts...) unless --no-link. Articles "
            "already stored are not analyzed again. Pages are fetched with timeouts, a size limit and a "
            "User-Agent naming newsweave, and robots.txt is obeyed. Unreadable items are skipped with reasons. "
            "Exit status 0 when at least one article was read (new or already stored), 1 otherwise."
        ),
        epilog=LIMITS,
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="feed, URL, WARC file, file or folder")
    add_db_argument(ingest, "store to add the articles to")
    ingest.add_argument("--fetch", action="store_true", help="for feed entries, fetch the linked page's full text")
    ingest.add_argument(
        "--timeout", type=float, help="seconds per HTTP request (default: ingest.fetch_timeout_seconds, 20)"
    )
    ingest.add_argument("--max-mb", type=float, help="page size limit in MB (default: ingest.max_page_bytes, 5 MB)")
    ingest.add_argument(
        "--no-link",
        action="store_true",
        help="only sort the articles into stories; do not link the stories that changed (their briefs, claims "
        "and conflicts then wait for a later ingest or `analyze --story`)",
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress bars")
    _add_config(ingest)

    stories = commands.add_parser(
        "stories", help="list the stories of the store", description="List stored stories: id, span, articles, title."
    )
    add_db_argument(stories, "store to list")


def add_db_argument(command: argparse.ArgumentParser, what: str) -> None:
    """`--db`: the same store for every command, a SQLite file or a PostgreSQL database. A value that names
    neither stops the command before any work (exit 2) with the forms it accepts. The store is imported when a
    value is checked, not when the parser is built: `newsweave --help` imports no database library."""

    def store_name(value: str) -> str:
        from newsweave.store import StoreError, engine_url

        try:
            engine_url(value)
        except StoreError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return value

    command.add_argument(
        "--db",
        default=DEFAULT_DB,
        type=store_name,
        metavar="DB",
        help=f"{what}: a SQLite file (default: %(default)s) or postgresql://USER@HOST/NAME",
    )


def _add_format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        default=",".join(FORMATS),
        help="comma-separated output formats (default: all): "
        + "; ".join(f"{name} = {fmt.filename}, {fmt.description}" for name, fmt in FORMATS.items()),
    )


def _formats(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    """The --format names; an unknown one stops the command before any work (exit 2)."""
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"unknown --format {','.join(unknown) or '(empty)'}; choose from {', '.join(FORMATS)}")
    return formats


def _add_config(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="TOML file overriding tuning settings (thresholds, windows, caps); every setting, its default and "
        "why is listed in docs/settings.md",
    )


def _settings(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Settings:
    """The run's settings; a file that cannot be used stops the run before any work (exit 2)."""
    from newsweave.settings import SettingsError, load_settings

    try:
        return load_settings(args.config)
    except SettingsError as error:
        parser.error(str(error))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _debug_log(args.debug)
    try:
        code = COMMANDS[args.command](args, parser)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`newsweave stories | head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130
    except Exception as error:  # the run as a whole failed: one line, the traceback only when asked for
        if args.debug:
            traceback.print_exc()
        _warn(f"error: {run_failure(error)}")
        return RUN_FAILED


def run() -> NoReturn:
    """The `newsweave` command (and `python -m newsweave.cli`): `main`, then the process ends once its output is
    flushed, without the interpreter's teardown, which frees every module a run imported one by one: 0.6 CPU-s
    on one core after `analyze` of 200 articles had written and stored everything (0.25 for spaCy's imports
    alone). What must outlive a command is closed by `main` (outputs, store, workers); Python callers (the
    tests) call `main`, which returns."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_failure(error: Exception) -> str:
    """What went wrong with the run and what to do, in one line."""
    from sqlalchemy.exc import OperationalError

    from newsweave.store import StoreError

    if isinstance(error, RunError | StoreError):
        return str(error)
    where = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device{where}: free some space, or write --out/--db elsewhere"
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"not allowed to write{where}: choose a folder you can write to (--out, --db) or change its permissions"
    if isinstance(error, OSError):
        return f"{error.strerror or error}{where}"
    if isinstance(error, OperationalError):
        cause = str(error.orig).splitlines()[0] if error.orig else str(error).splitlines()[0]
        if "locked" in cause or "busy" in cause:
            return f"the store is in use by another run ({cause}): run again when it has finished"
        return f"the store failed ({cause}): check --db, or run with --debug"
    if isinstance(error, MemoryError):
        return "out of memory: analyze fewer articles at a time, or lower the limits in --config"
    detail = str(error).splitlines()[0] if str(error) else ""
    return f"unexpected {type(error).__name__}{': ' + detail if detail else ''}; run with --debug and report it"


def _debug_log(debug: bool) -> None:
    """With --debug, newsweave's debug log (tracebacks of skipped articles) goes to stderr."""
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
        logger = logging.getLogger("newsweave")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


def check_store(db: str) -> None:
    """The store opens (a new SQLite file is made, a PostgreSQL database answers) and takes a write (not
    read-only, not held by another run past the wait) before the analysis starts."""
    from newsweave.store import open_store

    try:
        with open_store(db) as store:
            store.check_writable()
    except OSError as error:
        raise RunError(f"cannot open --db {db}: {run_failure(error)}") from error


def run_analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = _settings(args, parser)
    formats = _formats(args, parser)
    if bool(args.paths) == bool(args.story):
        parser.error("give article PATHs or --story ID, not both and not neither")
    with ExitStack() as parsing:
        workers = _early_workers(args.paths, settings, parsing)

        from newsweave.nlp.torchless import import_thinc_without_torch
        from newsweave.report.writers import write_outputs

        import_thinc_without_torch()  # before spaCy is imported; torch then only if an encoder runs on it
        check_output_folder(Path(args.out))
        if not args.no_db and not args.story:  # a stored story's store is opened (must exist) right below
            check_store(args.db)
        loading = _Loading(settings) if args.paths else None  # while reading waits on the network and cleaning runs
        if args.story:
            from newsweave.app.pipeline import analyze_articles

            stories, articles, skipped = _stored_story(args.story, args.db)
            models = _models_for(articles, skipped, "analyzed", settings)
            if models is None:
                return 1
            dossier = analyze_articles(articles, models, quiet=args.quiet, stories=stories, settings=settings,
                                       workers=workers)
        else:
            dossier, skipped = _analyze_as_read(args, settings, loading, workers)
            if dossier is None:
                return 1
        _report_skipped(dossier.skipped)
        skipped += dossier.skipped
        dossier = dossier.model_copy(update={"skipped": skipped})
        stored: list[str] = []

        def store_run(as_json: str | None) -> None:
            """The run stores dossier.json as written, not made a second time."""
            if not args.no_db:
                from newsweave.store import open_store

                with open_store(args.db) as store:
                    run_id, added = store.save_run(dossier, as_json)
                stored.append(f"stored run {run_id} in {store.name} ({added} new articles)")

        written = write_outputs(dossier, Path(args.out), formats, _elsewhere(workers), store_run)
    if args.graph:
        from newsweave.report.graph import write_graph

        written.append(write_graph(dossier, Path(args.graph)))
    for line in stored:
        _say(line)
    for path in written:
        _say(f"wrote {path}")
    print(f"{len(dossier.articles)} analyzed, {len(skipped)} skipped")
    return 0 if dossier.articles else 1


def _early_workers(paths: list[str], settings: Settings, stack: ExitStack) -> ParseWorkers | None:
    """Parse workers for an input that wants them (`parse_worker.wanted`), started first thing: their interpreter
    start and spaCy load then overlap this process's checks, imports, reading, cleaning and model loading. Decided
    from a count made before reading (`may_be_articles`); the pipeline starts them itself for a larger input it
    was not given them for. They end with `stack`, at once if the run fails."""
    if not paths:
        return None
    from newsweave.ingest.sources import may_be_articles
    from newsweave.nlp.parse_worker import ParseWorkers, stay_to_link, wanted

    may_be = may_be_articles(paths, settings.ingest, settings.cleaning.min_article_chars)
    if not wanted(may_be, settings.parse):
        return None
    workers = stack.enter_context(ParseWorkers(None, settings.parse, stay=stay_to_link(may_be, settings.parse)))
    workers.keep()  # workers that stay to link then write the report's formats (`_elsewhere`)
    return workers


def _elsewhere(workers: ParseWorkers | None) -> Elsewhere | None:
    """Parse workers that stayed to link, if one is still there, render the formats other than dossier.json
    (`writers.write_sent`) while this process writes dossier.json and stores the run: the end of a run, which
    ran on one core once linking was done."""
    if workers is None:
        return None
    from newsweave.nlp.parse_worker import Task
    from newsweave.report.writers import write_sent

    def start(dossier: Dossier, folder: Path, names: list[str]) -> Callable[[], bool | None]:
        return workers.submit(Task(write_sent, (dossier, str(folder), names)))

    return start


def _analyze_as_read(
    args: argparse.Namespace, settings: Settings, loading: _Loading | None, workers: ParseWorkers | None
) -> tuple[Dossier | None, list[Skipped]]:
    """The dossier of the inputs (None when there is nothing to analyse or a model is missing, after saying
    why), and the inputs skipped before the parse. The local files are read while the URLs are fetched and the
    models load; then each input is cleaned as the parse reaches it (`Arrivals`), so the parse of the first
    articles runs while the next are cleaned and the URLs still fetched."""
    from newsweave.app.pipeline import Arrivals, analyze_articles
    from newsweave.ingest.sources import SourceReading
    from newsweave.ingest.web import Fetcher

    dossier = None
    with Fetcher(settings.ingest, settings.network) as fetcher, SourceReading(args.paths, fetcher) as reading:
        arrivals = Arrivals(reading.fetched(), len(reading.items), quiet=args.quiet, settings=settings)
        for read in reading.local():
            arrivals.add(read)
        models = _load_models(settings, loading) if arrivals.may_give() or reading.urls else None
        if models is not None:
            dossier = analyze_articles(arrivals, models, quiet=args.quiet, settings=settings, workers=workers)
    articles, skipped = arrivals.outcome()
    skipped = reading.skipped + skipped
    _report_skipped(skipped)
    if not articles:
        _nothing_to_do(skipped, "analyzed")
        return None, skipped
    return dossier, skipped


def _stored_story(story_id: str, db: str) -> tuple[list[Story], list[Article], list[Skipped]]:
    """The story and its articles from the store; an unknown id yields nothing, with the reason (a store that
    is not there is a `StoreError`)."""
    from newsweave.models import Skipped
    from newsweave.store import open_store

    with open_store(db, must_exist=True) as store:
        story = next((s for s in store.stories() if s.id == story_id), None)
        if story is None:
            return [], [], [Skipped(path=story_id, reason=f"no story with this id in {store.name}")]
        return [story], store.articles(story.articles), []


class _Loading:
    """The models, loading in a thread from the start of a run. Reading waits on the network (a slow server
    holds its fetch up to `ingest.fetch_timeout_seconds`) and loading the models takes seconds that a run
    otherwise spends only after reading and cleaning: a waiting fetch holds no lock, so the two overlap. A daemon
    thread, so a run left with nothing to analyse does not wait for it to end."""

    def __init__(self, settings: Settings) -> None:
        self._models: Models | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(settings,), daemon=True, name="newsweave-models")
        self._thread.start()

    def _load(self, settings: Settings) -> None:
        from newsweave.nlp.models import load_models

        try:
            self._models = load_models(cfg=settings.parse)
        except BaseException as error:  # noqa: BLE001 - raised again in the run's own thread by `models`
            self._error = error

    def models(self) -> Models:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._models is not None
        return self._models


def _models_for(
    articles: list[Article], skipped: list[Skipped], done: str, settings: Settings, loading: _Loading | None = None
) -> Models | None:
    """Report every skipped input, then load the models (or wait for `loading`); None (after saying why) when
    there is nothing to do or a model package is missing."""
    _report_skipped(skipped)
    if not articles:
        _nothing_to_do(skipped, done)
        return None
    return _load_models(settings, loading)


def _nothing_to_do(skipped: list[Skipped], done: str) -> None:
    _warn(f"0 {done}, {len(skipped)} skipped: nothing to do")


def _load_models(settings: Settings, loading: _Loading | None) -> Models | None:
    """The models (from `loading` when given); None, after saying why, when a model package is missing."""
    from newsweave.nlp.models import ModelNotInstalled, load_models

    try:
        return loading.models() if loading else load_models(cfg=settings.parse)
    except ModelNotInstalled as error:
        _warn(f"error: {error}")
        return None


def run_ingest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsweave.nlp.torchless import import_thinc_without_torch

    import_thinc_without_torch()  # before spaCy is imported; torch then only if an encoder runs on it
    from newsweave.app.incremental import ingest_articles
    from newsweave.app.pipeline import prepare_as_read
    from newsweave.ingest.sources import SourceReading
    from newsweave.ingest.web import Fetcher
    from newsweave.store import open_store

    settings = _settings(args, parser)
    limits = {
        key: value
        for key, value in (
            ("fetch_timeout_seconds", args.timeout),
            ("max_page_bytes", None if args.max_mb is None else int(args.max_mb * 1024 * 1024)),
        )
        if value is not None
    }
    settings = settings.model_copy(update={"ingest": settings.ingest.model_copy(update=limits)})
    check_store(args.db)
    with Fetcher(settings.ingest, settings.network) as fetcher, \
            SourceReading(args.sources, fetcher, fetch_linked=args.fetch) as reading:
        articles, skipped = prepare_as_read(reading.reads(), len(reading.items), quiet=args.quiet, settings=settings)
    skipped = reading.skipped + skipped
    models = _models_for(articles, skipped, "added", settings)
    if models is None:
        return 1
    with open_store(args.db) as store:
        result = ingest_articles(articles, models, store, quiet=args.quiet, settings=settings, link=not args.no_link)
    _report_skipped(result.skipped)
    skipped += result.skipped
    if result.reencoded:
        _say(f"made the lead vectors of {result.reencoded} stored articles again with {settings.parse.encoder}: "
             "another model had made them")
    for story in result.stories:
        _say(f"{story.id}  {len(story.articles):4d} articles  {story.title}")
    print(f"{len(result.added)} added, {result.already_stored} already stored, {len(skipped)} skipped, "
          f"{len(result.stories)} stories updated in {store.name}")
    return 0


def run_stories(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsweave.store import open_store

    with open_store(args.db, must_exist=True) as store:
        stories = store.stories()
    for story in stories:
        span = " .. ".join(story.span) if isinstance(story.span, list) else story.span or "undated"
        _say(f"{story.id}  {span:24}  {len(story.articles):4d} articles  {story.title}")
    print(f"{len(stories)} stories")
    return 0


def run_serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import uvicorn

    from newsweave.web.app import WebConfig, create_app
    from newsweave.web.auth import load_token

    settings = _settings(args, parser)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be between 1 and 65535, not {args.port}")
    try:
        token = load_token(args.token_file)
    except OSError as error:
        parser.error(f"cannot read --token-file: {error}")
    app = create_app(WebConfig(db=args.db, token=token, host=args.host, settings=settings, must_exist=True))
    writes = "writes need the token" if token else "writes off (no NEWSWEAVE_TOKEN or --token-file)"
    print(f"serving {args.db} at http://{args.host}:{args.port}/ ({writes})")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


def run_report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Only the dossier model and the writers are imported: rendering never pays for spaCy or torch."""
    from pydantic import ValidationError

    from newsweave.models import Dossier
    from newsweave.report.writers import write_outputs

    formats = _formats(args, parser)
    check_output_folder(Path(args.out))
    try:
        dossier = Dossier.model_validate_json(args.dossier.read_bytes())
    except (OSError, ValidationError) as error:
        _warn(f"error: cannot read a dossier from {args.dossier}: {error}")
        return 1
    for path in write_outputs(dossier, Path(args.out), formats):
        _say(f"wrote {path}")
    return 0


def _report_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        _warn(f"skipped {item.path}: {item.reason}")


def _warn(message: str) -> None:
    print(shown(message), file=sys.stderr)


def _say(message: str) -> None:
    print(shown(message))


def shown(text: str) -> str:
    """`text` with its control and format characters escaped (`\\n`, `\\x1b`, `\\u202e`), for the terminal. File
    names, titles and skip reasons come from the inputs: printed as they are, a newline in a file name forges a
    line of output, and an escape sequence drives the user's terminal (colours, title, cursor, clipboard)."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


COMMANDS = {
    "analyze": run_analyze,
    "ingest": run_ingest,
    "stories": run_stories,
    "serve": run_serve,
    "report": run_report,
}


if __name__ == "__main__":
    run()
