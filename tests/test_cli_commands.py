"""The CLI's commands and the README agree: every command the parser has is shown in a README
command line, every README command line names a command the parser has, and each command's
--help works (datasette's habit)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from frontwire.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append((*prefix, name))
                out.extend(_commands(sub, (*prefix, name)))
    return out


COMMANDS = _commands(build_parser())
LEAVES = [c for c in COMMANDS if not any(len(o) > len(c) and o[:len(c)] == c for o in COMMANDS)]


def _readme_command_lines() -> list[tuple[str, ...]]:
    """The words after 'frontwire' on each command line of the README's bash blocks, up to the
    first option or argument."""
    lines: list[tuple[str, ...]] = []
    for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        for line in block.splitlines():
            m = re.match(r"\s*(?:\.venv/bin/)?frontwire((?:\s+[a-z][a-z0-9]*)*)", line)
            if m:
                lines.append(tuple(m.group(1).split()))
    return lines


def test_every_command_is_in_the_readme() -> None:
    shown = _readme_command_lines()
    missing = [" ".join(c) for c in LEAVES if not any(s[:len(c)] == c for s in shown)]
    assert missing == [], f"commands with no README command line: {missing}"


def test_every_readme_command_line_is_a_command() -> None:
    known = set(COMMANDS)
    # a README line names a command and then its positional arguments in lower case ("eval geo
    # FILE" is written with a path): the longest known prefix must be at least one word
    unknown = [" ".join(s) for s in _readme_command_lines() if s and (s[0],) not in known]
    assert unknown == []


@pytest.mark.parametrize("command", [" ".join(c) for c in COMMANDS])
def test_help_of_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([*command.split(), "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: frontwire {command}")
