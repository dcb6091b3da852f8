"""The analyst page in a real browser: Debian's Chromium driven by Playwright against the app
served by uvicorn on 127.0.0.1, over a store holding the seed article (read by the real
extractor) and an article carrying HTML/JS payloads.

Screenshots go to test-artifacts/ (look at them: a test can pass on a page a person cannot use).
Set FRONTWIRE_REQUIRE_BROWSER=1 (CI) to make a missing Chromium or Playwright a failure."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED_TXT
from frontwire.ingest.text import article_from_text
from frontwire.model import Article, Evidence
from frontwire.store import Store
from frontwire.web import create_app
from frontwire.web.review import Reviews
from test_store import event
from test_web_api import singleton_clusters

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DEATHS = "The Armenian attack killed 12 Azerbaijani servicemen"
PAYLOAD_SCRIPT = "<script>window.__pwned = 'script'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"


def _need(what: str) -> None:
    if os.environ.get("FRONTWIRE_REQUIRE_BROWSER") == "1":
        pytest.fail(what)
    pytest.skip(what)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, Any]:
    """A store with the seed article's events and a hostile article, one cluster per report."""
    if not SEED_TXT.exists():
        pytest.skip(f"the seed article is not at {SEED_TXT}")
    from frontwire.pipeline import Extractor

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.sqlite'}"
    seed = article_from_text(SEED_TXT.read_text(encoding="utf-8"), str(SEED_TXT), date(2020, 9, 16))
    events = Extractor(nlp=nlp).extract(seed)
    hostile_text = (f"Gunmen attacked a village {PAYLOAD_SCRIPT} near Ganja on Monday. "
                    f"Three people were killed {PAYLOAD_IMG} the police said.")
    start = hostile_text.index("Three")
    hostile = Article("hostile0001", hostile_text, title=f"Raid {PAYLOAD_IMG}", source="evil.example",
                      published=date(2020, 9, 15))
    with Store.open(url) as store:
        store.add_article(seed, events)
        store.add_article(hostile, [event(
            "hostile0001", 0, event_date="2020-09-14", location=f"Ganja {PAYLOAD_SCRIPT}", latitude=40.68,
            longitude=46.36, fatalities=3, actor1=f"Gunmen {PAYLOAD_IMG}", notes=f"Raid near Ganja {PAYLOAD_SCRIPT}",
            evidence=[Evidence(hostile_text[start:], start, len(hostile_text))])])
        singleton_clusters(store)
        token = Reviews(store.engine).create_token("alice")
    tovuz = [e for e in events if e.location == "Tovuz"]
    assert len(tovuz) == 1, [e.location for e in events]
    return {"url": url, "token": token, "tovuz": tovuz[0].event_id, "hostile": "hostile0001-e0",
            "goranboy": next(e.event_id for e in events if e.location == "Goranboy")}


@pytest.fixture(scope="module")
def server(seeded: dict[str, Any]) -> Iterator[str]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(seeded["url"]), log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        _need(f"Chromium is not at {CHROMIUM} (apt-get install -y chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def page_in(chromium: Any, viewport: dict[str, int], **device: Any) -> Iterator[Any]:
    """A page of a new browser context at `viewport` (and `device` options: is_mobile,
    has_touch), its script errors and dialogs collected in `page.errors`."""
    context = chromium.new_context(viewport=viewport, **device)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda err: pg.errors.append(str(err)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    yield from page_in(browser, {"width": 1400, "height": 900})


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']", timeout=15000)


def _marker(page: Any, event_id: str) -> Any:
    """The marker of an event; if it is grouped with others, click the group (zooms in) first."""
    marker = page.locator(f"circle.marker[data-id='{event_id}']")
    for _ in range(6):
        if marker.count():
            return marker
        group = page.locator(f"g.group[data-ids~='{event_id}']")
        assert group.count() == 1, "the event is neither a marker nor in a group"
        group.click()
        page.wait_for_timeout(150)
    raise AssertionError(f"no marker for {event_id} after zooming in")


def test_find_check_reject_and_reload(page: Any, server: str, seeded: dict[str, Any]) -> None:
    tovuz = seeded["tovuz"]
    _open(page, server + "/")
    # 8 seed events less 2 historical (the early-1990s war, the 1994 ceasefire) + the hostile one
    assert page.locator("#event-list li.event").count() == 7
    page.screenshot(path=str(ARTIFACTS / "01-overview.png"))

    marker = _marker(page, tovuz)
    assert marker.get_attribute("data-location") == "Tovuz"
    assert float(marker.get_attribute("r")) > 10  # 13 dead: bigger than a 0-fatality marker (5 px)
    marker.click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert f"event={tovuz}" in page.url
    highlighted = panel.locator("mark.evidence", has_text=DEATHS)
    highlighted.wait_for()
    assert highlighted.is_visible()
    assert "Tovuz" in panel.locator(".fields").inner_text()
    page.screenshot(path=str(ARTIFACTS / "02-event-tovuz.png"))

    panel.locator("#reject").click()  # no token yet: refused, nothing changes
    assert "token" in panel.locator(".review-message").inner_text()
    page.fill("#token", "fw_not_a_token")
    page.locator("#token").dispatch_event("change")
    panel.locator("#reject").click()
    page.wait_for_selector("#panel .review-message:has-text('401')")
    page.fill("#token", seeded["token"])
    page.locator("#token").dispatch_event("change")
    panel.locator("#review-comment").fill("checked against the source")
    panel.locator("#reject").click()
    page.wait_for_selector("#review-status:has-text('rejected')")
    assert "alice" in panel.locator(".history").inner_text()

    panel.locator("button.close").click()
    page.wait_for_selector("#list-view:not([hidden])")
    page.wait_for_function(f"!document.querySelector(\"#event-list li[data-id='{tovuz}']\")")
    assert page.locator("#event-list li.event").count() == 6
    assert page.locator(f"circle.marker[data-id='{tovuz}'], g.group[data-ids~='{tovuz}']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "03-after-reject.png"))

    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(f"#event-list li[data-id='{tovuz}']").count() == 0  # the rejection was kept
    page.select_option("#filters select[name=review]", "rejected")
    page.wait_for_selector(f"#event-list li[data-id='{tovuz}']")
    assert "review=rejected" in page.url
    page.locator(f"#event-list li[data-id='{tovuz}'] button").click()
    page.wait_for_selector("#review-status:has-text('rejected')")
    assert "checked against the source" in page.locator("#panel .history").inner_text()
    page.screenshot(path=str(ARTIFACTS / "04-reloaded-rejected.png"))
    assert page.errors == []


def test_hostile_article_shows_as_text_and_runs_nothing(page: Any, server: str, seeded: dict[str, Any]) -> None:
    _open(page, f"{server}/?event={seeded['hostile']}")
    panel = page.locator("#panel")
    panel.locator("mark.evidence").first.wait_for()
    text = panel.inner_text()
    assert PAYLOAD_SCRIPT in text and PAYLOAD_IMG in text  # shown as the characters they are
    assert page.locator("#panel img, #event-list img, #panel script, #event-list script").count() == 0
    page.screenshot(path=str(ARTIFACTS / "05-hostile-article.png"))
    panel.locator("button.close").click()
    assert PAYLOAD_SCRIPT in page.locator(f"#event-list li[data-id='{seeded['hostile']}']").inner_text()
    page.wait_for_timeout(300)  # give an onerror handler time to fire, if one had been created
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_filters_live_in_the_url_and_the_timeline_brush_sets_dates(page: Any, server: str) -> None:
    _open(page, f"{server}/?type=Strategic+developments")
    assert page.locator("#filters select[name=type]").input_value() == "Strategic developments"
    listed = page.locator("#event-list li.event .what").all_inner_texts()
    assert listed and all(t in ("Disrupted weapons use", "Agreement", "Other") for t in listed), listed
    _open(page, server + "/")
    box = page.locator("#timeline-svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 50)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + 50, steps=5)
    page.mouse.up()
    page.wait_for_function("location.search.includes('since=') && location.search.includes('until=')")
    page.wait_for_selector("#timeline-svg rect.brush:not(.live)")
    since = page.locator("#filters input[name=since]").input_value()
    until = page.locator("#filters input[name=until]").input_value()
    assert since and until and since <= until
    page.wait_for_timeout(200)
    dates = page.locator("#event-list li.event .date").all_inner_texts()
    assert all(since <= d <= until for d in dates), (since, until, dates)
    page.screenshot(path=str(ARTIFACTS / "06-timeline-brush.png"))
    assert page.errors == []


def test_edit_form_saves_a_revision_over_the_extraction(page: Any, server: str, seeded: dict[str, Any]) -> None:
    _open(page, f"{server}/?event={seeded['goranboy']}")
    panel = page.locator("#panel")
    panel.locator("#review-status").wait_for()
    page.fill("#token", seeded["token"])
    page.locator("#token").dispatch_event("change")
    panel.locator("#edit").click()
    panel.locator("form.edit input[name=fatalities]").fill("1")
    panel.locator("form.edit button[type=submit]").click()
    page.wait_for_selector("#panel .history .change:has-text('fatalities: 0 → 1')")
    fatalities = panel.locator(".fields dd.edited", has_text="1")
    assert fatalities.count() >= 1 and "extracted: 0" in (fatalities.first.get_attribute("title") or "")
    page.screenshot(path=str(ARTIFACTS / "07-edited.png"))
    assert page.errors == []
