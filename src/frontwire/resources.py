"""Reading the data files shipped inside the package: lexicons, taxonomies, tables.

Every packaged data file is read here, addressed by its path inside the package
("ontology/demonyms.csv", "geo/cue_words.csv", "dedup/text.yaml"), and checked as it is read: a
file that cannot be read, a YAML file that does not parse or lacks a section its reader needs, a
CSV row with more or fewer fields than its header or without a value its reader needs: each is a
ResourceError that names the file and, where there is one, the line. `check_packaged` reads every
data file of the package that way (tests/test_resources.py runs it), so a broken edit of a
lexicon fails in the tests and not half way through a corpus.

File kinds:
- `.yaml`: a mapping at the top (read_yaml);
- `.csv`: a header row, then one row per entry; values are stripped; a line that starts with
  '#' is a comment (read_csv);
- `.txt`: one entry per line, '#' starts a comment (read_lines).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

import yaml

from .errors import ResourceError

# The folders of the package that hold data files, and the suffixes read as data.
DATA_DIRS = ("ontology", "geo", "dedup")
DATA_SUFFIXES = (".yaml", ".csv", ".txt")


def read_text(path: str) -> str:
    """The packaged file `path` (relative to the frontwire package) as text."""
    try:
        return resources.files("frontwire").joinpath(*path.split("/")).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ResourceError(f"the packaged {path} cannot be read: {err}") from err


def read_bytes(path: str) -> bytes:
    """The packaged file `path` as bytes (to fingerprint it)."""
    try:
        return resources.files("frontwire").joinpath(*path.split("/")).read_bytes()
    except OSError as err:
        raise ResourceError(f"the packaged {path} cannot be read: {err}") from err


def parse_yaml(text: str, path: str, keys: Sequence[str] = ()) -> dict[str, Any]:
    """YAML text whose top level is a mapping with (at least) `keys`; `path` names it in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ResourceError(f"{path}{where}: not valid YAML: {problem}") from err
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: expected a mapping at the top, found {type(data).__name__}")
    missing = [k for k in keys if k not in data]
    if missing:
        raise ResourceError(f"{path}: no {', '.join(repr(k) for k in missing)} section")
    return data


def read_yaml(path: str, keys: Sequence[str] = ()) -> dict[str, Any]:
    """A packaged YAML file whose top level is a mapping with (at least) `keys`."""
    return parse_yaml(read_text(path), path, keys)


def word_list(data: dict[str, Any], key: str, path: str) -> frozenset[str]:
    """The list `key` of a YAML mapping as lower-case words. An item that is not text is an
    error: YAML reads a bare no, off, on, yes as a boolean, so a word list that holds them must
    quote them ("on")."""
    items = data.get(key)
    if not isinstance(items, list):
        raise ResourceError(f"{path}: {key!r} is not a list")
    for item in items:
        if not isinstance(item, str):
            hint = " (quote it: YAML reads a bare no, off, on, yes as a boolean)" if isinstance(item, bool) else ""
            raise ResourceError(f"{path}: {key!r} holds {item!r}, not a word{hint}")
    return frozenset(item.lower() for item in items)


def parse_csv(text: str, path: str, columns: Sequence[str] = (), required: Sequence[str] = ()) -> list[dict[str, str]]:
    """The rows of CSV text, values stripped: the header must hold `columns` (and `required`),
    every row as many fields as the header, and a value in each `required` column. Lines that
    start with '#' are comments. `path` names the text in errors, with the line."""
    # A comment line becomes an empty one, which the reader skips: the line numbers stay the file's.
    uncommented = "".join("\n" if line.startswith("#") else line for line in text.splitlines(keepends=True))
    reader = csv.reader(io.StringIO(uncommented))
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for fields in reader:
        line = reader.line_num
        if not fields:
            continue
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in (*columns, *required) if c not in header]
            if missing:
                raise ResourceError(f"{path}, line {line}: the header lacks the column(s) {', '.join(missing)}")
            if len(set(header)) != len(header):
                raise ResourceError(f"{path}, line {line}: a column is named twice in the header")
            continue
        if len(fields) != len(header):
            raise ResourceError(f"{path}, line {line}: {len(fields)} field(s), the header has {len(header)}")
        row = {name: value.strip() for name, value in zip(header, fields, strict=True)}
        empty = [c for c in required if not row[c]]
        if empty:
            raise ResourceError(f"{path}, line {line}: no value for {', '.join(empty)}")
        rows.append(row)
    if header is None:
        raise ResourceError(f"{path}: no header row")
    return rows


def read_csv(path: str, columns: Sequence[str] = (), required: Sequence[str] = ()) -> list[dict[str, str]]:
    """The rows of a packaged CSV file (parse_csv)."""
    return parse_csv(read_text(path), path, columns, required)


def read_lines(path: str) -> list[str]:
    """The entries of a packaged list: one a line, stripped, '#' to the end of a line a comment."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(path).splitlines())
    return [line for line in lines if line]


def packaged_data_files() -> Iterator[str]:
    """The path of every data file of the package (in DATA_DIRS, with a DATA_SUFFIXES suffix)."""
    root = resources.files("frontwire")
    for folder in DATA_DIRS:
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith(DATA_SUFFIXES):
                yield f"{folder}/{entry.name}"


def check_packaged() -> list[str]:
    """Read every packaged data file as its kind is read; the files read. ResourceError, naming
    the file and line, at the first that is broken."""
    checked = []
    for path in packaged_data_files():
        if path.endswith(".yaml"):
            read_yaml(path)
        elif path.endswith(".csv"):
            read_csv(path)
        else:
            read_lines(path)
        checked.append(path)
    return checked
