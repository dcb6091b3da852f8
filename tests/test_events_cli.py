"""`frontwire events` over a real store (SQLite files; one test also on a PostgreSQL server):
every filter, every output format read back with its own reader, `events show`, and the
messages of bad flags."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from frontwire import cli, export
from frontwire.cli import events as events_cli
from frontwire.cli import explain
from frontwire.errors import FrontwireError, UsageError
from frontwire.model import EVENT_FIELDS, Article, Event, Evidence
from frontwire.store import Store, StoreError

SENTENCES = {
    "a1": "Armenian forces shelled Azerbaijani positions in Tovuz on Sunday, killing four soldiers.",
    "a2": "Five Azerbaijani soldiers died in the Armenian shelling of Tovuz, the ministry said.",
    "a3": "An Armenian sabotage group was repelled near Goranboy, the Azerbaijani army claimed.",
    "a4": "A Russian air strike on Kyiv killed 12 people on Tuesday.",
    "a5": "The minister threatened to liberate the territories by force.",
}


def _event(article_id: str, **kw: Any) -> Event:
    text = SENTENCES[article_id]
    values: dict[str, Any] = {
        "event_id": f"{article_id}-e0", "article_id": article_id, "event_date": "2020-07-12",
        "event_date_end": "2020-07-12", "time_precision": 1, "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack", "plover_type": "ASSAULT",
        "actor1": "Military Forces of Armenia", "actor1_iso3": "ARM", "actor2": "Military Forces of Azerbaijan",
        "actor2_iso3": "AZE", "country": "Azerbaijan", "iso3": "AZE", "admin1": "Tovuz", "admin2": None,
        "location": "Tovuz", "latitude": 40.9923, "longitude": 45.6285, "geonames_id": 585170, "geo_precision": 1,
        "fatalities": 4, "deaths_actor1": None, "deaths_actor2": 4, "deaths_civilians": None,
        "deaths_unknown": None, "status": "reported", "attributed_to": None, "source": "news.example.org",
        "url": f"https://news.example.org/{article_id}", "published": "2020-07-13", "notes": f"notes of {article_id}",
        "evidence": [Evidence(text, 0, len(text))], "confidence": 0.8}
    values.update(kw)
    return Event(**values)


EVENTS = {
    "a1": _event("a1"),
    "a2": _event("a2", fatalities=5, deaths_actor2=5, source="wire.example.com", published="2020-07-14",
                 attributed_to="Azerbaijani Defence Ministry"),
    "a3": _event("a3", event_date="2020-08-23", event_date_end="2020-08-23", event_type="Battles",
                 sub_event_type="Armed clash", actor1="Military Forces of Azerbaijan", actor1_iso3="AZE",
                 actor2="Military Forces of Armenia", actor2_iso3="ARM", admin1="Goranboy", location="Goranboy",
                 latitude=40.61, longitude=46.79, geonames_id=586725, fatalities=0, deaths_actor2=None,
                 status="claimed", attributed_to="Azerbaijani army", published="2020-08-24"),
    "a4": _event("a4", event_date="2022-03-01", event_date_end="2022-03-01", event_type="Explosions/Remote violence",
                 sub_event_type="Air/drone strike", actor1="Military Forces of Russia", actor1_iso3="RUS",
                 actor2="Civilians (Ukraine)", actor2_iso3="UKR", country="Ukraine", iso3="UKR", admin1="Kyiv City",
                 location="Kyiv", latitude=50.4501, longitude=30.5234, geonames_id=703448, geo_precision=1,
                 fatalities=12, deaths_actor2=None, deaths_civilians=12, source="kyiv.example.net",
                 published="2022-03-02"),
    "a5": _event("a5", event_date="2020-09-16", event_date_end="2020-09-16", event_type=None, sub_event_type=None,
                 plover_type="THREATEN", actor1="Government of Azerbaijan", actor1_iso3="AZE", actor2=None,
                 actor2_iso3=None, admin1=None, location=None, latitude=None, longitude=None, geonames_id=None,
                 geo_precision=3, fatalities=0, deaths_actor2=None, status="threatened", published="2020-09-16"),
}
# as dedup/toll.py words them
CLUSTER_TOLL_RULE = ("5 from a2-e0 (wire.example.com, published 2020-07-14): the lowest of the 1 report(s) with a "
                     "toll published last, an outlet's own figure; all tolls in the cluster: 4, 5")
ONLY = "{} from {} ({}, published {}): the only report"
NO_TOLL = "0: no report in the cluster gives a death toll"


def _cluster(cid: str, rep: str, n: int, fatalities: int, rule: str) -> dict[str, Any]:
    e = EVENTS[rep]
    return {"cluster_id": cid, "representative_id": e.event_id, "n_reports": n, "fatalities": fatalities,
            "fatalities_rule": rule, "event_date": e.event_date, "event_type": e.event_type,
            "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2, "iso3": e.iso3,
            "latitude": e.latitude, "longitude": e.longitude, "status": e.status}


def fill(db: str) -> None:
    """Five reports from five articles; a1 and a2 are one event (cluster c-tovuz, toll 5 while its
    representative a1 says 4), the others a cluster each."""
    with Store.open(db) as store:
        for aid, ev in EVENTS.items():
            art = Article(article_id=aid, text=SENTENCES[aid], url=ev.url, source=ev.source,
                          published=date.fromisoformat(str(ev.published)), origin=f"/corpus/{aid}.txt")
            assert store.add_article(art, [ev])
        clusters = [_cluster("c-tovuz", "a1", 2, 5, CLUSTER_TOLL_RULE),
                    _cluster("c-goranboy", "a3", 1, 0, NO_TOLL),
                    _cluster("c-kyiv", "a4", 1, 12, ONLY.format(12, "a4-e0", "kyiv.example.net", "2022-03-02")),
                    _cluster("c-threat", "a5", 1, 0, NO_TOLL)]
        members = [{"event_id": "a1-e0", "cluster_id": "c-tovuz"}, {"event_id": "a2-e0", "cluster_id": "c-tovuz"},
                   {"event_id": "a3-e0", "cluster_id": "c-goranboy"}, {"event_id": "a4-e0", "cluster_id": "c-kyiv"},
                   {"event_id": "a5-e0", "cluster_id": "c-threat"}]
        # reasons as dedup's comparator gives them (dedup/compare.py explain)
        merges = [{"event_id": "a2-e0", "cluster_id": "c-tovuz", "matched_event_id": "a1-e0", "score": 0.8734,
                   "reasons": {"days_apart": 0, "km_apart": 0.0, "type": "same sub-event type",
                               "actors": "same actors", "text_similarity": 0.4123,
                               "shared_words": "armenian azerbaijani shelling tovuz",
                               "mean_score_in_cluster": 0.8734}}]
        store.replace_clusters(clusters, members, merges)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    fill(url)
    return url


def parse(argv: list[str]) -> argparse.Namespace:
    """The `frontwire events` arguments as the CLI parses them (cli/__init__.py adds the same parser)."""
    parser = argparse.ArgumentParser(prog="frontwire")
    events_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["events", *argv])


def events(*argv: str) -> str:
    out = io.StringIO()
    assert events_cli.run(parse(list(argv)), out) == 0
    return out.getvalue()


def jsonl(*argv: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in events(*argv, "--format", "jsonl").splitlines()]


def ids(*argv: str) -> list[str]:
    key = "event_id" if "--reports" in argv else "cluster_id"
    return [r[key] for r in jsonl(*argv)]


# --- listing and filters ------------------------------------------------------------------------

def test_clusters_are_listed_with_their_toll_and_the_representative_fields(db: str) -> None:
    rows = jsonl("--db", db)
    assert [r["cluster_id"] for r in rows] == ["c-tovuz", "c-goranboy", "c-threat", "c-kyiv"]  # by date
    tovuz = rows[0]
    assert tuple(tovuz)[:len(EVENT_FIELDS)] == EVENT_FIELDS
    assert tuple(tovuz)[len(EVENT_FIELDS):] == (*export.CLUSTER_FIELDS, "review")
    assert tovuz["review"] == {"status": "unreviewed", "edited": [], "revisions": 0, "reviewer": None, "at": None}
    assert (tovuz["event_id"], tovuz["n_reports"], tovuz["fatalities"], tovuz["report_fatalities"]) == \
        ("a1-e0", 2, 5, 4)
    assert tovuz["fatalities_rule"] == CLUSTER_TOLL_RULE
    assert tovuz["evidence"] == [{"text": SENTENCES["a1"], "start": 0, "end": len(SENTENCES["a1"])}]
    assert (tovuz["latitude"], tovuz["longitude"], tovuz["location"]) == (40.9923, 45.6285, "Tovuz")


def test_evidence_is_each_representatives_own_across_batches(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events_cli, "_EVIDENCE_BATCH", 1)  # one query per representative
    rows = jsonl("--db", db)
    assert [r["evidence"][0]["text"] for r in rows] == [SENTENCES[a] for a in ("a1", "a3", "a5", "a4")]


def test_reports_lists_every_article_report(db: str) -> None:
    rows = jsonl("--db", db, "--reports")
    assert [r["event_id"] for r in rows] == ["a1-e0", "a2-e0", "a3-e0", "a4-e0", "a5-e0"]
    assert rows[1] == {**EVENTS["a2"].to_dict()}
    assert "cluster_id" not in rows[0]


@pytest.mark.parametrize(("flags", "clusters", "reports"), [
    (["--since", "2020-08-01"], ["c-goranboy", "c-threat", "c-kyiv"], ["a3-e0", "a4-e0", "a5-e0"]),
    (["--until", "2020-08-23"], ["c-tovuz", "c-goranboy"], ["a1-e0", "a2-e0", "a3-e0"]),
    (["--since", "2020-07-12", "--until", "2020-07-12"], ["c-tovuz"], ["a1-e0", "a2-e0"]),
    (["--country", "UKR"], ["c-kyiv"], ["a4-e0"]),
    (["--country", "ukraine"], ["c-kyiv"], ["a4-e0"]),
    (["--country", "AZ"], ["c-tovuz", "c-goranboy", "c-threat"], ["a1-e0", "a2-e0", "a3-e0", "a5-e0"]),
    (["--country", "Georgia"], [], []),
    (["--bbox", "45,40,47,41.5"], ["c-tovuz", "c-goranboy"], ["a1-e0", "a2-e0", "a3-e0"]),
    (["--bbox", "46.5, 40.5, 47, 40.7"], ["c-goranboy"], ["a3-e0"]),
    (["--bbox=-10,-10,10,10"], [], []),
    (["--bbox", "-10,-10,50,60"], ["c-tovuz", "c-goranboy", "c-kyiv"], ["a1-e0", "a2-e0", "a3-e0", "a4-e0"]),
    (["--bbox", "-0.5,-1,50,60", "--since", "2022-01-01"], ["c-kyiv"], ["a4-e0"]),
    (["--type", "battles"], ["c-goranboy"], ["a3-e0"]),
    (["--type", "Air/drone strike"], ["c-kyiv"], ["a4-e0"]),
    (["--type", "Explosions/Remote violence"], ["c-tovuz", "c-kyiv"], ["a1-e0", "a2-e0", "a4-e0"]),
    (["--actor", "russia"], ["c-kyiv"], ["a4-e0"]),
    (["--actor", "Civilians"], ["c-kyiv"], ["a4-e0"]),
    (["--min-fatalities", "5"], ["c-tovuz", "c-kyiv"], ["a2-e0", "a4-e0"]),  # a cluster: its toll (5), not a1's 4
    (["--min-fatalities", "0"], ["c-tovuz", "c-goranboy", "c-threat", "c-kyiv"],
     ["a1-e0", "a2-e0", "a3-e0", "a4-e0", "a5-e0"]),
    (["--status", "claimed"], ["c-goranboy"], ["a3-e0"]),
    (["--status", "Threatened"], ["c-threat"], ["a5-e0"]),
    (["--country", "AZE", "--min-fatalities", "1", "--actor", "armenia"], ["c-tovuz"], ["a1-e0", "a2-e0"]),
])
def test_each_filter(db: str, flags: list[str], clusters: list[str], reports: list[str]) -> None:
    assert ids("--db", db, *flags) == clusters
    assert ids("--db", db, "--reports", *flags) == reports


def test_an_empty_result_says_how_many_and_where(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert events("--db", db, "--country", "Georgia") == ""
    assert "frontwire: 0 cluster(s) (sqlite:///" in capsys.readouterr().err


def test_reports_without_clusters_point_to_deduplication(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with Store.open(url) as store:
        store.add_article(Article("a1", SENTENCES["a1"]), [EVENTS["a1"]])
    assert events("--db", url) == ""
    assert "holds 1 report(s) but no clusters yet" in capsys.readouterr().err
    assert ids("--db", url, "--reports") == ["a1-e0"]


# --- formats ------------------------------------------------------------------------------------

def test_csv_has_acled_columns_and_cluster_columns_at_the_end(db: str) -> None:
    rows = list(csv.reader(io.StringIO(events("--db", db, "--format", "csv"))))
    header = rows[0]
    assert header[:4] == ["event_id_cnty", "article_id", "event_date", "event_date_end"]
    assert header == [export.ACLED_COLUMNS.get(f, f) for f in EVENT_FIELDS] + [
        "year", "cluster_id", "n_reports", "report_fatalities", "fatalities_rule", "review_status", "review_edited"]
    record = dict(zip(header, rows[1], strict=True))
    assert (record["event_id_cnty"], record["year"], record["fatalities"], record["report_fatalities"]) == \
        ("a1-e0", "2020", "5", "4")
    assert (record["cluster_id"], record["n_reports"], record["fatalities_rule"]) == ("c-tovuz", "2", CLUSTER_TOLL_RULE)
    assert (record["review_status"], record["review_edited"]) == ("unreviewed", "")
    assert record["admin2"] == "" and float(record["latitude"]) == 40.9923
    assert json.loads(record["evidence"])[0]["text"] == SENTENCES["a1"]


def test_csv_of_reports_has_no_cluster_columns(db: str) -> None:
    header = next(csv.reader(io.StringIO(events("--db", db, "--reports", "--format", "csv"))))
    assert header[-1] == "year" and "cluster_id" not in header


def test_csv_header_is_whole_when_nothing_matches(db: str) -> None:
    text = events("--db", db, "--format", "csv", "--country", "Georgia")
    assert text.splitlines() == [",".join(export.csv_header([*export.CLUSTER_FIELDS, *export.REVIEW_COLUMNS]))]


def test_geojson_is_rfc7946(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    collection = json.loads(events("--db", db, "--format", "geojson"))
    assert set(collection) == {"type", "features"} and collection["type"] == "FeatureCollection"  # no crs member
    by_id = {f["id"]: f for f in collection["features"]}
    assert list(by_id) == ["c-tovuz", "c-goranboy", "c-kyiv"]  # the threat has no place: left out
    kyiv = by_id["c-kyiv"]
    assert set(kyiv) == {"type", "id", "geometry", "properties"} and kyiv["type"] == "Feature"
    assert kyiv["geometry"] == {"type": "Point", "coordinates": [30.5234, 50.4501]}  # lon, lat
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "latitude" not in feature["properties"] and "longitude" not in feature["properties"]
    assert kyiv["properties"]["fatalities"] == 12 and kyiv["properties"]["cluster_id"] == "c-kyiv"
    assert by_id["c-tovuz"]["properties"]["report_fatalities"] == 4
    assert "3 cluster(s) of 4; 1 without coordinates left out of the GeoJSON" in capsys.readouterr().err


def test_geojson_of_reports_uses_event_ids(db: str) -> None:
    collection = json.loads(events("--db", db, "--reports", "--format", "geojson"))
    assert [f["id"] for f in collection["features"]] == ["a1-e0", "a2-e0", "a3-e0", "a4-e0"]


def test_parquet_is_typed_and_reads_back(db: str, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert events("--db", db, "--format", "parquet", "--output", str(path)) == ""
    table = pq.read_table(path)
    schema = table.schema
    assert schema.names == [*EVENT_FIELDS, *export.CLUSTER_FIELDS, "review_status", "review_edited"]
    assert schema.field("event_date").type == pa.string()
    assert schema.field("latitude").type == pa.float64() and schema.field("confidence").type == pa.float64()
    for name in ("fatalities", "deaths_actor1", "geonames_id", "time_precision", "n_reports", "report_fatalities"):
        assert schema.field(name).type == pa.int64(), name
    assert schema.field("evidence").type == pa.string()
    rows = table.to_pylist()
    expected = jsonl("--db", db)
    assert len(rows) == 4
    for row, want in zip(rows, expected, strict=True):
        assert json.loads(row.pop("evidence")) == want.pop("evidence")
        assert (row.pop("review_status"), row.pop("review_edited")) == (want.pop("review")["status"], "")
        assert row == want
    assert rows[2]["latitude"] is None and rows[2]["deaths_actor1"] is None  # nulls stay null


def test_parquet_of_reports_compares_with_the_events(db: str, tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    events("--db", db, "--reports", "-o", str(path))  # the suffix picks parquet
    rows = pq.read_table(path).to_pylist()
    assert pq.read_schema(path).names == list(EVENT_FIELDS)
    for row, event in zip(rows, EVENTS.values(), strict=True):
        want = event.to_dict()
        assert json.loads(row.pop("evidence")) == want.pop("evidence")
        assert row == want


def test_an_empty_parquet_file_has_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert export.write_parquet([], path, extras=list(export.CLUSTER_FIELDS)) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0 and table.schema.field("n_reports").type == pa.int64()


def test_table_shows_cluster_ids_whole(db: str) -> None:
    text = events("--db", db, "--format", "table")
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["cluster", "n", "event_date"]
    row = next(line for line in lines if line.startswith("c-goranboy "))
    assert "Armed clash" in row and "Goranboy, AZE" in row and row.split()[1] == "1"
    assert "notes of a1" in text and "(THREATEN)" in text


@pytest.mark.parametrize(("suffix", "check"), [
    (".csv", lambda text: text.startswith("event_id_cnty,")),
    (".geojson", lambda text: json.loads(text)["type"] == "FeatureCollection"),
    (".jsonl", lambda text: json.loads(text.splitlines()[0])["cluster_id"] == "c-tovuz"),
    (".txt", lambda text: json.loads(text.splitlines()[0])["cluster_id"] == "c-tovuz"),  # unknown: JSON Lines
])
def test_output_file_format_follows_its_suffix(db: str, tmp_path: Path, suffix: str, check: Any) -> None:
    path = tmp_path / f"out{suffix}"
    assert events("--db", db, "-o", str(path)) == ""
    assert check(path.read_text(encoding="utf-8"))


def test_format_flag_wins_over_the_suffix(db: str, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    events("--db", db, "--format", "jsonl", "-o", str(path))
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["cluster_id"] == "c-tovuz"


def test_export_takes_mappings_with_extra_fields() -> None:
    record = {**EVENTS["a4"].to_dict(), "cluster_id": "c9", "n_reports": 3}
    del record["evidence"]  # a store row without evidence: an empty list, not a missing field
    out = io.StringIO()
    export.write([record], "csv", out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header[-3:] == ["year", "cluster_id", "n_reports"] and row[-2:] == ["c9", "3"]
    assert export.as_record(record)["evidence"] == []
    assert export.geojson([record])["features"][0]["id"] == "c9"


# --- show -----------------------------------------------------------------------------------------

def test_show_explains_a_cluster(db: str) -> None:
    text = events("--db", db, "show", "c-tovuz")
    flat = " ".join(text.split())  # long lines are wrapped
    assert text.startswith("cluster c-tovuz: 2 report(s) of one event\n")
    assert "Explosions/Remote violence: Shelling/artillery/missile attack" in text
    assert "Tovuz, Azerbaijan at 40.9923, 45.6285 (lat, lon)" in text
    assert "Military Forces of Armenia → Military Forces of Azerbaijan" in text
    # the toll and how it was chosen, beside each report's own figure
    assert f"The toll: 5 dead. How it was chosen: {CLUSTER_TOLL_RULE}" in flat
    assert "own figures: 4 (a1-e0, news.example.org, 2020-07-13), 5 (a2-e0, wire.example.com, 2020-07-14)" in flat
    # each report: source, date, place, toll, evidence sentence, and why it is here
    assert "[1] a1-e0  (representative)" in text and "[2] a2-e0" in text
    assert "wire.example.com, published 2020-07-14, https://news.example.org/a2" in text
    assert "5 (actor2 5)" in text
    assert f"\u201c{SENTENCES['a2']}\u201d [chars 0-84]" in flat
    assert ("merged with report a1-e0, score 0.87, because: days apart: 0 km apart: 0 type: same sub-event type "
            "actors: same actors text similarity: 0.41 shared words: armenian azerbaijani shelling tovuz "
            "mean score in cluster: 0.87") in flat
    assert "\n                  km apart: 0\n" in text  # one reason a line
    assert "the cluster's first report: the others were merged into it" in text


def test_show_of_a_single_report_cluster(db: str) -> None:
    text = events("--db", db, "show", "c-threat")
    assert "no ACLED type (THREATEN)" in text and "the only report of this event" in text
    assert "(time precision 1: the day is known)" in text


def test_show_json_is_the_store_record(db: str) -> None:
    detail = json.loads(events("--db", db, "show", "c-tovuz", "--format", "json"))
    assert detail["fatalities_rule"] == CLUSTER_TOLL_RULE
    assert detail["merges"][0]["reasons"]["type"] == "same sub-event type"
    assert [r["event_id"] for r in detail["reports"]] == ["a1-e0", "a2-e0"]


def test_show_takes_db_on_either_side(db: str) -> None:
    assert events("show", "c-kyiv", "--db", db).startswith("cluster c-kyiv:")


def test_readable_reasons() -> None:
    assert explain.readable({"km_apart": 12.345, "same_actor": False, "terms": ["shell", "Tovuz"]}) == \
        "km apart: 12.35; same actor: no; terms: shell; Tovuz"
    assert explain.readable("same place and day") == "same place and day"


# --- bad flags ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("flags", "message"), [
    (["--bbox", "45,40,47"], "--bbox: expected min_lon,min_lat,max_lon,max_lat with min <= max, got '45,40,47'"),
    (["--bbox", "47,40,45,41"], "--bbox: expected min_lon,min_lat,max_lon,max_lat with min <= max, got '47,40,45,41'"),
    (["--bbox", "a,b,c,d"], "--bbox: expected min_lon,min_lat,max_lon,max_lat with min <= max, got 'a,b,c,d'"),
    (["--bbox", "45,40,200,41"], "got '45,40,200,41' (longitudes lie in -180..180, latitudes in -90..90)"),
    (["--since", "2020-13-01"], "--since: not an ISO date (YYYY-MM-DD): '2020-13-01'"),
    (["--until", "yesterday"], "--until: not an ISO date (YYYY-MM-DD): 'yesterday'"),
    (["--since", "2020-09-01", "--until", "2020-08-01"], "--since 2020-09-01 is after --until 2020-08-01"),
    (["--status", "rumoured"],
     "--status: expected one or more of reported, claimed, denied, threatened, historical (comma-separated), "
     "got 'rumoured'"),
    (["--type", "Shelling"], "--type: unknown ACLED event type or sub-event type 'Shelling'; did you mean "),
    (["--type", "zzzz"], "'zzzz'; ACLED's event types are Battles, Explosions/Remote violence, Violence against"),
    (["--type", "Armed clashes"], "did you mean 'Armed clash'?"),
    (["--min-fatalities", "-1"], "--min-fatalities: expected a whole number of dead >= 0, got '-1'"),
    (["--min-fatalities", "many"], "--min-fatalities: expected a whole number of dead >= 0, got 'many'"),
    (["--actor", " "], "--actor: expected some text"),
    (["--format", "parquet"], "--format parquet writes a binary file: give --output FILE"),
])
def test_bad_flags_are_named(db: str, flags: list[str], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        events_cli.run(parse(["--db", db, *flags]), io.StringIO())
    assert message in str(caught.value)
    assert isinstance(caught.value, FrontwireError)  # cli.main: one line on stderr, exit code 2


def test_shelling_suggests_the_sub_event_type(db: str) -> None:
    with pytest.raises(UsageError, match=r"did you mean 'Shelling/artillery/missile attack'"):
        events_cli.run(parse(["--db", db, "--type", "shelling"]), io.StringIO())


def test_show_errors(db: str) -> None:
    with pytest.raises(UsageError, match=r"no cluster 'c-nowhere' in sqlite:///.*; `frontwire events` lists them"):
        events_cli.run(parse(["--db", db, "show", "c-nowhere"]), io.StringIO())
    with pytest.raises(UsageError, match=r"--since, --reports: only for the list"):
        events_cli.run(parse(["--db", db, "--since", "2020-01-01", "--reports", "show", "c-tovuz"]), io.StringIO())


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite"
    with pytest.raises(StoreError, match=r"no event store at .*typo.sqlite: `frontwire ingest` makes one"):
        events_cli.run(parse(["--db", str(path)]), io.StringIO())
    assert not path.exists()


def test_argparse_refuses_unknown_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        parse(["--format", "xml"])
    assert caught.value.code == 2 and "invalid choice: 'xml'" in capsys.readouterr().err


def test_through_the_cli(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["events", "--db", db, "--format", "jsonl", "--status", "claimed"]) == 0
    assert [json.loads(line)["cluster_id"] for line in capsys.readouterr().out.splitlines()] == ["c-goranboy"]
    assert cli.main(["events", "--db", db, "--bbox", "1,2"]) == 2
    err = capsys.readouterr().err
    assert err == "frontwire: error: --bbox: expected min_lon,min_lat,max_lon,max_lat with min <= max, got '1,2'\n"
    assert cli.main(["events", "--db", db, "show", "c-nowhere"]) == 2


# --- PostgreSQL -------------------------------------------------------------------------------------

def test_on_both_databases(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    assert ids("--db", db_url) == ["c-tovuz", "c-goranboy", "c-threat", "c-kyiv"]
    assert ids("--db", db_url, "--country", "azerbaijan", "--min-fatalities", "1", "--type", "shelling/artillery/"
               "missile attack", "--bbox", "45,40,47,41.5", "--actor", "ARMENIA", "--status", "reported",
               "--since", "2020-07-01", "--until", "2020-07-31") == ["c-tovuz"]
    assert ids("--db", db_url, "--reports", "--min-fatalities", "5") == ["a2-e0", "a4-e0"]
    text = events("--db", db_url, "show", "c-tovuz")
    assert "with report a1-e0, score 0.87, because: days apart: 0 km apart: 0" in " ".join(text.split())
    path = tmp_path / "pg.parquet"
    events("--db", db_url, "-o", str(path))
    assert pq.read_table(path).column("fatalities").to_pylist() == [5, 0, 0, 12]


# --- reviews: the CLI lists what the web API shows ----------------------------------------------------

def _reviewed(db: str) -> dict[str, Any]:
    """fill(db), then a reviewer, through the web API with a bearer token, rejects the Goranboy
    event and corrects the Kyiv toll from 12 to 30. Returns the API's events of each review view."""
    import warnings

    from frontwire.web import create_app
    from frontwire.web.review import Reviews

    with warnings.catch_warnings():  # as tests/test_web_api.py: Starlette would rather have httpx2
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    fill(db)
    with Store.open(db) as store:
        token = Reviews(store.engine).create_token("alice")
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(db)) as client:
        r = client.patch("/api/events/c-goranboy", json={"action": "reject", "comment": "a claim, not seen"},
                         headers=auth)
        assert r.status_code == 200, r.text
        r = client.patch("/api/events/c-kyiv", json={"action": "edit", "changes": {"fatalities": 30}}, headers=auth)
        assert r.status_code == 200, r.text
        views = {}
        for view in ("default", "all", "unreviewed", "accepted", "rejected"):
            r = client.get("/api/events", params={"review": view, "all": "true"})
            assert r.status_code == 200, r.text
            views[view] = r.json()["events"]
    return views


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert cli.main(["events", *argv]) == 0
    return capsys.readouterr().out


def test_exports_apply_the_review_as_the_api_does(db_url: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    api = _reviewed(db_url)
    # the API's default view: the rejected event left out, the corrected toll in place of the extracted one
    assert {e["cluster_id"]: e["fatalities"] for e in api["default"]} == {"c-tovuz": 5, "c-threat": 0, "c-kyiv": 30}

    rows = [json.loads(line) for line in _main(capsys, "--db", db_url, "--format", "jsonl").splitlines()]
    assert [r["cluster_id"] for r in rows] == ["c-tovuz", "c-threat", "c-kyiv"]
    kyiv = rows[-1]
    assert (kyiv["fatalities"], kyiv["report_fatalities"]) == (30, 12)  # the report's own figure stays
    assert (kyiv["review"]["status"], kyiv["review"]["edited"], kyiv["review"]["reviewer"]) == \
        ("edited", ["fatalities"], "alice")
    # what depends on the toll follows it: its parts add up to it, the notes say what changed
    assert kyiv["deaths_unknown"] == 30 - sum(kyiv[k] or 0 for k in ("deaths_actor1", "deaths_actor2", "deaths_civilians"))
    assert kyiv["notes"].endswith("Reviewed by alice: fatalities 30 (extracted: 12).")
    # the same events with the same fields as the API's listing (which has no evidence sentences)
    assert [{k: v for k, v in r.items() if k != "evidence"} for r in rows] == api["default"]

    table = list(csv.DictReader(io.StringIO(_main(capsys, "--db", db_url, "--format", "csv"))))
    assert [(r["cluster_id"], r["fatalities"], r["review_status"], r["review_edited"]) for r in table] == [
        ("c-tovuz", "5", "unreviewed", ""), ("c-threat", "0", "unreviewed", ""),
        ("c-kyiv", "30", "edited", "fatalities")]

    collection = json.loads(_main(capsys, "--db", db_url, "--format", "geojson"))
    features = {f["id"]: f["properties"] for f in collection["features"]}
    assert list(features) == ["c-tovuz", "c-kyiv"]  # Goranboy rejected; the threat has no place
    assert features["c-kyiv"]["fatalities"] == 30 and features["c-kyiv"]["review"]["edited"] == ["fatalities"]

    path = tmp_path / "reviewed.parquet"
    _main(capsys, "--db", db_url, "-o", str(path))
    parquet = pq.read_table(path).to_pylist()
    assert [(r["cluster_id"], r["fatalities"], r["review_status"], r["review_edited"]) for r in parquet] == [
        ("c-tovuz", 5, "unreviewed", ""), ("c-threat", 0, "unreviewed", ""), ("c-kyiv", 30, "edited", "fatalities")]

    assert "c-goranboy" not in _main(capsys, "--db", db_url, "--format", "table")


def test_each_review_view_lists_what_the_api_lists(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    api = _reviewed(db_url)
    for view, listed in api.items():
        out = _main(capsys, "--db", db_url, "--format", "jsonl", "--review", view)
        rows = [json.loads(line) for line in out.splitlines()]
        assert [(r["cluster_id"], r["fatalities"], r["review"]) for r in rows] == \
            [(e["cluster_id"], e["fatalities"], e["review"]) for e in listed], view
    assert [r["cluster_id"] for r in api["rejected"]] == ["c-goranboy"]
    assert [r["cluster_id"] for r in api["all"]] == ["c-tovuz", "c-goranboy", "c-threat", "c-kyiv"]
    # filters see the corrected toll, as the API's do: Kyiv's 30, not the extracted 12
    assert ids("--db", db_url, "--min-fatalities", "20") == ["c-kyiv"]
    assert ids("--db", db_url, "--min-fatalities", "13", "--country", "UKR") == ["c-kyiv"]
    # the raw reports are the extraction, unreviewed
    assert [r["fatalities"] for r in jsonl("--db", db_url, "--reports", "--country", "UKR")] == [12]


def test_show_tells_the_review(db_url: str) -> None:
    _reviewed(db_url)
    flat = " ".join(events("--db", db_url, "show", "c-kyiv").split())
    assert "review edited; 1 revision(s), the last by alice at " in flat
    assert "edited fatalities 30 (extracted: 12)" in flat
    rejected = " ".join(events("--db", db_url, "show", "c-goranboy").split())
    assert "review rejected; 1 revision(s), the last by alice" in rejected and "edited " not in rejected
    detail = json.loads(events("--db", db_url, "show", "c-kyiv", "--format", "json"))
    assert detail["review"]["edited"] == ["fatalities"] and detail["edits"] == {"fatalities": 30}
    assert [(h["action"], h["changes"]) for h in detail["history"]] == [
        ("edit", {"fatalities": {"old": 12, "new": 30}})]
    assert not [line for line in events("--db", db_url, "show", "c-tovuz").splitlines()
                if line.startswith("  review")]  # nobody reviewed it: no review line


def test_review_is_refused_with_reports_and_checked(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"--review: only for the clusters"):
        events_cli.run(parse(["--db", db, "--reports", "--review", "all"]), io.StringIO())
    with pytest.raises(UsageError, match=r"--review: only for the list"):
        events_cli.run(parse(["--db", db, "--review", "all", "show", "c-kyiv"]), io.StringIO())
    with pytest.raises(SystemExit):
        parse(["--review", "maybe"])
    assert "argument --review: invalid choice: 'maybe'" in capsys.readouterr().err
