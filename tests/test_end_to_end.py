"""End to end on the seed report: the CLI reads it (text and HTML) and writes the v1 records a
careful coder reads in it (shared/DESIGN.md's table)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED_HTML, SEED_TXT, SHARED
from frontwire import cli

CHECK_SEED = SHARED / "tools" / "check-seed"


def _extract(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = cli.main(["extract", *args, "--format", "jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


@pytest.fixture(scope="module")
def seed_events() -> list[dict[str, Any]]:
    if not SEED_TXT.exists():
        pytest.skip(f"the seed article is not at {SEED_TXT}")
    proc = subprocess.run(
        [sys.executable, "-m", "frontwire.cli", "extract", str(SEED_TXT), "--published", "2020-09-16",
         "--format", "jsonl"], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _current(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["status"] != "historical"]


def _on(events: list[dict[str, Any]], day: str) -> dict[str, Any]:
    found = [e for e in _current(events) if e["event_date"] == day and e["event_type"]]
    assert found, f"no violent event on {day}: {[(e['event_date'], e['sub_event_type']) for e in events]}"
    return found[0]


def test_tovuz_shelling(seed_events: list[dict[str, Any]]) -> None:
    e = _on(seed_events, "2020-07-12")
    assert e["event_type"] in ("Explosions/Remote violence", "Battles")
    assert e["actor1"] == "Military Forces of Armenia" and e["actor1_iso3"] == "ARM"
    assert e["actor2_iso3"] == "AZE"
    assert e["fatalities"] == 13
    assert e["deaths_civilians"] == 1
    assert e["time_precision"] == 1
    assert e["iso3"] == "AZE" and "Tovuz" in (e["location"] or "") + (e["admin1"] or "")
    assert abs(e["latitude"] - 40.99) < 0.3 and abs(e["longitude"] - 45.63) < 0.3
    assert any("12 Azerbaijani servicemen" in ev["text"] for ev in e["evidence"])
    text = SEED_TXT.read_text(encoding="utf-8")
    for ev in e["evidence"]:
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_uav_shootdowns(seed_events: list[dict[str, Any]]) -> None:
    e = _on(seed_events, "2020-07-16")
    assert e["sub_event_type"] == "Disrupted weapons use"
    assert e["event_date_end"] <= "2020-09-16" and e["time_precision"] in (2, 3)
    assert (e["actor1_iso3"], e["actor2_iso3"]) == ("AZE", "ARM")
    assert e["fatalities"] == 0


def test_goranboy_incident(seed_events: list[dict[str, Any]]) -> None:
    e = _on(seed_events, "2020-08-23")
    assert e["iso3"] == "AZE"
    assert {e["actor1_iso3"], e["actor2_iso3"]} == {"ARM", "AZE"}
    assert e["fatalities"] == 0


def test_background_is_not_news(seed_events: list[dict[str, Any]]) -> None:
    current = _current(seed_events)
    assert all(e["fatalities"] < 1000 for e in current)
    assert all(e["fatalities"] not in (76, 822, 853, 874, 884, 1994, 6) for e in current)
    assert all(e["event_date"] for e in current)
    assert any(e["status"] == "historical" for e in seed_events)


def test_stable_ids(seed_events: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    code, again, _ = _extract(capsys, str(SEED_TXT), "--published", "2020-09-16")
    assert code == 0
    assert [e["event_id"] for e in again] == [e["event_id"] for e in seed_events]


@pytest.mark.skipif(not CHECK_SEED.exists(), reason="shared/tools/check-seed is not beside the checkout")
@pytest.mark.parametrize("args", [[str(SEED_TXT), "--published", "2020-09-16"], [str(SEED_HTML)]],
                         ids=["text", "html"])
def test_check_seed_required_checks_pass(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["extract", *args, "--format", "jsonl"])
    out = capsys.readouterr().out
    assert code == 0
    proc = subprocess.run([sys.executable, str(CHECK_SEED)], input=out, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


def test_html_date_from_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    code, events, _ = _extract(capsys, str(SEED_HTML))
    assert code == 0
    assert {e["published"] for e in events} == {"2020-09-16"}
    assert {e["url"] for e in events} == {"https://news.example.org/politics/defence-minister-azerbaijani-army-ready"}


def test_yearless_dates_without_publication_date_are_not_guessed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "report.txt"
    page.write_text("On July 12, Armenian forces shelled Azerbaijani positions in Tovuz, killing two soldiers.\n",
                    encoding="utf-8")
    code, events, err = _extract(capsys, str(page))
    assert code == 0
    assert events and events[0]["event_date"] is None
    assert "July 12" in events[0]["notes"]
    assert "--published" in err


def test_bad_inputs_do_not_stop_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "latin1.txt").write_bytes("Des soldats ont été tués à Gao.".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("On 3 March 2021, a roadside bomb killed four soldiers near Gao, Mali.\n", encoding="utf-8")
    code, events, err = _extract(capsys, str(tmp_path))
    assert code == 0
    assert len(events) == 1 and events[0]["fatalities"] == 4
    lines = [line for line in err.splitlines() if "frontwire: skipped" in line]
    assert len(lines) == 3
    assert "Traceback" not in err


def test_nothing_readable_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, events, err = _extract(capsys, str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert code == 1 and events == []
    assert "empty.txt" in err and "missing.txt" in err


def test_standard_input_html_and_output_file(tmp_path: Path) -> None:
    if not SEED_HTML.exists():
        pytest.skip(f"the seed page is not at {SEED_HTML}")
    out = tmp_path / "events.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "frontwire.cli", "extract", "-", "--format", "csv", "--output", str(out)],
        input=SEED_HTML.read_bytes(), capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "article_id", "event_date"]
    assert "2020-07-12" in out.read_text(encoding="utf-8")


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "frontwire.cli", "extract", str(SEED_TXT), "--published", "2020-09-16",
         "--output", str(tmp_path / "missing-dir" / "out.jsonl")], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "missing-dir" in proc.stderr.splitlines()[-1]


def test_bad_published_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["extract", str(SEED_TXT), "--published", "16/09/2020"])
    assert stop.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_geoparse_lists_resolved_toponyms(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["geoparse", str(SEED_TXT), "--format", "jsonl"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    tovuz = next(r for r in rows if r["text"] == "Tovuz")
    text = SEED_TXT.read_text(encoding="utf-8")
    assert text[tovuz["start"]:tovuz["end"]] == "Tovuz"
    assert tovuz["iso3"] == "AZE" and abs(tovuz["latitude"] - 40.99) < 0.3
    assert set(tovuz) >= {"name", "geonames_id", "longitude", "country", "admin1", "feature_code",
                          "geo_precision", "score"}
    assert not any(r["text"].startswith("Armenian") for r in rows)  # a demonym of an actor is no place


def test_geoparse_with_adjectives_lists_demonyms_as_their_countries(capsys: pytest.CaptureFixture[str]) -> None:
    plain = cli.main(["geoparse", str(SEED_TXT), "--format", "jsonl"])
    names = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["geoparse", str(SEED_TXT), "--format", "jsonl", "--adjectives"]) == plain == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    armenian = [r for r in rows if r["text"] == "Armenian"]
    assert armenian and all(r["iso3"] == "ARM" and r["feature_code"] == "PCLI" for r in armenian)
    from frontwire.geo.cues import demonyms, region_demonyms

    people = set(demonyms()) | set(region_demonyms())
    assert [r for r in rows if r["text"].lower() not in people] == names  # the names read as without


def test_eval_geo_cli_writes_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = Path(__file__).parent / "data" / "geo" / "lgl_sample.xml"
    out = tmp_path / "pred.jsonl"
    assert cli.main(["eval", "geo", str(fixture), "--predictions", str(out)]) == 0
    report = capsys.readouterr().out
    assert "accuracy@161 km" in report and "recognition" in report
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and set(rows[0]) == {"docid", "start", "end", "lat", "lon"}


def test_eval_geo_cli_recognises_demonyms_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Russian drones hit Kharkiv on Tuesday, the regional governor said."
    toponym = ("<toponym><start>{}</start><end>{}</end><phrase>{}</phrase><gaztag geonameid=\"{}\"><fclass>{}</fclass>"
               "<fcode>{}</fcode><lat>{}</lat><lon>{}</lon></gaztag></toponym>")
    corpus = tmp_path / "sample.xml"
    corpus.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><articles><article docid="1"><text>{text}</text><toponyms>'
        + toponym.format(0, 7, "Russian", 2017370, "A", "PCLI", 60.0, 100.0)
        + toponym.format(19, 26, "Kharkiv", 706483, "P", "PPLA", 49.98081, 36.25272)
        + "</toponyms></article></articles>", encoding="utf-8")

    def recognition(*flags: str) -> str:
        assert cli.main(["eval", "geo", str(corpus), *flags]) == 0
        out = capsys.readouterr().out
        return next(line for line in out.splitlines() if line.startswith("  overlapping span"))

    assert recognition().split()[3] == "50.0"  # recall: Kharkiv only
    assert recognition("--adjectives").split()[3] == "100.0"  # and "Russian", as the gold counts it


def test_gazetteer_import_and_info_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from frontwire.geo.gazetteer import Gazetteer, default_path

    Gazetteer.open().close()  # the user's index (built by the install step, or now)
    shutil.copy(default_path(), tmp_path / "gazetteer-v1.sqlite")
    monkeypatch.setenv("FRONTWIRE_DATA", str(tmp_path))
    dump = Path(__file__).parent / "data" / "geo" / "AZ_slice.zip"
    assert cli.main(["gazetteer", "import", str(dump)]) == 0
    assert "21 places" in capsys.readouterr().out
    assert cli.main(["gazetteer", "info"]) == 0
    assert "AZ_slice.zip" in capsys.readouterr().out
    # not a dump: one line naming the file and the line, exit 2, nothing added
    assert cli.main(["gazetteer", "import", str(SEED_TXT)]) == 2
    assert "line 1: not a GeoNames" in capsys.readouterr().err
    with Gazetteer.open(tmp_path / "gazetteer-v1.sqlite") as gaz:
        assert any(p.admin1 == "Tovuz" for p in gaz.lookup("Kokhanabi"))
