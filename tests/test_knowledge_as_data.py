"""Language knowledge lives in `newsweave/lang/<code>/`, procedure everywhere else.

Each module of the stages that read article text (ingest, clean, nlp, story, link, and the date types they
share) is read as Python source and must hold no English word list (a collection literal or `"...".split()`
of three or more lower-case words), no regular expression spelling out English words, and no
dependency-label string: those belong in the language's TOML files, reached through
`newsweave.lang.Resources`. `Literal[...]` type annotations are vocabulary of the program, not of a language;
a line ending in `# not language` (a format's field names, an enumeration of the program's own values) is
passed over. The report, store, web and CLI speak to the user in the program's own language and are not read.
One test per module, so a failure names the module and the offending literals.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsweave"
DEPENDENCY_LABELS = frozenset(
    "nsubj nsubjpass csubj csubjpass dobj iobj pobj pcomp agent attr acomp xcomp ccomp advcl relcl acl amod"
    " appos compound poss nummod quantmod npadvmod advmod prep prt dative oprd expl auxpass neg preconj predet"
    " parataxis intj nmod obj obl iobj nsubj:pass aux:pass flat fixed".split()
)
"""Labels of spaCy's English (ClearNLP) and of Universal Dependencies that no other string would spell."""
WORD_LIST_MIN = 3
ENGLISH_RUN = re.compile(r"[a-z]{3,}")
REGEX_SYNTAX = re.compile(
    r"\\[a-zA-Z]|\(\?P?<[a-z_]+>|\(\?P=[a-z_]+\)|\(\?[aiLmsux-]+\)|\[[^\]]*\]|\{[^}]*\}|\$\{[a-z_.0-9]+\}"
)
"""Escapes, group names, inline flags, character classes and quantifiers: regex syntax, not words."""
REGEX_MARKERS = re.compile(r"\(\?:|\\b|\\s")
"""A string holding one of these is a regex (or a piece of one) wherever it is passed."""


RULE_PACKAGES = ("ingest", "clean", "nlp", "story", "link")
EXEMPT = "# not language"


def modules() -> list[Path]:
    rules = [p for package in RULE_PACKAGES for p in (PACKAGE / package).rglob("*.py")]
    return sorted([*rules, PACKAGE / "dates.py"])


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _is_word(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z'’-]*(?: [a-z][a-z'’-]*)*", text))


def _docstring_nodes(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for statement in body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    found.add(id(statement.value))
    return found


def _regex_words(pattern: str) -> list[str]:
    return ENGLISH_RUN.findall(REGEX_SYNTAX.sub(" ", pattern))


def _skipped_nodes(tree: ast.Module, lines: list[str]) -> set[int]:
    """Docstrings, `Literal[...]` subscripts and literals on lines marked `# not language`."""
    skipped = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            skipped |= {id(n) for n in ast.walk(node.slice)}
        elif hasattr(node, "lineno") and lines[node.lineno - 1].rstrip().endswith(EXEMPT):
            skipped.add(id(node))
    return skipped


def findings(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree, source.splitlines())
    found: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) >= WORD_LIST_MIN and sum(map(_is_word, words)) >= WORD_LIST_MIN:
                found.append(f"line {node.lineno}: word list {words[:6]}")
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if len(keys) >= WORD_LIST_MIN and sum(map(_is_word, keys)) >= WORD_LIST_MIN:
                found.append(f"line {node.lineno}: word table {keys[:6]}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if node.func.attr == "split" and isinstance(target, ast.Constant) and isinstance(target.value, str):
                if len(target.value.split()) >= WORD_LIST_MIN:
                    found.append(f"line {node.lineno}: word list {target.value[:60]!r}")
            if node.func.attr in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
                if isinstance(target, ast.Name) and target.id == "re" and node.args:
                    words = [w for s in _strings(node.args[0]) for w in _regex_words(s)]
                    if words and not REGEX_MARKERS.search("".join(_strings(node.args[0]))):
                        found.append(f"line {node.lineno}: regex of words {words[:6]}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("spacy.lang."):
            found.append(f"line {node.lineno}: language data imported from {node.module}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in DEPENDENCY_LABELS:
                found.append(f"line {node.lineno}: dependency label {node.value!r}")
            elif REGEX_MARKERS.search(node.value) and (words := _regex_words(node.value)):
                found.append(f"line {node.lineno}: regex of words {words[:6]}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_language_knowledge_outside_lang(path: Path) -> None:
    assert findings(path) == []


def test_the_lint_catches_each_kind(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'import re\nSPEECH = {"said", "told", "added"}\nMONTHS = "jan feb mar".split()\n'
        'CUE = re.compile(r"\\b(?:said|told)\\b")\nDIGITS = re.compile(r"(?P<year>\\d{4})-\\d{2}")\n'
        'def subject(token):\n    return token.dep_ == "nsubj"\n'
        'KINDS = ("stated", "given", "inferred")  # not language\n'
        "from spacy.lang.en.stop_words import STOP_WORDS\n"
    )
    kinds = [finding.split(": ", 1)[1].split(" ")[0] for finding in findings(sample)]
    assert sorted(kinds) == ["dependency", "language", "regex", "word", "word"]
