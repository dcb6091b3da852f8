// The map: an SVG of country outlines (Mercator) with the events as circles, sized by
// fatalities and coloured by ACLED event type; circles that would overlap on screen are drawn
// as one group marker with a count. Pan by dragging, zoom with the wheel or the buttons.
// No tiles and no library: the page must work without internet, and this is all it needs.

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

const CELL = 26; // px: events closer than this on screen are grouped
const MIN_K = 1.2; // px per degree: the whole world in a small window
const MAX_K = 6000; // px per degree: a few streets
const LAT_LIMIT = 85;

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
  constructor(svgNode, { onSelect, onGroup, onView }) {
    this.svg = svgNode;
    this.onSelect = onSelect;
    this.onGroup = onGroup;
    this.onView = onView;
    this.view = { cx: 20, cy: mercY(20), k: 3 };
    this.records = [];
    this.selected = null;
    this.land = svg("g", { class: "land" });
    this.markers = svg("g", { class: "markers" });
    this.svg.append(svg("rect", { class: "sea", x: 0, y: 0, width: "100%", height: "100%" }), this.land, this.markers);
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

  /** Fit the given records (default: all shown), or the world when none has coordinates. */
  fit(records) {
    const pts = (records || this.records).filter((r) => r.latitude !== null && r.longitude !== null);
    const { w, h } = this.size();
    if (!pts.length) {
      this.view = { cx: 15, cy: mercY(25), k: Math.max(MIN_K, w / 360) };
    } else {
      const xs = pts.map((r) => r.longitude);
      const ys = pts.map((r) => mercY(r.latitude));
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const spanX = Math.max(x1 - x0, 6); // a single place is shown with its surroundings
      const spanY = Math.max(y1 - y0, 6);
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
    for (const label of this.labels || []) {
      if (label.span * k < 60) continue; // too small on screen to name
      const x = (label.lon - cx) * k + w / 2;
      const y = (mercY(label.lat) - cy) * k + h / 2;
      if (x < 0 || y < 0 || x > w || y > h) continue;
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
      if (n === 1) singles.push({ r: cell.items[0], x: cell.x, y: cell.y });
      else this._group(cell.items, cell.x / n, cell.y / n);
    }
    // Big circles first, so a small event is never hidden under a large one.
    singles.sort((a, b) => (b.r.fatalities || 0) - (a.r.fatalities || 0));
    for (const s of singles) this._single(s.r, s.x, s.y);
    this.onView?.();
  }

  _single(r, x, y) {
    const review = r.review ? r.review.status : "unreviewed";
    const title = `${r.event_date || "undated"} · ${r.sub_event_type || r.event_type || r.plover_type || "event"} · `
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
    const rad = Math.min(30, 11 + 3 * Math.log2(n));
    const g = svg("g", {
      class: `group${ids.includes(this.selected) ? " selected" : ""}`, tabindex: 0, role: "button",
      "aria-label": title, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
      dataset: { ids: ids.join(" "), count: String(n) },
    },
    svg("title", {}, title),
    svg("circle", { r: rad.toFixed(1) }),
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
