from __future__ import annotations

from pathlib import Path

import pytest

from frontwire import nlp as nlp_module

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_TXT = SHARED / "seed" / "000_217ba6ce37b2a28a.txt"
SEED_HTML = SHARED / "seed" / "000_217ba6ce37b2a28a.html"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_TXT.exists():
        pytest.skip(f"the seed article is not at {SEED_TXT} (shared/ sits beside the checkout)")
    return SEED_TXT.read_text(encoding="utf-8")
