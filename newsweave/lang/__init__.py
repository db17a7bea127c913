"""Language knowledge as data: one resources object per language, read from `newsweave/lang/<code>/*.toml`.

The rules of newsweave are procedure; what they know of a language (furniture vocabulary, speech verbs,
month names, titles, the dependency labels its parser uses, relation patterns) is data kept here, so that
supporting another language means writing another folder of TOML, not editing rule modules. Each file is an
*area* (`quotes.toml`, `time.toml`, ...) holding sections by kind:

    [words]      name = "space separated words"  or  ["a list", "of phrases"]   -> frozenset[str]
    [phrases]    name = ["ordered", "multi-word phrases"]                         -> tuple[str, ...]
    [labels]     name = ["nsubj", "nsubjpass"]   (dependency or entity labels)    -> frozenset[str]
    [patterns]   name = '''regex'''  or  { re = '''regex''', flags = "i" }      -> re.Pattern[str]
                 (`re` may be a list of alternatives, one per line, joined by "|")
    [tables]     name = { key = value, ... }                                      -> Mapping[str, Any]
    [values]     name = any TOML value (lists of tables for matcher patterns)     -> Any

Keys are `"area.name"`. A pattern may embed another pattern's source as `${area.name}`, so a date regex is
written once and reused inside larger ones. A missing key raises `KeyError` naming the file and section it
was looked for in, so a new language folder reports exactly what it still lacks.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

DOC_EXTENSION = "newsweave_resources"
"""Doc attribute (`doc._.newsweave_resources`) carrying the resources a document was annotated with, so rules
that start from a token or span read the same language data as the stage that parsed it."""
if not Doc.has_extension(DOC_EXTENSION):
    Doc.set_extension(DOC_EXTENSION, default=None)

LANG_ROOT = Path(__file__).resolve().parent
_REFERENCE = re.compile(r"\$\{([a-z_]+\.[a-z0-9_]+)\}")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


@dataclass(frozen=True)
class Resources:
    """Everything the rules know about one language; built by `for_language` or `load_resources`."""

    code: str
    data: Mapping[str, Mapping[str, Mapping[str, Any]]]
    """area -> section -> name -> raw TOML value."""
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _sets: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict, compare=False, repr=False)
    """Word and label sets built once, by section and key: rules ask for them per token, millions of times in a
    big story, so the set of a key already asked for is two look-ups of strings away."""

    def words(self, key: str) -> frozenset[str]:
        return self._set("words", key)

    def phrases(self, key: str) -> tuple[str, ...]:
        raw = self._raw("phrases", key)
        return tuple(raw.split() if isinstance(raw, str) else raw)

    def labels(self, key: str) -> frozenset[str]:
        return self._set("labels", key)

    def table(self, key: str) -> Mapping[str, Any]:
        return self._raw("tables", key)

    def value(self, key: str) -> Any:
        return self._raw("values", key)

    def pattern(self, key: str) -> re.Pattern[str]:
        if key not in self._compiled:
            source, flags = self._pattern_source(key, ())
            self._compiled[key] = re.compile(source, flags)
        return self._compiled[key]

    def pattern_source(self, key: str) -> str:
        """The regex text of a pattern with its references expanded, to embed in a larger pattern."""
        return self._pattern_source(key, ())[0]

    def has(self, section: str, key: str) -> bool:
        area, _, name = key.partition(".")
        return name in self.data.get(area, {}).get(section, {})

    def _pattern_source(self, key: str, seen: tuple[str, ...]) -> tuple[str, int]:
        if key in seen:
            raise ValueError(f"pattern {key!r} refers to itself through {' -> '.join(seen)}")
        raw = self._raw("patterns", key)
        table = raw if isinstance(raw, Mapping) else {"re": raw}
        source = table["re"] if isinstance(table["re"], str) else "|".join(table["re"])
        flag_letters = table.get("flags", "")
        expanded = _REFERENCE.sub(lambda m: f"(?:{self._pattern_source(m.group(1), (*seen, key))[0]})", source)
        flags = 0
        for letter in flag_letters:
            flags |= _FLAGS[letter]
        return expanded, flags

    def _set(self, section: str, key: str) -> frozenset[str]:
        try:
            return self._sets[section][key]
        except KeyError:
            raw = self._raw(section, key)
            found = self._sets.setdefault(section, {})[key] = frozenset(raw.split() if isinstance(raw, str) else raw)
            return found

    def _raw(self, section: str, key: str) -> Any:
        area, _, name = key.partition(".")
        try:
            return self.data[area][section][name]
        except KeyError:
            raise KeyError(
                f"language {self.code!r} has no {section[:-1] if section.endswith('s') else section} {name!r}: "
                f"add it under [{section}] in newsweave/lang/{self.code}/{area}.toml"
            ) from None


def load_resources(folder: Path, code: str | None = None) -> Resources:
    """Read every `*.toml` of a language folder; the file stem is the area of its keys."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no language folder {folder}")
    data = {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.toml"))}
    return Resources(code=code or folder.name, data=data)


@cache
def for_language(code: str) -> Resources:
    """The bundled resources of a language (`newsweave/lang/<code>/`), loaded once per process."""
    folder = LANG_ROOT / code
    if not folder.is_dir():
        known = sorted(p.name for p in LANG_ROOT.iterdir() if p.is_dir() and not p.name.startswith("_"))
        raise LookupError(f"newsweave has no language data for {code!r}; available: {', '.join(known)}")
    return load_resources(folder, code)


def resources_of(doc: Doc) -> Resources:
    """The resources `doc` was annotated with, else the bundled ones of its language."""
    attached = extension_value(doc, DOC_EXTENSION)
    return attached if attached is not None else for_language(doc.lang_)


_EXTENSION_KEYS: dict[str, tuple[str, str, None, None]] = {}
"""Where spaCy keeps `doc._.<name>` in `Doc.user_data`, the key of each name made once."""


def extension_value(doc: Doc, name: str) -> Any:
    """`doc._.<name>`, read where spaCy keeps it (`Doc.user_data`) first: `doc._` builds a new accessor object on
    each access (7 us), and the rules ask for a Doc's resources for nearly every token they test (over a million
    times in a run of 200 articles). Falls back to `doc._` should spaCy keep extension values elsewhere."""
    key = _EXTENSION_KEYS.get(name)
    if key is None:
        key = _EXTENSION_KEYS[name] = ("._.", name, None, None)
    value = doc.user_data.get(key)
    return value if value is not None else getattr(doc._, name)
