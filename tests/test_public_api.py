"""The public library surface: `from frontwire import Extractor` and the rest of `__all__`, a cheap
`import frontwire`, and the README's library example run as written."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import frontwire
from conftest import SEED_TXT

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
HEAVY = ("spacy", "sqlalchemy", "fastapi", "trafilatura")

# Each exported name and the module it is defined in.
HOMES = {
    "Extractor": "frontwire.pipeline",
    "Options": "frontwire.settings",
    "Article": "frontwire.model",
    "Skipped": "frontwire.model",
    "Event": "frontwire.model",
    "Evidence": "frontwire.model",
    "EVENT_FIELDS": "frontwire.model",
    "Place": "frontwire.model",
    "Toponym": "frontwire.model",
    "Span": "frontwire.model",
    "TimeSpan": "frontwire.model",
    "Actor": "frontwire.model",
    "read_inputs": "frontwire.ingest.files",
    "article_from_text": "frontwire.ingest.text",
    "article_from_html": "frontwire.ingest.html",
    "write": "frontwire.export",
    "as_record": "frontwire.export",
    "FrontwireError": "frontwire.errors",
    "InputError": "frontwire.errors",
    "ResourceError": "frontwire.errors",
    "UsageError": "frontwire.errors",
    "StoreError": "frontwire.errors",
    "StoreReadOnly": "frontwire.errors",
    "StoreCorrupt": "frontwire.errors",
    "StoreLocked": "frontwire.errors",
    "StoreUnreachable": "frontwire.errors",
}


def _child(code: str) -> str:
    """What `code` prints, run by a fresh interpreter (its own sys.modules) from the checkout."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_all_is_exactly_the_exported_names() -> None:
    assert sorted(frontwire.__all__) == sorted([*HOMES, "__version__"])
    assert len(set(frontwire.__all__)) == len(frontwire.__all__)


@pytest.mark.parametrize("name", sorted(HOMES))
def test_each_name_is_its_home_modules_object(name: str) -> None:
    home = importlib.import_module(HOMES[name])
    assert getattr(frontwire, name) is getattr(home, name)
    assert name in dir(frontwire)


def test_every_error_is_a_frontwire_error() -> None:
    errors = [getattr(frontwire, n) for n in HOMES if HOMES[n] == "frontwire.errors"]
    assert all(issubclass(e, frontwire.FrontwireError) for e in errors)


def test_version_is_the_installed_distributions() -> None:
    assert frontwire.__version__ == importlib.metadata.version("frontwire")


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        frontwire.no_such_name  # noqa: B018


def test_star_import_gives_every_name() -> None:
    out = _child("from frontwire import *\nprint(Extractor.__module__, write.__module__, __version__ != '')")
    assert out.split() == ["frontwire.pipeline", "frontwire.export", "True"]


def test_import_frontwire_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import frontwire\n"
        "from frontwire import Article, Event, InputError, Options, Skipped\n"
        f"print(*sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    assert _child(code).split() == []


def test_names_load_their_libraries_when_asked() -> None:
    """The check above can fail: asking for the extractor does load spaCy."""
    code = f"import sys\nfrom frontwire import Extractor\nprint(*sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    assert "spacy" in _child(code).split()


def readme_library_example() -> str:
    """The Python block of README.md's "Use it as a library" subsection."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^### Use it as a library\n(.*?)(?=^#)", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '### Use it as a library' subsection"
    block = re.search(r"```python\n(.*?)```", section.group(1), re.DOTALL)
    assert block, "the README's library subsection has no ```python block"
    return block.group(1)


def test_readme_example_is_five_lines() -> None:
    lines = [line for line in readme_library_example().splitlines() if line.strip()]
    assert len(lines) == 5, lines


def test_readme_example_runs_as_written() -> None:
    if not SEED_TXT.exists():
        pytest.skip(f"the seed article is not at {SEED_TXT}")
    code = readme_library_example()
    assert str(SEED_TXT.relative_to(ROOT.parent)) in code  # the seed path is the one it reads
    out = _child(code)
    dated = [line for line in out.splitlines() if re.match(r"\d{4}-\d{2}-\d{2} ", line)]
    assert dated, f"the README example printed no dated event:\n{out}"
    # the shelling of Tovuz on 12 July 2020 (tests/test_end_to_end.py), with its country
    assert any(line.startswith("2020-07-12 ") and "Azerbaijan" in line for line in dated), out
