"""The optional parts (frontwire.extras): without an extra's package a command that needs it says
which extra to install, and extraction needs none of them.

Each case runs the CLI in a child process in which the extra's module cannot be imported
(`sys.modules[name] = None` makes `import name` raise ImportError, as when it is not installed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from frontwire.extras import EXTRAS

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_217ba6ce37b2a28a.txt"


def _cli(args: list[str], missing: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys\n"
            f"for name in {missing!r}:\n    sys.modules[name] = None\n"
            "from frontwire.cli import main\n"
            f"sys.exit(main({args!r}))\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)


@pytest.mark.parametrize(("extra", "args"), [
    ("server", ["serve", "--db", "{tmp}/s.sqlite", "--port", "8765"]),
    ("parquet", ["events", "--db", "{tmp}/s.sqlite", "--format", "parquet", "--output", "{tmp}/out.parquet"]),
    ("postgres", ["events", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"]),
    ("cluster", ["ingest", "{seed}", "--db", "{tmp}/s.sqlite", "--create", "--cluster", "local"]),
])
def test_a_command_without_its_extra_names_the_extra(tmp_path: Path, extra: str, args: list[str]) -> None:
    args = [a.format(tmp=tmp_path, seed=SEED) for a in args]
    done = _cli(args, [EXTRAS[extra]], tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"pip install 'frontwire[{extra}]'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is in ../shared")
def test_extraction_needs_no_extra(tmp_path: Path) -> None:
    done = _cli(["extract", str(SEED), "--published", "2020-09-16", "--format", "jsonl"],
                [*EXTRAS.values(), "fastapi_offline", "uvicorn", "dask"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"Tovuz"' in done.stdout
