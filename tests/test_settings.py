from __future__ import annotations

from pathlib import Path

import pytest

from frontwire.cli import build_parser
from frontwire.settings import SETTINGS, Options

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented_and_a_flag() -> None:
    readme = README.read_text(encoding="utf-8")
    help_text = build_parser()._subparsers._group_actions[0].choices["extract"].format_help()  # type: ignore[union-attr,index]
    for s in SETTINGS:
        flag = "--" + s.name.replace("_", "-")
        assert f"`{flag}`" in readme and f"`{s.env}`" in readme, s.name
        assert flag in help_text, s.name


def test_flags_override_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTWIRE_BATCH_SIZE", "4")
    monkeypatch.setenv("FRONTWIRE_DATA", str(tmp_path))
    assert Options.from_env() == Options(batch_size=4, data_dir=tmp_path)
    assert Options.from_env(batch_size=8).batch_size == 8
