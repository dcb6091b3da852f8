"""The analyst page's counts view and map reading, in Debian's Chromium driven by Playwright at a
desktop's size (1440x900), as in test_web_browser.py (its `browser` and `server` fixtures serve
this module's store of nine events in three countries and four months, two of them undated):

- the Counts tab shows, for the filters, the events and deaths by type, country, first-level
  region, actor and month that /api/stats gives, and a chart of events per month stacked by type;
- a grouped marker is a ring of its events' type colours;
- changing the filters fits the map to the events they select;
- undated events come last in the list, marked "date unknown";
- towns are labelled when the map is zoomed in (GET /api/places over the test gazetteer).

Screenshots go to test-artifacts/counts-*.png."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser as web
from frontwire.store import Store
from test_store import article, event
from test_web_api import singleton_clusters

DESKTOP = {"width": 1440, "height": 900}
ARTIFACTS = web.ARTIFACTS
browser = web.browser
server = web.server
_open = web._open
NEWS = "reported,claimed,denied,threatened"  # the page's default status filter (js/app.js)
COLOURS = {"Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
           "Protests": "#2ca02c"}  # js/map.js TYPE_COLOURS

ARM = {"country": "Armenia", "iso3": "ARM"}
GEO = {"country": "Georgia", "iso3": "GEO"}
# Two events at one spot in Tovuz of two types (one grouped marker), others apart; two undated.
ROWS: list[dict[str, Any]] = [
    {"event_date": "2020-07-12", "location": "Tovuz", "latitude": 40.99, "longitude": 45.63, "fatalities": 13},
    {"event_date": "2020-07-14", "location": "Tovuz", "latitude": 40.99, "longitude": 45.63, "fatalities": 2,
     "event_type": "Battles", "sub_event_type": "Armed clash"},
    {"event_date": "2020-08-23", "location": "Goranboy", "admin1": "Goranboy", "latitude": 40.61, "longitude": 46.79,
     "fatalities": 0, "event_type": "Battles", "sub_event_type": "Armed clash",
     "actor1": "Military Forces of Azerbaijan", "actor2": "Military Forces of Armenia"},
    {"event_date": "2020-08-25", "location": "Ganja", "admin1": "Ganja", "latitude": 40.68, "longitude": 46.36,
     "fatalities": 5, "event_type": "Violence against civilians", "sub_event_type": "Attack",
     "actor1": "Unidentified Armed Group", "actor2": "Civilians (Azerbaijan)"},
    {"event_date": "2020-09-01", "location": "Tbilisi", "admin1": "Tbilisi", "latitude": 41.72, "longitude": 44.79,
     "fatalities": 0, "event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Georgia)",
     "actor2": None, **GEO},
    {"event_date": "2020-09-20", "location": "Batumi", "admin1": "Adjara", "latitude": 41.64, "longitude": 41.64,
     "fatalities": 0, "event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Georgia)",
     "actor2": None, **GEO},
    {"event_date": "2020-10-05", "location": "Yerevan", "admin1": "Yerevan", "latitude": 40.18, "longitude": 44.51,
     "fatalities": 1, "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", **ARM},
    {"event_date": None, "location": "Ganja", "admin1": "Ganja", "latitude": 40.68, "longitude": 46.36,
     "fatalities": 1, "event_type": "Violence against civilians", "sub_event_type": "Attack"},
    {"event_date": None, "location": None, "admin1": None, "latitude": None, "longitude": None, "fatalities": 3},
]
IDS = [f"a{i + 1:04d}-e0" for i in range(len(ROWS))]
TOVUZ = IDS[:2]
UNDATED = IDS[7:]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, built_gazetteer: Path) -> Iterator[dict[str, Any]]:
    """The store served by test_web_browser's `server` fixture (it asks for `seeded`), and the
    test gazetteer as the server's place index (FRONTWIRE_DATA, read at the first /api/places)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('counts') / 'store.sqlite'}"
    with Store.open(url) as store:
        for i, row in enumerate(ROWS):
            a = article(i + 1)
            store.add_article(a, [event(a.article_id, 0, **{"event_date_end": None, **row})])
        singleton_clusters(store)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTWIRE_DATA", str(built_gazetteer.parent))
        yield {"url": url}


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    yield from web.page_in(browser, DESKTOP)


def api(server: str, path: str, **params: Any) -> Any:
    with urllib.request.urlopen(f"{server}{path}?{urllib.parse.urlencode(params)}", timeout=10) as response:
        return json.load(response)


def _ready_counts(page: Any, after: int = 0) -> None:
    page.wait_for_function(f"() => Number(document.querySelector('#counts-view').dataset.loaded || 0) > {after}")


def _table(page: Any, by: str) -> dict[str, tuple[int, str]]:
    """A counts table as {row key: (events, deaths text)}."""
    rows = page.locator(f"#counts-view table.counts[data-by='{by}'] tbody tr[data-key]")
    out = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        out[row.get_attribute("data-key")] = (int(row.locator("td.events").inner_text()), row.locator("td.dead").inner_text())
    return out


def _land_scale(page: Any) -> float:
    """The map's scale in px per degree, from the outlines' transform."""
    transform = page.locator("#map-svg g.land").get_attribute("transform")
    match = re.match(r"matrix\(([-\d.e]+),", transform or "")
    assert match, transform
    return float(match.group(1))


def test_counts_show_the_stats_of_the_filters(page: Any, server: str) -> None:
    _open(page, server + "/")
    page.locator("#tab-counts").click()
    _ready_counts(page)
    assert "view=counts" in page.url
    assert page.locator("#tab-counts").get_attribute("aria-selected") == "true"
    assert page.locator("#list-view").is_hidden() and page.locator("#counts-view").is_visible()
    seen = int(page.locator("#counts-view").get_attribute("data-loaded"))

    # A filter: Azerbaijan's events. The tables are /api/stats for the page's parameters.
    page.fill("#filters input[name=country]", "Azerbaijan")
    page.locator("#filters button[type=submit]").click()
    _ready_counts(page, seen)
    stats = api(server, "/api/stats", country="Azerbaijan", status=NEWS, by="month,type,country,admin1,actor")
    assert stats["events"] == 6 and stats["fatalities"] == 24 and stats["undated"] == 2  # a check on the fixture
    assert page.locator("#counts-view .totals").inner_text() == "6 events, 24 dead, 2 with the date unknown"
    assert _table(page, "type") == {r["event_type"] or "": (r["events"], str(r["fatalities"])) for r in stats["by_type"]}
    assert _table(page, "country") == {"AZE": (6, "24")}
    assert _table(page, "admin1") == {f"{r['iso3']}/{r['admin1'] or ''}": (r["events"], str(r["fatalities"]))
                                      for r in stats["by_admin1"]}
    assert _table(page, "admin1")["AZE/Ganja"] == (2, "6")
    assert _table(page, "actor") == {r["actor"] or "": (r["events"], str(r["fatalities"])) for r in stats["by_actor"]}
    assert _table(page, "month") == {**{r["month"]: (r["events"], str(r["fatalities"])) for r in stats["by_month"]},
                                     "": (2, "")}  # the undated row
    assert "date unknown" in page.locator("#counts-view table.counts[data-by='month']").inner_text()

    # The chart: one bar group per month, each stacked in its types' colours to the month's count.
    groups = page.locator("#month-chart g.month")
    assert groups.evaluate_all("gs => gs.map(g => g.dataset.month)") == ["2020-07", "2020-08"]
    for month in stats["by_month"]:
        group = page.locator(f"#month-chart g.month[data-month='{month['month']}']")
        assert int(group.get_attribute("data-events")) == month["events"]
        parts = group.locator("rect").evaluate_all("rs => rs.map(r => [r.dataset.type, +r.dataset.events, r.getAttribute('fill')])")
        assert sum(n for _, n, _ in parts) == month["events"]
        assert all(COLOURS[t] == fill for t, _, fill in parts), parts
    july = page.locator("#month-chart g.month[data-month='2020-07'] rect").evaluate_all("rs => rs.map(r => r.dataset.type)")
    assert sorted(july) == ["Battles", "Explosions/Remote violence"]
    page.screenshot(path=str(ARTIFACTS / "counts-01-azerbaijan.png"))

    # A click on a type filters on it; the counts follow.
    seen = int(page.locator("#counts-view").get_attribute("data-loaded"))
    page.locator("#counts-view table.counts[data-by='type'] tr[data-key='Battles'] button").click()
    _ready_counts(page, seen)
    assert page.locator("#filters select[name=type]").input_value() == "Battles"
    assert page.locator("#counts-view .totals").inner_text() == "2 events, 2 dead"
    assert page.locator("#month-chart g.month").count() == 2  # July and August, both Battles
    assert page.locator("#month-chart rect[data-type='Battles']").count() == 2

    # All countries: the chart runs July to October, a group per month.
    page.locator("#clear-filters").click()
    page.wait_for_function("() => !location.search.includes('type=')")
    _ready_counts(page, seen + 1)
    everything = api(server, "/api/stats", status=NEWS, by="month")
    assert [m["month"] for m in everything["by_month"]] == ["2020-07", "2020-08", "2020-09", "2020-10"]
    assert page.locator("#month-chart g.month").evaluate_all("gs => gs.map(g => g.dataset.month)") == \
        [m["month"] for m in everything["by_month"]]
    page.screenshot(path=str(ARTIFACTS / "counts-02-all.png"))

    # The list tab comes back as it was; the URL forgets the view.
    page.locator("#tab-list").click()
    assert page.locator("#list-view").is_visible() and page.locator("#counts-view").is_hidden()
    assert "view=counts" not in page.url
    assert page.errors == []


def test_grouped_markers_keep_their_type_colours(page: Any, server: str) -> None:
    _open(page, server + "/")
    group = page.locator(f"g.group[data-ids~='{TOVUZ[0]}']")
    assert group.count() == 1
    assert set(group.get_attribute("data-ids").split()) == set(TOVUZ)
    slices = group.locator("circle.slice").evaluate_all(
        "cs => cs.map(c => [c.dataset.type, +c.dataset.count, c.getAttribute('stroke')])")
    assert sorted(slices) == [["Battles", 1, COLOURS["Battles"]],
                              ["Explosions/Remote violence", 1, COLOURS["Explosions/Remote violence"]]]
    # each type's arc is its share of the ring
    dashes = group.locator("circle.slice").evaluate_all(
        "cs => cs.map(c => c.getAttribute('stroke-dasharray').split(' ').map(Number))")
    assert all(abs(a - b) < 0.1 for a, b in dashes)  # one of two events each: half the ring
    assert group.locator("text").text_content() == "2"
    group.screenshot(path=str(ARTIFACTS / "counts-03-group-ring.png"))
    assert page.errors == []


def test_the_map_fits_the_events_of_a_new_filter(page: Any, server: str) -> None:
    _open(page, server + "/")
    box = page.locator("#map-svg").bounding_box()
    world = _land_scale(page)

    page.fill("#filters input[name=country]", "Georgia")
    page.locator("#filters button[type=submit]").click()
    page.wait_for_function("() => location.search.includes('country=Georgia')")
    page.wait_for_function("() => document.querySelectorAll('#event-list li.event').length === 2")
    page.wait_for_timeout(100)
    # Tbilisi and Batumi, 3.2 degrees apart: both on the map, the view no wider than they need
    shown = page.locator("#map-svg circle.marker").evaluate_all(
        "cs => cs.map(c => [c.dataset.location, +c.getAttribute('cx'), +c.getAttribute('cy')])")
    assert sorted(s[0] for s in shown) == ["Batumi", "Tbilisi"], shown
    for _, x, y in shown:
        assert 20 <= x <= box["width"] - 20 and 20 <= y <= box["height"] - 20, shown
    k = _land_scale(page)
    assert k > world
    # the span of the two, or 3 degrees of height: what fits the map less its 40 px margins
    assert abs(k - min((box["width"] - 80) / (44.79 - 41.64), (box["height"] - 80) / 3)) < 1
    page.screenshot(path=str(ARTIFACTS / "counts-04-fit-georgia.png"))

    # One event: a minimum extent of 3 degrees, not a street.
    page.fill("#filters input[name=country]", "Armenia")
    page.locator("#filters button[type=submit]").click()
    page.wait_for_function("() => document.querySelectorAll('#event-list li.event').length === 1")
    page.wait_for_timeout(100)
    marker = page.locator("#map-svg circle.marker")
    assert abs(float(marker.get_attribute("cx")) - box["width"] / 2) < 2
    assert abs(float(marker.get_attribute("cy")) - box["height"] / 2) < 2
    assert abs(_land_scale(page) - min(box["width"] - 80, box["height"] - 80) / 3) < 1
    # "limit to view" keeps the view it limits to
    before = _land_scale(page)
    page.locator("#bbox-toggle").click()
    page.wait_for_function("() => location.search.includes('bbox=')")
    page.wait_for_timeout(200)
    assert _land_scale(page) == before
    assert page.errors == []


def test_undated_events_come_last_and_marked(page: Any, server: str) -> None:
    _open(page, server + "/")
    items = page.locator("#event-list li.event")
    assert items.count() == len(IDS)
    order = items.evaluate_all("ls => ls.map(l => l.dataset.id)")
    assert set(order[-2:]) == set(UNDATED), order
    dates = page.locator("#event-list li.event .date").all_inner_texts()
    assert dates[-2:] == ["date unknown", "date unknown"]
    assert dates[:-2] == sorted(dates[:-2], reverse=True) and "date unknown" not in dates[:-2]
    assert page.locator("#event-list li.event .date.undated").count() == 2
    # the header counts them and their dead as the list shows them (it left out the undated dead)
    totals = api(server, "/api/stats", status=NEWS, by="day")
    assert page.locator("#summary").inner_text().startswith(f"{len(IDS)} events, {totals['fatalities']} dead")
    # the undated event that has a place is on the map (with the dated one at the same place)
    assert page.locator(f"#map-svg circle.marker[data-id='{UNDATED[0]}'], "
                        f"#map-svg g.group[data-ids~='{UNDATED[0]}']").count() == 1
    page.locator(f"#event-list li[data-id='{UNDATED[0]}'] button").click()
    page.locator("#panel .fields").wait_for()
    assert "date unknown" in page.locator("#panel .fields").inner_text()
    assert page.errors == []


def test_towns_are_labelled_as_the_map_zooms_in(page: Any, server: str) -> None:
    _open(page, server + "/?map=10,30,2")  # the world: no town is named
    page.wait_for_timeout(600)
    assert page.locator("#map-svg g.town").count() == 0

    _open(page, server + "/?map=46.2,40.7,120")  # Azerbaijan's west, about 8 degrees across
    page.wait_for_selector("#map-svg g.town[data-name='Ganja']")
    names = page.locator("#map-svg g.town").evaluate_all("gs => gs.map(g => g.dataset.name)")
    assert "Ganja" in names and len(names) >= 5, names
    labels = page.locator("#map-svg g.town text").evaluate_all(
        "ts => ts.map(t => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })")
    for i, a in enumerate(labels):  # no label covers another
        for b in labels[i + 1:]:
            assert not (a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]), (a, b)
    page.screenshot(path=str(ARTIFACTS / "counts-05-towns.png"))

    # closer in: the towns of the new view are asked for, and smaller ones come
    asked = page.locator("#map-svg").get_attribute("data-towns-for")
    with page.expect_response(lambda r: "/api/places?" in r.url):
        page.locator("#map-controls [data-zoom='in']").click()
        page.locator("#map-controls [data-zoom='in']").click()
    page.wait_for_function(f"() => document.querySelector('#map-svg').dataset.townsFor !== {json.dumps(asked)}")
    page.wait_for_timeout(100)  # drawn at the next frame
    closer = page.locator("#map-svg g.town").evaluate_all("gs => gs.map(g => g.dataset.name)")
    assert "Ganja" in closer and set(closer) - set(names), (names, closer)
    page.screenshot(path=str(ARTIFACTS / "counts-06-towns-closer.png"))
    assert page.errors == []


def test_a_bad_filter_in_the_url_stays_in_view_with_the_apis_message(page: Any, server: str) -> None:
    _open(page, server + "/?type=shelling")
    page.wait_for_selector("#status.error")
    assert "did you mean 'Shelling/artillery/missile attack'?" in page.locator("#status").inner_text()
    select = page.locator("#filters select[name=type]")
    assert select.input_value() == "shelling"  # not blanked: the user sees what was asked
    assert "shelling (not a value of the list)" in select.locator("option:checked").inner_text()
    assert page.errors == []


def test_the_acled_export_link_carries_the_filters(page: Any, server: str) -> None:
    _open(page, server + "/?country=Georgia")
    href = page.locator("#export-acled").get_attribute("href") or ""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert (query["format"], query["country"], query["all"]) == (["acled"], ["Georgia"], ["true"])
    with urllib.request.urlopen(server + href, timeout=10) as response:
        lines = response.read().decode("utf-8").splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year") and len(lines) == 3  # Georgia's two protests
