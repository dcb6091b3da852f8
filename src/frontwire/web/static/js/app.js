// The analyst page: filters (kept in the URL, so a view can be shared), map, timeline, event
// list and event panel, wired to the API. See map.js, timeline.js and panel.js for each part.

import * as api from "./api.js";
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

const state = { filters: {}, event: null, records: [], next: null, group: null, mapView: null, loads: 0, listed: LIST_STEP };
const $ = (sel) => document.querySelector(sel);
let map;
let timeline;
let panel;

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
}

function writeURL(push) {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = state.filters[key];
    if (value && !(key === "review" && value === "default")) params.set(key, value);
  }
  if (state.event) params.set("event", state.event);
  if (map && state.viewed) params.set("map", map.viewString());
  const url = `${window.location.pathname}${params.toString() ? `?${params}` : ""}`;
  if (url === window.location.pathname + window.location.search) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

function fillForm() {
  const form = $("#filters");
  for (const key of FILTERS) form.elements[key].value = state.filters[key] || (key === "review" ? "default" : "");
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

function updateExports() {
  for (const format of ["csv", "geojson"]) {
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
  let events = 0;
  let dead = 0;
  for (const d of state.stats.by_day) {
    if ((since && d.date < since) || (until && d.date > until)) continue;
    events += d.events;
    dead += d.fatalities;
  }
  if (!since && !until) events += state.stats.undated;
  return `${events} event${events === 1 ? "" : "s"}, ${dead} dead`;
}

async function reload() {
  setStatus("loading…");
  try {
    await Promise.all([loadEvents(), loadTimeline()]);
    renderList();
    setStatus("");
  } catch (err) {
    fail(err);
  }
  state.loads += 1;
  document.body.dataset.loads = String(state.loads);
}

// --- list and panel ----------------------------------------------------------------------------

function renderList() {
  const list = clear($("#event-list"));
  const shown = state.group ? state.records.filter((r) => state.group.includes(r.cluster_id)) : state.records;
  const head = clear($("#summary"));
  head.append(state.group
    ? el("span", {}, `${shown.length} events at one place `, el("button", { type: "button", onclick: () => { state.group = null; renderList(); } }, "show all"))
    : el("span", {}, summary(), state.next ? ` (the ${state.records.length} latest are on the map)` : ""));
  for (const r of shown.slice(0, state.listed)) {
    const item = el("li", { class: `event review-${r.review.status}${r.cluster_id === state.event ? " selected" : ""}`, dataset: { id: r.cluster_id } },
      el("button", { type: "button", onclick: () => openEvent(r.cluster_id, true) },
        el("span", { class: "dot", dataset: { type: r.event_type || "" } }),
        el("span", { class: "date" }, r.event_date || "undated"),
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
    $("#list-view").hidden = true;
    await panel.open(id);
    panel.scrollToEvidence();
    if (PHONE.matches) $("#right").scrollIntoView({ block: "start" }); // the panel is below the map
  } catch (err) {
    $("#list-view").hidden = false;
    fail(err);
  }
}

function closePanel() {
  const was = state.event;
  state.event = null;
  $("#panel").hidden = true;
  $("#list-view").hidden = false;
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
  state.filters = filters;
  fillForm();
  updateExports();
  writeURL(push);
  return reload();
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
    onGroup: (ids) => { state.group = ids; closePanelIfOpen(); renderList(); },
    onView: () => {
      clearTimeout(viewTimer);
      viewTimer = setTimeout(() => { if (state.viewed) writeURL(false); }, 400);
    },
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
  for (const format of ["csv", "geojson"]) {
    $(`#export-${format}`).addEventListener("click", (e) => {
      if (!api.token()) return; // a plain download; reading is open
      e.preventDefault();
      api.download(e.currentTarget.getAttribute("href"), `frontwire-events.${format}`).catch(fail);
    });
  }
  window.addEventListener("popstate", () => {
    readURL();
    fillForm();
    updateExports();
    reload().then(() => (state.event ? openEvent(state.event, false) : closePanelIfOpen()));
  });

  fillForm();
  updateExports();
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
    $("#panel").hidden = true;
    $("#list-view").hidden = false;
    map.select(null);
    writeURL(false);
  }
}

start().catch(fail);
