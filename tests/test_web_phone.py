"""The analyst page at a phone's size (390x844) and a desktop's (1440x900), in Debian's Chromium
driven by Playwright as in test_web_browser.py (its `browser` and `server` fixtures serve this
module's store): at each size an event is opened from the list, its evidence is read in the panel
and it is accepted with a reviewer's token, and the review is read back from the API. On the phone
the page stacks into one column that scrolls, with the filters and the map behind fold buttons; on
the desktop the list stays beside the map.

Screenshots go to test-artifacts/phone-*.png and desktop-*.png."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

import test_web_browser as web
from frontwire.store import Store
from frontwire.web.review import Reviews
from test_store import TEXT
from test_web_api import IDS, fill

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
ARTIFACTS = web.ARTIFACTS
# test_web_browser's Chromium and uvicorn fixtures, here too; this module's `seeded` is the store served.
browser = web.browser
server = web.server
_open = web._open


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """test_web_api's five events (four dated, one undated) in SQLite, and alice's token. The
    `server` fixture taken from test_web_browser serves the store named here (it asks for `seeded`)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('phone') / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
        token = Reviews(store.engine).create_token("alice")
    return {"url": url, "token": token}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from web.page_in(browser, PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    yield from web.page_in(browser, DESKTOP)


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return dict(box)


def _scroll_y(page: Any) -> float:
    return float(page.evaluate("window.scrollY"))


def _open_event_from_list(page: Any, event_id: str) -> Any:
    """Open an event by its list item; the panel, once its evidence is highlighted."""
    page.locator(f"#event-list li[data-id='{event_id}'] button").click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert f"event={event_id}" in page.url
    assert page.locator("#list-view").is_hidden()  # the panel takes the list's place
    highlighted = panel.locator("mark.evidence", has_text=TEXT)
    highlighted.wait_for()
    assert highlighted.is_visible()
    return panel


def _slowly(route: Any) -> None:
    time.sleep(0.4)
    route.continue_()


def _accept(page: Any, server: str, token: str, event_id: str) -> None:
    """Accept the open event with alice's token; then the API has the review and its reviewer, and
    the page did not move meanwhile (the panel redraws in place, even while its article loads)."""
    page.fill("#token", token)  # in the header: on a phone the page scrolls up to it
    page.locator("#token").dispatch_event("change")
    page.locator("#panel").evaluate("panel => panel.scrollIntoView()")  # back where opening it left the page
    accept = page.locator("#panel #accept")
    assert accept.bounding_box()["y"] >= 0 and accept.is_visible()
    at = _scroll_y(page)
    page.evaluate("""() => { window.lowestScroll = window.scrollY;
      addEventListener("scroll", () => { window.lowestScroll = Math.min(window.lowestScroll, window.scrollY); }); }""")
    accept.click()
    page.wait_for_selector("#review-status:has-text('accepted')")
    # It ends where it was; on the way it may dip a line or two while the panel redraws (15 px
    # was seen under CI load), never the ~300 px it jumped before the panel kept its height.
    assert abs(_scroll_y(page) - at) < 5 and at - page.evaluate("window.lowestScroll") < 60
    assert "alice" in page.locator("#panel .history").inner_text()
    with urllib.request.urlopen(f"{server}/api/events/{event_id}", timeout=10) as response:
        detail = json.load(response)
    assert detail["review"]["status"] == "accepted"
    assert [(h["reviewer"], h["action"]) for h in detail["history"]] == [("alice", "accept")]


def test_phone_stacks_and_scrolls_to_the_list_and_the_panel(
        phone: Any, server: str, seeded: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    page = phone
    tovuz = IDS[0]
    _open(page, server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing to scroll sideways
    page.screenshot(path=str(ARTIFACTS / "phone-01-top.png"))

    # The filters start folded (what is set is counted on the button); the fold opens from the keyboard.
    toggle = page.locator("#filters-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "filters"
    assert page.locator("#filters").is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.locator("#filters select[name=review]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "phone-02-filters-open.png"))
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.locator("#filters").is_hidden()

    # One column: map, then the list under it, taller than the window together, so the page scrolls.
    map_box, list_box = _box(page, "#map"), _box(page, "#event-list")
    assert list_box["y"] >= map_box["y"] + map_box["height"]
    assert map_box["height"] >= 200 and list_box["height"] >= 200
    assert _box(page, "#right")["height"] >= list_box["height"]  # its column holds it (it was 6 px tall)
    assert page.evaluate("document.documentElement.scrollHeight") > PHONE["height"] + 50
    assert page.locator("#event-list li.event").count() == len(IDS)
    page.mouse.wheel(0, 600)  # over the list: the page itself scrolls
    page.wait_for_function("() => window.scrollY > 0")
    expect(page.locator("#event-list")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "phone-03-list.png"))

    panel = _open_event_from_list(page, tovuz)
    assert _box(page, "#panel")["height"] >= 200 and _box(page, "#right")["height"] >= _box(page, "#panel")["height"]
    # opening scrolled the page to the panel: it starts at the top, its head and review buttons in view
    assert _box(page, "#right")["y"] < 60
    expect(panel.locator("button.close")).to_be_in_viewport()
    expect(panel.locator("#accept")).to_be_in_viewport()
    assert "Tovuz" in panel.locator(".fields").inner_text()
    panel.locator("mark.evidence").first.scroll_into_view_if_needed()
    expect(panel.locator("mark.evidence").first).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "phone-04-panel.png"))

    page.route("**/api/articles/**", _slowly)  # a phone's network: the panel redraws before its article comes
    _accept(page, server, seeded["token"], tovuz)
    page.unroute("**/api/articles/**")
    page.screenshot(path=str(ARTIFACTS / "phone-05-accepted.png"))

    # Back to the list, at the event just reviewed.
    panel.locator("button.close").click()
    page.wait_for_selector("#list-view:not([hidden])")
    expect(page.locator(f"#event-list li[data-id='{tovuz}'] .badge")).to_have_text("accepted")
    expect(page.locator(f"#event-list li[data-id='{tovuz}']")).to_be_in_viewport()

    # A marker tapped at the top of the page opens its event below the map: the page goes there.
    page.evaluate("window.scrollTo(0, 0)")
    web._marker(page, IDS[1]).click()
    page.wait_for_selector(f"#panel[data-id='{IDS[1]}'] mark.evidence")
    expect(page.locator("#panel button.close")).to_be_in_viewport()
    expect(page.locator("#panel #accept")).to_be_in_viewport()
    page.locator("#panel button.close").click()
    page.wait_for_selector("#list-view:not([hidden])")

    # The map folds away (the list moves up under the header) and comes back drawn.
    page.evaluate("window.scrollTo(0, 0)")
    map_toggle = page.locator("#map-toggle")
    assert map_toggle.get_attribute("aria-expanded") == "true"
    top_with_map = _box(page, "#event-list")["y"]
    map_toggle.click()
    expect(map_toggle).to_have_attribute("aria-expanded", "false")
    assert page.locator("#map").is_hidden() and page.locator("#timeline").is_hidden()
    assert _box(page, "#event-list")["y"] < top_with_map - 200
    page.screenshot(path=str(ARTIFACTS / "phone-06-map-folded.png"))
    map_toggle.click()
    expect(map_toggle).to_have_attribute("aria-expanded", "true")
    assert _box(page, "#map")["height"] >= 200
    assert page.locator("#map-svg circle.marker, #map-svg g.group").count() >= 1
    assert page.errors == []


def test_desktop_keeps_the_list_beside_the_map(desktop: Any, server: str, seeded: dict[str, Any]) -> None:
    page = desktop
    ganja = IDS[2]
    _open(page, server + "/")
    assert page.locator("header button.fold").evaluate_all("bs => bs.filter(b => b.offsetParent).length") == 0
    assert page.locator("#filters select[name=review]").is_visible()  # the filters are not folded here
    map_box, right = _box(page, "#map"), _box(page, "#right")
    assert right["x"] >= map_box["x"] + map_box["width"] - 1  # side by side ...
    assert abs(right["y"] - map_box["y"]) <= 1  # ... from the same top
    assert right["width"] == 460 and map_box["width"] >= 900 and map_box["height"] >= 500
    assert right["y"] + right["height"] <= DESKTOP["height"] + 1  # the list scrolls in its column, not the page
    page.screenshot(path=str(ARTIFACTS / "desktop-01-overview.png"))

    panel = _open_event_from_list(page, ganja)
    panel_box = _box(page, "#panel")
    assert panel_box["x"] >= map_box["x"] + map_box["width"] - 1 and panel_box["height"] >= 200
    assert "Ganja" in panel.locator(".fields").inner_text()
    _accept(page, server, seeded["token"], ganja)
    page.screenshot(path=str(ARTIFACTS / "desktop-02-accepted.png"))
    assert page.errors == []
