// The map: an SVG of country outlines (Mercator) with the events as circles, sized by
// fatalities and coloured by ACLED event type; circles that would overlap on screen are drawn
// as one group marker: a ring of the types it holds (each type's share of the ring in its colour)
// around the count. Towns are labelled as the user zooms in, the most populous first, from the
// gazetteer (GET /api/places for the box in view). Pan by dragging, zoom with the wheel or the
// buttons. No tiles and no library: the page must work without internet, and this is all it needs.

import { clear, svg } from "./dom.js";

export const TYPE_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
export const OTHER_COLOUR = "#7f7f7f"; // statements, threats: PLOVER events outside ACLED's types

export function colour(eventType) {
  return TYPE_COLOURS[eventType] || OTHER_COLOUR;
}

export function radius(fatalities) {
  return Math.min(28, 5 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0)));
}

function groupRadius(n) {
  return Math.min(30, 11 + 3 * Math.log2(n));
}

const CELL = 26; // px: events closer than this on screen are grouped
const MIN_K = 1.2; // px per degree: the whole world in a small window
const MAX_K = 6000; // px per degree: a few streets
const LAT_LIMIT = 85;
const MIN_SPAN = 3; // degrees: fitting one place (or a few close ones) shows its surroundings too
const TOWN_K = 14; // px per degree: towns are labelled from about a 100-degree-wide view inwards
const TOWN_WAIT = 250; // ms after the view settles before the towns in view are asked for

/** The event types of `items` with their counts, in the legend's order (others last). */
export function typeShares(items) {
  const counts = new Map();
  for (const r of items) {
    const key = TYPE_COLOURS[r.event_type] ? r.event_type : "";
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const order = [...Object.keys(TYPE_COLOURS), ""];
  return order.filter((t) => counts.has(t)).map((t) => ({ type: t, n: counts.get(t), colour: t ? TYPE_COLOURS[t] : OTHER_COLOUR }));
}

function mercY(lat) {
  const phi = (Math.max(-LAT_LIMIT, Math.min(LAT_LIMIT, lat)) * Math.PI) / 180;
  return -(Math.log(Math.tan(Math.PI / 4 + phi / 2)) * 180) / Math.PI; // degrees, north up (SVG y grows down)
}

function ringPath(ring) {
  let d = "";
  for (let i = 0; i < ring.length; i++) {
    const [lon, lat] = ring[i];
    d += `${i ? "L" : "M"}${lon.toFixed(2)},${mercY(lat).toFixed(2)}`;
  }
  return `${d}Z`;
}

export class MapView {
  constructor(svgNode, { onSelect, onGroup, onView, loadPlaces }) {
    this.svg = svgNode;
    this.onSelect = onSelect;
    this.onGroup = onGroup;
    this.onView = onView;
    this.loadPlaces = loadPlaces; // (bbox, limit) => Promise of [{name, latitude, longitude, population}]
    this.view = { cx: 20, cy: mercY(20), k: 3 };
    this.records = [];
    this.selected = null;
    this.places = [];
    this.placesKey = "";
    this.placesTimer = 0;
    this.land = svg("g", { class: "land" });
    this.towns = svg("g", { class: "towns" });
    this.markers = svg("g", { class: "markers" });
    this.svg.append(svg("rect", { class: "sea", x: 0, y: 0, width: "100%", height: "100%" }), this.land, this.towns,
      this.markers);
    this.frame = 0;
    this._interact();
    new ResizeObserver(() => this.draw()).observe(this.svg);
  }

  size() {
    const box = this.svg.getBoundingClientRect();
    return { w: box.width || 800, h: box.height || 500 };
  }

  setOutlines(geojson) {
    clear(this.land);
    this.labels = [];
    for (const f of geojson.features) {
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      const d = polys.map((poly) => poly.map(ringPath).join("")).join("");
      this.land.append(svg("path", { d, class: "country", dataset: { iso3: f.id || "" } },
        svg("title", {}, f.properties.name || f.id || "")));
      // The label sits at the middle of the country's largest polygon (by bounding box).
      let best = null;
      for (const poly of polys) {
        const lons = poly[0].map((p) => p[0]);
        const lats = poly[0].map((p) => p[1]);
        const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
        const area = (box[2] - box[0]) * (box[3] - box[1]);
        if (!best || area > best.area) best = { area, lon: (box[0] + box[2]) / 2, lat: (box[1] + box[3]) / 2, span: box[2] - box[0] };
      }
      if (best) this.labels.push({ name: f.properties.name || f.id, ...best });
    }
    this.draw();
  }

  setEvents(records) {
    this.records = records.filter((r) => r.latitude !== null && r.longitude !== null);
    this.draw();
  }

  select(id) {
    this.selected = id;
    this.draw();
  }

  /** The world box in view, as an API bbox (min_lon,min_lat,max_lon,max_lat). */
  bbox() {
    const { w, h } = this.size();
    const { cx, cy, k } = this.view;
    const lat = (y) => (Math.atan(Math.sinh((-y * Math.PI) / 180)) * 180) / Math.PI;
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const west = clamp(cx - w / 2 / k, -180, 180);
    const east = clamp(cx + w / 2 / k, -180, 180);
    const north = clamp(lat(cy - h / 2 / k), -90, 90);
    const south = clamp(lat(cy + h / 2 / k), -90, 90);
    return [west, south, east, north].map((v) => v.toFixed(3)).join(",");
  }

  viewString() {
    const { cx, cy, k } = this.view;
    const lat = (Math.atan(Math.sinh((-cy * Math.PI) / 180)) * 180) / Math.PI;
    return `${cx.toFixed(3)},${lat.toFixed(3)},${k.toFixed(2)}`;
  }

  setViewString(value) {
    const [lon, lat, k] = String(value || "").split(",").map(Number);
    if (![lon, lat, k].every(Number.isFinite)) return false;
    this.view = { cx: lon, cy: mercY(lat), k: Math.max(MIN_K, Math.min(MAX_K, k)) };
    this.draw();
    return true;
  }

  /** Fit the given records (default: all shown), or the world when none has coordinates; at
   * least MIN_SPAN degrees across, so that one place is shown with its surroundings. */
  fit(records) {
    const pts = (records || this.records).filter((r) => r.latitude !== null && r.longitude !== null);
    const { w, h } = this.size();
    if (!pts.length) {
      this.view = { cx: 15, cy: mercY(25), k: Math.max(MIN_K, w / 360) };
    } else {
      const xs = pts.map((r) => r.longitude);
      const ys = pts.map((r) => mercY(r.latitude));
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const spanX = Math.max(x1 - x0, MIN_SPAN);
      const spanY = Math.max(y1 - y0, MIN_SPAN);
      const k = Math.min((w - 80) / spanX, (h - 80) / spanY);
      this.view = { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, k: Math.max(MIN_K, Math.min(MAX_K, k)) };
    }
    this.draw();
  }

  /** Zoom in on a group until its events stand apart (at least twice closer, never past fitting them). */
  zoomTo(items, spread) {
    const { w, h } = this.size();
    const xs = items.map((r) => r.longitude);
    const ys = items.map((r) => mercY(r.latitude));
    const fitK = Math.min((w - 80) / Math.max(1e-6, Math.max(...xs) - Math.min(...xs)),
      (h - 80) / Math.max(1e-6, Math.max(...ys) - Math.min(...ys)));
    const k = Math.min(MAX_K, fitK, Math.max(this.view.k * 2, (3 * CELL) / spread));
    this.view = { cx: (Math.max(...xs) + Math.min(...xs)) / 2, cy: (Math.max(...ys) + Math.min(...ys)) / 2, k: Math.max(this.view.k, k) };
    this.draw();
  }

  zoom(factor, at) {
    const { w, h } = this.size();
    const p = at || { x: w / 2, y: h / 2 };
    const { cx, cy, k } = this.view;
    const k2 = Math.max(MIN_K, Math.min(MAX_K, k * factor));
    const wx = cx + (p.x - w / 2) / k; // world point under the cursor stays there
    const wy = cy + (p.y - h / 2) / k;
    this.view = { cx: wx - (p.x - w / 2) / k2, cy: wy - (p.y - h / 2) / k2, k: k2 };
    this.draw();
  }

  draw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this._draw();
    });
  }

  _draw() {
    const { w, h } = this.size();
    const { cx, cy, k } = this.view;
    this.land.setAttribute("transform", `matrix(${k},0,0,${k},${w / 2 - cx * k},${h / 2 - cy * k})`);
    clear(this.markers);
    const taken = []; // label boxes on screen: a town's label goes only where it overlaps none
    for (const label of this.labels || []) {
      if (label.span * k < 60) continue; // too small on screen to name
      const x = (label.lon - cx) * k + w / 2;
      const y = (mercY(label.lat) - cy) * k + h / 2;
      if (x < 0 || y < 0 || x > w || y > h) continue;
      const half = label.name.length * 4.5;
      taken.push([x - half, y - 11, x + half, y + 3]);
      this.markers.append(svg("text", { x: x.toFixed(1), y: y.toFixed(1), class: "country-label", "text-anchor": "middle" }, label.name));
    }
    const cells = new Map();
    for (const r of this.records) {
      const x = (r.longitude - cx) * k + w / 2;
      const y = (mercY(r.latitude) - cy) * k + h / 2;
      if (x < -30 || y < -30 || x > w + 30 || y > h + 30) continue;
      const key = `${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`;
      const cell = cells.get(key) || { items: [], x: 0, y: 0 };
      cell.items.push(r);
      cell.x += x;
      cell.y += y;
      cells.set(key, cell);
    }
    const singles = [];
    for (const cell of cells.values()) {
      const n = cell.items.length;
      const [x, y] = [cell.x / n, cell.y / n];
      const r = n === 1 ? radius(cell.items[0].fatalities) : groupRadius(n) + 1;
      taken.push([x - r, y - r, x + r, y + r]); // no town label under a marker
      if (n === 1) singles.push({ r: cell.items[0], x, y });
      else this._group(cell.items, x, y);
    }
    this._drawTowns(w, h, taken);
    // Big circles first, so a small event is never hidden under a large one.
    singles.sort((a, b) => (b.r.fatalities || 0) - (a.r.fatalities || 0));
    for (const s of singles) this._single(s.r, s.x, s.y);
    this._askPlaces();
    this.onView?.();
  }

  /** The towns in view, the most populous first, each labelled where its label overlaps nothing
   * drawn before (a marker, a country's name, a bigger town's label): right of its dot, else left,
   * else a little further out; a town with no such spot is left out. */
  _drawTowns(w, h, taken) {
    clear(this.towns);
    this.svg.dataset.towns = "0";
    if (this.view.k < TOWN_K) return;
    const { cx, cy, k } = this.view;
    const at = this.svg.getBoundingClientRect();
    for (const node of this.svg.parentElement.children) { // the buttons and the legend over the map
      if (node === this.svg || !node.offsetParent) continue;
      const b = node.getBoundingClientRect();
      taken.push([b.left - at.left, b.top - at.top, b.right - at.left, b.bottom - at.top]);
    }
    let drawn = 0;
    for (const p of this.places) {
      const x = (p.longitude - cx) * k + w / 2;
      const y = (mercY(p.latitude) - cy) * k + h / 2;
      if (x < 0 || y < 0 || x > w || y > h) continue;
      const width = 3 + p.name.length * 6.4; // 11 px type
      let spot = null;
      for (const dx of [5, -5, 16, -16, 28, -28]) {
        const x0 = dx > 0 ? x + dx : x + dx - width;
        const box = [x0, y - 8, x0 + width, y + 6];
        if (!taken.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) {
          spot = { dx, box };
          break;
        }
      }
      if (!spot) continue;
      taken.push(spot.box);
      const title = `${p.name}${p.population ? ` (population ${p.population.toLocaleString("en")})` : ""}`;
      this.towns.append(svg("g", { class: `town${p.feature_code === "PPLC" ? " capital" : ""}`, dataset: { name: p.name } },
        svg("title", {}, title),
        svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.2 }),
        svg("text", { x: (x + spot.dx).toFixed(1), y: (y + 4).toFixed(1), class: "town-label",
          "text-anchor": spot.dx > 0 ? "start" : "end" }, p.name)));
      drawn += 1;
    }
    this.svg.dataset.towns = String(drawn);
  }

  /** Once the view has settled, ask for the towns in it (again only if the view changed). */
  _askPlaces() {
    if (!this.loadPlaces) return;
    clearTimeout(this.placesTimer);
    this.placesTimer = setTimeout(() => {
      if (this.view.k < TOWN_K) {
        this.places = [];
        this.placesKey = "";
        return;
      }
      const { w, h } = this.size();
      const bbox = this.bbox();
      const limit = Math.max(8, Math.min(80, Math.round((w * h) / 12000)));
      const key = `${bbox}/${limit}`;
      if (key === this.placesKey) return;
      this.placesKey = key;
      this.loadPlaces(bbox, limit).then((places) => {
        if (key !== this.placesKey) return; // the view moved on meanwhile
        this.places = places;
        this.svg.dataset.townsFor = bbox;
        this.draw();
      }, () => { this.places = []; }); // no place index on the server: no town labels
    }, TOWN_WAIT);
  }

  _single(r, x, y) {
    const review = r.review ? r.review.status : "unreviewed";
    const title = `${r.event_date || "date unknown"} · ${r.sub_event_type || r.event_type || r.plover_type || "event"} · `
      + `${r.location || "?"} · ${r.fatalities || 0} dead`;
    const node = svg("circle", {
      cx: x.toFixed(1), cy: y.toFixed(1), r: radius(r.fatalities).toFixed(1), fill: colour(r.event_type),
      class: `marker review-${review}${r.cluster_id === this.selected ? " selected" : ""}`, tabindex: 0,
      role: "button", "aria-label": title,
      dataset: { id: r.cluster_id, location: r.location || "" },
    }, svg("title", {}, title));
    node.addEventListener("click", (e) => {
      e.stopPropagation();
      if (!this.dragged) this.onSelect(r.cluster_id);
    });
    node.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") this.onSelect(r.cluster_id);
    });
    this.markers.append(node);
  }

  _group(items, x, y) {
    const n = items.length;
    const dead = items.reduce((s, r) => s + (r.fatalities || 0), 0);
    const places = [...new Set(items.map((r) => r.location || "?"))];
    const title = `${n} events, ${dead} dead: ${places.slice(0, 8).join(", ")}${places.length > 8 ? ", …" : ""}`;
    const ids = items.map((r) => r.cluster_id);
    const rad = groupRadius(n);
    const shares = typeShares(items);
    // The ring: one stroked circle per type, dashed to its share of the circumference.
    const ring = 5;
    const mid = rad - ring / 2;
    const around = 2 * Math.PI * mid;
    let at = 0;
    const slices = shares.map((s) => {
      const len = (around * s.n) / n;
      const slice = svg("circle", {
        class: "slice", r: mid.toFixed(2), stroke: s.colour, "stroke-width": ring,
        "stroke-dasharray": `${len.toFixed(2)} ${(around - len).toFixed(2)}`, "stroke-dashoffset": (-at).toFixed(2),
        transform: "rotate(-90)", dataset: { type: s.type, count: String(s.n) },
      });
      at += len;
      return slice;
    });
    const kinds = shares.map((s) => `${s.n} ${s.type || "other"}`).join(", ");
    const g = svg("g", {
      class: `group${ids.includes(this.selected) ? " selected" : ""}`, tabindex: 0, role: "button",
      "aria-label": `${title} (${kinds})`, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
      dataset: { ids: ids.join(" "), count: String(n) },
    },
    svg("title", {}, `${title}\n${kinds}`),
    svg("circle", { class: "rim", r: (rad + 1).toFixed(1) }),
    svg("circle", { class: "hub", r: (rad - ring).toFixed(1) }),
    slices,
    svg("text", { "text-anchor": "middle", dy: "0.35em" }, String(n)));
    const open = () => {
      const lons = items.map((r) => r.longitude);
      const lats = items.map((r) => r.latitude);
      const spread = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
      if (spread > 1e-4 && this.view.k < MAX_K) this.zoomTo(items, spread);
      else this.onGroup(ids); // all at one spot (a town, a country's centre): list them
    };
    g.addEventListener("click", (e) => {
      e.stopPropagation();
      if (!this.dragged) open();
    });
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") open();
    });
    this.markers.append(g);
  }

  _interact() {
    let start = null;
    this.dragged = false;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, cx: this.view.cx, cy: this.view.cy };
      this.dragged = false;
    });
    window.addEventListener("pointermove", (e) => {
      if (!start) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      this.dragged = true;
      this.svg.classList.add("dragging");
      this.view = { ...this.view, cx: start.cx - dx / this.view.k, cy: start.cy - dy / this.view.k };
      this.draw();
    });
    window.addEventListener("pointerup", () => {
      if (start && this.dragged) setTimeout(() => { this.dragged = false; }, 0);
      start = null;
      this.svg.classList.remove("dragging");
    });
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.25 : 0.8, { x: e.clientX - box.left, y: e.clientY - box.top });
    }, { passive: false });
  }
}
