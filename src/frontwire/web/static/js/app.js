// The analyst page: filters (kept in the URL, so a view can be shared), map, timeline, event
// list or counts (a tab beside the list) and event panel, wired to the API. See map.js,
// timeline.js, counts.js and panel.js for each part. When the filters change, the map fits the
// events they select.

import * as api from "./api.js";
import { Counts } from "./counts.js";
import { clear, el } from "./dom.js";
import { MapView, OTHER_COLOUR, TYPE_COLOURS, colour } from "./map.js";
import { Panel } from "./panel.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["since", "until", "country", "type", "actor", "status", "review", "q", "min_fatalities", "bbox"];
const PAGE = 1000; // events drawn on the map at once; "Load more" fetches the next page
const LIST_STEP = 200; // list items built at a time (thousands of rows cost more to draw than they help)
// By default the page shows news: background the article recalls ("status: historical", e.g. a
// war thirty years ago) is one click away (Status: any) but would otherwise fill the timeline.
const NEWS = "reported,claimed,denied,threatened";
// Phones: the page stacks into one scrolling column (the same query as in style.css).
const PHONE = window.matchMedia("(max-width: 819px)");

const VIEWS = ["list", "counts"]; // the tabs of the right-hand column

const state = { filters: {}, event: null, records: [], next: null, group: null, mapView: null, loads: 0, listed: LIST_STEP, view: "list" };
const $ = (sel) => document.querySelector(sel);
let map;
let timeline;
let panel;
let counts;

function setStatus(text, isError) {
  const node = $("#status");
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

function fail(err) {
  setStatus(err.status === 401 ? `${err.message} — paste a token in the Token field` : String(err.message || err), true);
}

// --- URL and form ------------------------------------------------------------------------------

function readURL() {
  const params = new URLSearchParams(window.location.search);
  state.filters = {};
  for (const key of FILTERS) if (params.get(key)) state.filters[key] = params.get(key);
  state.event = params.get("event");
  state.mapView = params.get("map");
  state.view = VIEWS.includes(params.get("view")) ? params.get("view") : "list";
}

function writeURL(push) {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = state.filters[key];
    if (value && !(key === "review" && value === "default")) params.set(key, value);
  }
  if (state.event) params.set("event", state.event);
  if (state.view !== "list") params.set("view", state.view);
  if (map && state.viewed) params.set("map", map.viewString());
  const url = `${window.location.pathname}${params.toString() ? `?${params}` : ""}`;
  if (url === window.location.pathname + window.location.search) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

function fillForm() {
  const form = $("#filters");
  for (const key of FILTERS) {
    const field = form.elements[key];
    const value = state.filters[key] || (key === "review" ? "default" : "");
    // A value of the URL that the list does not offer ("type=shelling") stays in view, marked,
    // rather than blanking the field: the status line says what is wrong with it.
    if (field.tagName === "SELECT" && value && field.options.length > 1
        && ![...field.options].some((o) => o.value === value)) {
      field.append(el("option", { value, class: "unknown" }, `${value} (not a value of the list)`));
    }
    field.value = value;
  }
  $("#bbox-toggle").classList.toggle("on", Boolean(state.filters.bbox));
  $("#bbox-toggle").textContent = state.filters.bbox ? "any place" : "limit to view";
  const set = Object.keys(state.filters).length;
  $("#filters-toggle").textContent = set ? `Filters (${set})` : "Filters";
}

function readForm() {
  const form = $("#filters");
  const filters = {};
  for (const key of FILTERS) {
    const value = form.elements[key].value.trim();
    if (value && !(key === "review" && value === "default")) filters[key] = value;
  }
  return filters;
}

/** The API parameters of the page's filters. */
function apiFilters(filters = state.filters) {
  const out = { ...filters };
  if (!out.status) out.status = NEWS;
  else if (out.status === "any") delete out.status;
  return out;
}

const EXPORTS = ["csv", "geojson", "acled", "ucdp"];

function updateExports() {
  for (const format of EXPORTS) {
    const link = $(`#export-${format}`);
    link.setAttribute("href", `/api/events?${api.query({ ...apiFilters(), format, all: true })}`);
  }
}

// --- loading -----------------------------------------------------------------------------------

async function loadEvents() {
  const page = await api.get("/api/events", { ...apiFilters(), brief: true, limit: PAGE, order: "desc" });
  state.records = page.events;
  state.next = page.next;
  state.group = null;
  state.listed = LIST_STEP;
  map.setEvents(state.records);
  map.select(state.event);
  renderList();
  performance.mark("frontwire:events"); // map and list drawn (benchmarks/api_speed.py reads these marks)
}

async function loadMore() {
  if (!state.next) return;
  const page = await api.get("/api/events", { ...apiFilters(), brief: true, limit: PAGE, order: "desc", cursor: state.next });
  state.records = state.records.concat(page.events);
  state.next = page.next;
  state.listed = state.records.length;
  map.setEvents(state.records);
  renderList();
}

async function loadTimeline() {
  const { since, until, ...rest } = apiFilters(); // the timeline shows the whole span; the range is drawn on it
  const stats = await api.get("/api/stats", { ...rest, by: "day" });
  timeline.setData(stats.by_day);
  timeline.setRange(since, until);
  state.stats = stats;
  performance.mark("frontwire:timeline");
}

function summary() {
  const { since, until } = state.filters;
  if (!state.stats) return "";
  // Without a date range: the totals, undated events and their dead included (the timeline's
  // days alone would leave out the dead of the undated events the list shows).
  let events = state.stats.events;
  let dead = state.stats.fatalities;
  if (since || until) {
    events = 0;
    dead = 0;
    for (const d of state.stats.by_day) {
      if ((since && d.date < since) || (until && d.date > until)) continue;
      events += d.events;
      dead += d.fatalities;
    }
  }
  return `${events} event${events === 1 ? "" : "s"}, ${dead} dead`;
}

function loadCounts() {
  return state.view === "counts" ? counts.load(apiFilters()) : null;
}

/** Load what the filters select; `fit`: then fit the map to the events. */
async function reload({ fit = false } = {}) {
  setStatus("loading…");
  try {
    await Promise.all([loadEvents(), loadTimeline(), loadCounts()]);
    renderList();
    setStatus(""); // before fitting: the status line takes height from the map while it shows
    if (fit && map.records.length) map.fit(); // no placed event: the view stays where it was
  } catch (err) {
    fail(err);
  }
  state.loads += 1;
  document.body.dataset.loads = String(state.loads);
}

// --- list and panel ----------------------------------------------------------------------------

/** The events in list order: the latest first, those whose date is unknown last. */
function listed() {
  const chosen = state.group ? state.records.filter((r) => state.group.includes(r.cluster_id)) : state.records;
  return chosen.filter((r) => r.event_date).concat(chosen.filter((r) => !r.event_date));
}

function renderList() {
  const list = clear($("#event-list"));
  const shown = listed();
  const head = clear($("#summary"));
  head.append(state.group
    ? el("span", {}, `${shown.length} events at one place `, el("button", { type: "button", onclick: () => { state.group = null; renderList(); } }, "show all"))
    : el("span", {}, summary(), state.next ? ` (the ${state.records.length} latest are on the map)` : ""));
  for (const r of shown.slice(0, state.listed)) {
    const item = el("li", { class: `event review-${r.review.status}${r.cluster_id === state.event ? " selected" : ""}`, dataset: { id: r.cluster_id } },
      el("button", { type: "button", onclick: () => openEvent(r.cluster_id, true) },
        el("span", { class: "dot", dataset: { type: r.event_type || "" } }),
        r.event_date ? el("span", { class: "date" }, r.event_date)
          : el("span", { class: "date undated", title: "the report gives no date that could be read" }, "date unknown"),
        el("span", { class: "what" }, r.sub_event_type || r.event_type || r.plover_type),
        el("span", { class: "where" }, r.location || r.country || "?"),
        el("span", { class: "dead", title: "fatalities" }, String(r.fatalities || 0)),
        r.review.status !== "unreviewed" ? el("span", { class: `badge review-${r.review.status}` }, r.review.status) : null));
    item.querySelector(".dot").style.background = colour(r.event_type);
    list.append(item);
  }
  if (!shown.length) list.append(el("li", { class: "muted" }, "No events match these filters."));
  const more = $("#more");
  more.hidden = !(shown.length > state.listed || (state.next && !state.group));
  more.textContent = shown.length > state.listed ? `Show more (${shown.length - state.listed} of the drawn events)` : "Load more";
}

async function openEvent(id, push) {
  state.event = id;
  writeURL(push);
  map.select(id);
  try {
    showRight("panel");
    await panel.open(id);
    panel.scrollToEvidence();
    if (PHONE.matches) $("#right").scrollIntoView({ block: "start" }); // the panel is below the map
  } catch (err) {
    showRight(state.view);
    fail(err);
  }
}

/** Show the list, the counts or the event panel in the right-hand column (the tabs with the first two). */
function showRight(which) {
  $("#views").hidden = which === "panel";
  if (which !== "panel") $("#panel").hidden = true;
  for (const view of VIEWS) {
    const tab = $(`#tab-${view}`);
    tab.setAttribute("aria-selected", String(view === state.view));
    tab.tabIndex = view === state.view ? 0 : -1;
    $(`#${view}-view`).hidden = which !== view;
  }
}

/** Switch the tab to `view` ("list" or "counts"); the counts load when first shown. */
function setView(view, push = true) {
  if (view === state.view && !$(`#${view}-view`).hidden) return;
  state.view = view;
  closePanelIfOpen();
  showRight(view);
  writeURL(push);
  if (view === "counts") counts.load(apiFilters()).catch(fail);
}

function closePanel() {
  const was = state.event;
  state.event = null;
  showRight(state.view);
  map.select(null);
  writeURL(true);
  renderList();
  if (PHONE.matches) {
    const item = was && document.querySelector(`#event-list li[data-id="${CSS.escape(was)}"]`);
    (item || $("#right")).scrollIntoView({ block: item ? "center" : "start" });
  }
}

// --- phone layout ------------------------------------------------------------------------------

/** Open or fold the part of the page a header fold button controls (folding only shows on phones). */
function setFold(button, open) {
  button.setAttribute("aria-expanded", String(open));
  document.getElementById(button.getAttribute("aria-controls")).classList.toggle("folded", !open);
}

function setupFolds() {
  for (const button of document.querySelectorAll("header button.fold")) {
    button.addEventListener("click", () => setFold(button, button.getAttribute("aria-expanded") !== "true"));
  }
  setFold($("#filters-toggle"), !PHONE.matches); // their count is on the button
}

function applyFilters(filters, push = true) {
  // The map fits what the new filters select, unless the change is the map's own box ("limit to view").
  const { bbox: _a, ...before } = state.filters;
  const { bbox: _b, ...after } = filters;
  const fit = JSON.stringify(before) !== JSON.stringify(after);
  state.filters = filters;
  fillForm();
  updateExports();
  writeURL(push);
  return reload({ fit });
}

function legend(node) {
  for (const [name, c] of [...Object.entries(TYPE_COLOURS), ["other (statements, threats)", OTHER_COLOUR]]) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = c;
    node.append(el("div", {}, swatch, name));
  }
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  setupFolds();
  readURL();
  const meta = await api.get("/api/meta");
  const typeSelect = $("#filters").elements.type;
  for (const [type, subs] of Object.entries(meta.event_types)) {
    typeSelect.append(el("option", { value: type }, type),
      el("optgroup", { label: `${type}: sub-types` }, subs.map((s) => el("option", { value: s }, s))));
  }
  const statusSelect = $("#filters").elements.status;
  for (const s of meta.statuses) statusSelect.append(el("option", { value: s }, s));

  let viewTimer = 0;
  map = new MapView($("#map-svg"), {
    onSelect: (id) => openEvent(id, true),
    onGroup: (ids) => { state.group = ids; setView("list"); closePanelIfOpen(); renderList(); },
    onView: () => {
      clearTimeout(viewTimer);
      viewTimer = setTimeout(() => { if (state.viewed) writeURL(false); }, 400);
    },
    loadPlaces: (bbox, limit) => api.get("/api/places", { bbox, limit }).then((body) => body.places),
  });
  timeline = new Timeline($("#timeline-svg"), {
    onBrush: (since, until) => {
      const filters = { ...state.filters };
      delete filters.since;
      delete filters.until;
      if (since) filters.since = since;
      if (until) filters.until = until;
      applyFilters(filters);
    },
  });
  panel = new Panel($("#panel"), {
    meta, status: setStatus, onClose: closePanel,
    onChanged: () => reload(),
  });
  legend($("#legend"));
  counts = new Counts($("#counts-view"), {
    onFilter: (add) => applyFilters({ ...state.filters, ...add }),
  });
  const tabs = [...document.querySelectorAll("#views [role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => setView(tab.dataset.view));
    tab.addEventListener("keydown", (e) => { // arrow keys move between tabs (WAI-ARIA tabs)
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const next = tabs[(tabs.indexOf(tab) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      setView(next.dataset.view);
    });
  }

  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(readForm()); });
  $("#filters").addEventListener("change", (e) => { if (e.target.tagName === "SELECT") applyFilters(readForm()); });
  $("#clear-filters").addEventListener("click", () => applyFilters({}));
  $("#more").addEventListener("click", () => {
    const shown = state.group ? state.group.length : state.records.length;
    if (shown > state.listed) {
      state.listed += LIST_STEP;
      renderList();
    } else loadMore().catch(fail);
  });
  for (const button of document.querySelectorAll("#map-controls [data-zoom]")) {
    button.addEventListener("click", () => {
      state.viewed = true;
      if (button.dataset.zoom === "fit") map.fit();
      else map.zoom(button.dataset.zoom === "in" ? 1.6 : 1 / 1.6);
    });
  }
  $("#map-svg").addEventListener("pointerdown", () => { state.viewed = true; });
  $("#map-svg").addEventListener("wheel", () => { state.viewed = true; }, { passive: true });
  $("#bbox-toggle").addEventListener("click", () => {
    const filters = { ...state.filters };
    if (filters.bbox) delete filters.bbox;
    else filters.bbox = map.bbox();
    applyFilters(filters);
  });
  const tokenInput = $("#token");
  tokenInput.value = api.token();
  tokenInput.addEventListener("change", () => {
    api.setToken(tokenInput.value.trim());
    if (meta.read_token_required) reload();
  });
  for (const format of EXPORTS) {
    $(`#export-${format}`).addEventListener("click", (e) => {
      if (!api.token()) return; // a plain download; reading is open
      e.preventDefault();
      const name = format === "acled" || format === "ucdp" ? `${format}.csv` : format;
      api.download(e.currentTarget.getAttribute("href"), `frontwire-events.${name}`).catch(fail);
    });
  }
  window.addEventListener("popstate", () => {
    readURL();
    fillForm();
    updateExports();
    showRight(state.view);
    reload().then(() => (state.event ? openEvent(state.event, false) : closePanelIfOpen()));
  });

  fillForm();
  updateExports();
  showRight(state.view);
  const outlines = api.get("/api/outlines").then((g) => map.setOutlines(g)).catch(fail);
  await Promise.all([reload(), outlines]);
  if (state.mapView && map.setViewString(state.mapView)) state.viewed = true;
  else map.fit();
  if (state.event) await openEvent(state.event, false);
  await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });
  document.body.dataset.ready = "true";
}

function closePanelIfOpen() {
  if (!$("#panel").hidden) {
    state.event = null;
    showRight(state.view);
    map.select(null);
    writeURL(false);
  }
}

start().catch(fail);
