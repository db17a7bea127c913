"""Tuning settings: one typed object, defaults documented in docs/settings.md, overrides from a TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.cli import main
from newsweave.settings import Settings, SettingsError, load_settings, settings_reference

ROOT = Path(__file__).resolve().parent.parent


def test_reference_document_is_current() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8").strip() == settings_reference().strip(), (
        "regenerate: python -m newsweave.settings > docs/settings.md"
    )


def test_every_section_field_has_a_description() -> None:
    undocumented = [
        f"{name}.{key}"
        for name, section in Settings().model_dump().items()
        for key in section
        if not Settings.model_fields[name].annotation.model_fields[key].description
    ]
    assert undocumented == []


def test_defaults_without_a_file_and_errors_that_name_the_key(tmp_path: Path) -> None:
    assert load_settings(None) == Settings()
    misspelt = tmp_path / "misspelt.toml"
    misspelt.write_text("[stories]\nno_such_threshold = 0.5\n")
    with pytest.raises(SettingsError, match="stories.no_such_threshold"):
        load_settings(misspelt)
    broken = tmp_path / "broken.toml"
    broken.write_text("[stories\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(broken)
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(tmp_path / "absent.toml")


def test_a_numeric_override_is_read_and_validated(tmp_path: Path) -> None:
    section, key, default = next(
        (name, field, value)
        for name, values in Settings().model_dump().items()
        for field, value in values.items()
        if isinstance(value, float)
    )
    override = tmp_path / "override.toml"
    override.write_text(f"[{section}]\n{key} = {default / 2}\n")
    assert getattr(getattr(load_settings(override), section), key) == default / 2
    override.write_text(f'[{section}]\n{key} = "high"\n')
    with pytest.raises(SettingsError, match=f"{section}.{key}"):
        load_settings(override)


def test_the_command_line_rejects_a_bad_config_before_any_work(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[quotes]\nunknown = 1\n")
    with pytest.raises(SystemExit) as stopped:
        main(["analyze", str(tmp_path), "--config", str(bad), "--no-db", "--quiet"])
    assert stopped.value.code == 2
    assert "quotes.unknown" in capsys.readouterr().err


def test_the_command_line_applies_the_config_to_cleaning(tmp_path: Path, capsys) -> None:
    """A minimum article length no example reaches makes every input a skip: the file reached the cleaner."""
    strict = tmp_path / "strict.toml"
    strict.write_text("[cleaning]\nmin_article_chars = 1000000\n")
    example = ROOT / "examples" / "kim-beijing-parade"
    code = main(["analyze", str(example), "--out", str(tmp_path / "out"), "--config", str(strict), "--no-db", "--quiet"])
    assert code == 1
    assert "0 analyzed, 5 skipped" in capsys.readouterr().err
