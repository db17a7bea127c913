"""End to end through the command line: inputs of every kind, bad ones skipped with reasons."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsweave.cli import main

from .conftest import EXAMPLE

CONTRACT_SECTIONS = [
    "schema_version", "articles", "skipped", "stories", "entities", "relations", "quotes", "timeline",
    "claims", "derivations", "conflicts", "brief",
]
CONTRACT_ARTICLE_FIELDS = [
    "id", "path", "url", "title", "outlet", "byline", "dateline", "published", "published_reason", "language",
    "text", "removed", "derived_from",
]


def test_analyze_example_writes_three_files_and_store(tmp_path: Path, capsys) -> None:
    db = tmp_path / "nw.db"
    code = main(["analyze", str(EXAMPLE), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet"])
    assert code == 0
    out = capsys.readouterr().out
    assert "5 analyzed, 0 skipped" in out
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    for key in CONTRACT_SECTIONS:
        assert key in dossier, key
    for article in dossier["articles"]:
        for key in CONTRACT_ARTICLE_FIELDS:
            assert key in article, key
    assert (tmp_path / "out" / "dossier.md").read_text().startswith("# newsweave dossier")
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script src=" not in html and "http://" not in html.split("<main>")[0]

    main(["analyze", str(EXAMPLE), "--out", str(tmp_path / "out2"), "--db", str(db), "--quiet"])
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
        assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2

    # the command (`cli.run`) ends without the interpreter's teardown: its output arrives whole, with its status
    capsys.readouterr()
    assert main(["stories", "--db", str(db)]) == 0
    listed = subprocess.run([sys.executable, "-m", "newsweave.cli", "stories", "--db", str(db)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert listed.returncode == 0 and listed.stdout == capsys.readouterr().out != ""

    # `newsweave stories | head`: a reader that goes away ends the listing quietly, not with a traceback
    listing = subprocess.Popen(
        [sys.executable, "-m", "newsweave.cli", "stories", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None
    listing.stdout.close()
    _, errors = listing.communicate(timeout=120)
    assert listing.returncode == 0 and b"Traceback" not in errors, errors.decode()


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_completes(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    latin = "Le gouvernement a annoncé mardi une réforme des retraites très attendue par les syndicats. " * 5
    (folder / "french.txt").write_text(latin, encoding="utf-8")
    english = (
        "The city council of Springfield voted on Tuesday to approve a new budget for road repairs. "
        "Mayor Jane Quimby said the plan would fix more than 200 potholes before winter. "
        "Council member Paul Stone, who voted against it, said the money should go to schools instead. "
    )
    (folder / "cp1252.txt").write_bytes((english + "It cost “€4 million” in total.").encode("cp1252"))
    (folder / "huge.txt").write_bytes(b"word " * (11 * 1024 * 1024))
    code = main(["analyze", str(folder), str(tmp_path / "missing"), "--out", str(tmp_path / "out"), "--no-db",
                 "--quiet"])
    captured = capsys.readouterr()
    assert code == 0
    assert "1 analyzed, 5 skipped" in captured.out
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("french.txt", "language"),
                         ("huge.txt", "too large"), ("missing", "does not exist")]:
        assert any(name in line and reason in line for line in captured.err.splitlines()), (name, captured.err)
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    assert "€4 million" in dossier["articles"][0]["text"]
    assert len(dossier["skipped"]) == 5


def test_nothing_analyzable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert main(["analyze", str(tmp_path), "--out", str(tmp_path / "out"), "--no-db", "--quiet"]) == 1


REPORT_ONLY = """
import sys
from newsweave.cli import main
code = main(sys.argv[1:])
heavy = sorted(
    name for name in ("torch", "spacy", "spacy.cli", "sentence_transformers", "transformers") if name in sys.modules
)
print("heavy:", ",".join(heavy))
sys.exit(code)
"""


def test_report_renders_an_existing_dossier_without_loading_models(tmp_path: Path, seed_dossier) -> None:
    """`newsweave report` in a fresh interpreter: the same report as `analyze` wrote, and neither torch nor spaCy
    imported (rendering a large dossier again must not pay for loading models)."""
    from newsweave.report.writers import write_outputs

    write_outputs(seed_dossier, tmp_path / "first", ["json", "md"])
    done = subprocess.run(
        [sys.executable, "-c", REPORT_ONLY, "report", str(tmp_path / "first" / "dossier.json"),
         "--out", str(tmp_path / "again"), "--format", "md,html"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "heavy: \n" in done.stdout, done.stdout
    assert (tmp_path / "again" / "dossier.md").read_text() == (tmp_path / "first" / "dossier.md").read_text()
    assert (tmp_path / "again" / "report.html").exists() and not (tmp_path / "again" / "dossier.json").exists()


def test_analyze_with_the_default_encoders_never_imports_torch(tmp_path: Path) -> None:
    """spaCy's thinc imports torch whenever it is installed; with the default encoders (int8 under ONNX Runtime,
    for leads and linking) nothing of a run needs it, and importing it would cost ~190 MB and seconds
    (`nlp.torchless`); nor spaCy's command line, which spaCy's own `__init__` imports (~0.17 CPU-s in each
    process that loads spaCy)."""
    from newsweave.nlp.models import load_embedder

    load_embedder()  # made once per machine, with torch: here, not below
    (tmp_path / "a.txt").write_text(
        "Rescuers in the port town of Velmora pulled 14 people from a collapsed warehouse on Sunday, the fire "
        "service said. Chief officer Hanna Lorrick said two more people were still missing after the collapse."
    )
    done = subprocess.run(
        [sys.executable, "-c", REPORT_ONLY, "analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
         "--no-db"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 analyzed" in done.stdout and "heavy: spacy\n" in done.stdout, done.stdout


SPACY_CLI_LATER = """
import sys
from newsweave.nlp.torchless import import_thinc_without_torch
import_thinc_without_torch()
import spacy
print("cli imported:", "spacy.cli" in sys.modules)
import spacy.cli
print("real cli:", callable(spacy.cli.download), "info:", spacy.info()["spacy_version"] == spacy.__version__)
"""


def test_spacy_without_its_command_line_still_has_it_on_demand() -> None:
    """The stand-in for spaCy's command line is gone once spaCy is imported: `import spacy.cli` gets the real
    one, and `spacy.info` works."""
    done = subprocess.run([sys.executable, "-c", SPACY_CLI_LATER], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "cli imported: False\nreal cli: True info: True\n", done.stdout


def test_report_of_a_file_that_is_no_dossier_exits_1(tmp_path: Path, capsys) -> None:
    (tmp_path / "not.json").write_text('{"articles": 3}')
    assert main(["report", str(tmp_path / "not.json"), "--out", str(tmp_path / "out")]) == 1
    assert "cannot read a dossier" in capsys.readouterr().err


def test_control_characters_from_file_names_are_printed_escaped(tmp_path: Path, capsys) -> None:
    """A newline in a file name would forge a line of output, an escape sequence would drive the terminal."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fake\nskipped all: done\x1b]0;owned\x07\x1b[2J\u202etxt.txt").write_text("x\n")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--no-db", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert not any(char in err for char in "\x1b\x07\u202e"), repr(err)
    skips = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert len(skips) == 1 and "fake\\nskipped all: done\\x1b]0;owned\\x07\\x1b[2J\\u202etxt.txt: too short" in skips[0]


def test_inputs_too_short_to_become_articles_do_not_count_towards_parse_workers(tmp_path: Path) -> None:
    """The parse workers start before anything is read, from a count of the inputs: a folder of many one-line
    files holds few articles, a JSON Lines file one per line long enough to be one, a URL one, a JSON list many."""
    from newsweave.ingest.sources import may_be_articles
    from newsweave.settings import Settings

    settings = Settings()
    least = settings.cleaning.min_article_chars
    for i in range(50):
        (tmp_path / f"tiny-{i}.txt").write_text("x" * (least - 1))
    (tmp_path / "long.txt").write_text("word " * least)
    (tmp_path / "page.html").write_text("<p>" * least)
    lines = [json.dumps({"text": "word " * least}), json.dumps({"text": "x"}), "", json.dumps({"html": "<p>" * least})]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    sources = [str(tmp_path), "https://example.org/a", str(tmp_path / "missing.txt")]
    assert may_be_articles(sources, settings.ingest, least) == 2 + 2 + 1
    # a JSON list on one line holds many articles: counted by its size, as a WARC is
    listed = tmp_path / "list" / "many.json"
    listed.parent.mkdir()
    listed.write_text(json.dumps([{"text": "word " * least}] * 30))
    assert may_be_articles([str(listed)], settings.ingest, least) >= 30
