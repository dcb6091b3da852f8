"""The packaged data files are read through one loader (frontwire.resources) that checks them:
every file of the package parses, every reader accepts the shipped data, and a broken edit is
an error that names the file and the line, not a KeyError half way through a corpus."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from frontwire import resources
from frontwire.errors import ResourceError

PACKAGE = Path(resources.__file__).parent


def test_every_packaged_data_file_is_read_and_valid() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for folder in resources.DATA_DIRS for p in (PACKAGE / folder).iterdir()
               if p.suffix in resources.DATA_SUFFIXES}
    assert set(resources.check_packaged()) == on_disk
    assert {"ontology/demonyms.csv", "ontology/place_nouns.csv", "ontology/function_words.yaml"} <= on_disk


def _readers() -> list[Callable[[], Any]]:
    from frontwire.dedup.lexicon import load_lexicon as dedup_lexicon
    from frontwire.extract import actors, discourse, localities, modality, quantities, scene, timelex
    from frontwire.extract.countries import lookup
    from frontwire.extract.taxonomy import load_lexicon, load_taxonomy
    from frontwire.geo import cues
    from frontwire.geo.importer import feature_precision
    from frontwire.ingest.language import english_function_words
    from frontwire.words import function_words

    return [dedup_lexicon, actors.lexicon, discourse._cues, localities._words, localities._same_place,
            modality._cues, quantities.casualty_lexicon, scene._words, timelex.lexicon, lambda: lookup("Syrian"),
            load_lexicon, load_taxonomy, cues.cue_words, cues.abbreviations, cues.demonyms, cues.region_demonyms,
            cues.spelled_out, cues.place_nouns, feature_precision, english_function_words,
            lambda: function_words("target")]


def test_every_reader_accepts_the_shipped_data() -> None:
    for read in _readers():
        assert read(), read


def test_one_demonym_table_serves_the_extractor_and_the_geoparser() -> None:
    from frontwire.extract.countries import lookup
    from frontwire.geo.cues import demonyms, region_demonyms

    assert lookup("Syrians") == ("SYR", "people") and demonyms()["syrians"] == "SYR"
    assert region_demonyms()["chechen"] == ("Chechnya", "RUS")
    assert lookup("Chechen") is None  # a region's demonym names no country


def test_one_place_noun_table_serves_the_extractor_and_the_geoparser(nlp: Any) -> None:
    from frontwire.extract.localities import _words, names_the_same_place
    from frontwire.geo.cues import role_words

    assert "camp" in role_words("settlement") and _words().kinds["camp"] == ("CMP", True)
    assert _words().kinds["village"] == ("PPL", False) and "barangay" in _words().prefix
    doc = nlp("Two days later gunmen raided the same camp again.")
    assert names_the_same_place(next(iter(doc.sents)))


def test_no_module_reads_packaged_data_behind_the_loader() -> None:
    """Only resources.py opens the package's files (besides the web page's static folder and
    the store's migrations, which are not data)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "resources.py":
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"resources\.files\(\"frontwire[\w.]*\"\)[^\n]*", text):
            if "static" not in m.group(0) and "migrations" not in m.group(0):
                offenders.append(f"{path.relative_to(PACKAGE)}: {m.group(0)}")
    assert not offenders


@pytest.mark.parametrize(("text", "message"), [
    ("word,iso3\nSyrian,SYR\nIraqi,IRQ,extra\n", "x.csv, line 3: 3 field(s), the header has 2"),
    ("# a comment\n# another\nword,iso3\nSyrian,\n", "x.csv, line 4: no value for iso3"),
    ("word\nSyrian\n", "x.csv, line 1: the header lacks the column(s) iso3"),
    ("word,word,iso3\n", "x.csv, line 1: a column is named twice"),
    ("# only a comment\n", "x.csv: no header row"),
    ('word,iso3\n"Syrian,SYR\n', "x.csv"),
])
def test_a_broken_csv_names_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ResourceError, match=re.escape(message)):
        resources.parse_csv(text, "x.csv", required=("word", "iso3"))


def test_csv_values_are_stripped_and_comments_skipped() -> None:
    rows = resources.parse_csv("# kinds of place\nword, role\n village , settlement\n", "y.csv")
    assert rows == [{"word": "village", "role": "settlement"}]


def test_a_broken_yaml_names_the_file_and_line() -> None:
    with pytest.raises(ResourceError, match=r"z\.yaml, line 3: not valid YAML"):
        resources.parse_yaml("verbs: [kill, shoot]\nnouns: [raid\nmore: [x]]\n", "z.yaml")
    with pytest.raises(ResourceError, match=r"z\.yaml: no 'nouns' section"):
        resources.parse_yaml("verbs: [kill]\n", "z.yaml", ("verbs", "nouns"))
    with pytest.raises(ResourceError, match=r"z\.yaml: expected a mapping at the top, found list"):
        resources.parse_yaml("- kill\n- shoot\n", "z.yaml")


def test_a_word_list_refuses_what_yaml_read_as_a_boolean() -> None:
    data = resources.parse_yaml("preps: [against, on, at]\n", "w.yaml")
    with pytest.raises(ResourceError, match=r"w\.yaml: 'preps' holds True, not a word \(quote it"):
        resources.word_list(data, "preps", "w.yaml")
    quoted = resources.parse_yaml('preps: [against, "on", At]\n', "w.yaml")
    assert resources.word_list(quoted, "preps", "w.yaml") == {"against", "on", "at"}
