// The counts view: for the page's filters, events and deaths by event type, country, first-level
// region, actor and month (GET /api/stats), and a chart of events per month stacked by event type
// in the map's colours. The stacks come from the same request (by=month_type); events without
// an ACLED type are drawn as "other".

import * as api from "./api.js";
import { clear, el, svg } from "./dom.js";
import { OTHER_COLOUR, TYPE_COLOURS, colour } from "./map.js";

const BY = "month,type,country,admin1,actor,month_type";
const ROWS = 10; // rows of a table shown before "all N"
const CHART = { height: 170, left: 30, right: 8, top: 10, bottom: 30 };

const TABLES = [
  { by: "type", title: "By event type", name: (r) => r.event_type || "other (no ACLED type)", filter: (r) => r.event_type && { type: r.event_type } },
  { by: "country", title: "By country", name: (r) => (r.iso3 ? `${r.country || r.iso3} (${r.iso3})` : "country unknown"), filter: (r) => r.iso3 && { country: r.iso3 } },
  { by: "admin1", title: "By first-level region", name: (r) => `${r.admin1 || "region unknown"}${r.iso3 ? `, ${r.iso3}` : ""}`, filter: () => null },
  { by: "actor", title: "By actor (an event counts for each of its two actors)", name: (r) => r.actor || "actor unknown", filter: (r) => r.actor && { actor: r.actor } },
  { by: "month", title: "By month", name: (r) => r.month, filter: () => null },
];

function key(by, row) {
  if (by === "admin1") return `${row.iso3 || ""}/${row.admin1 || ""}`;
  if (by === "type") return row.event_type || "";
  if (by === "country") return row.iso3 || "";
  return row[by] || "";
}

export class Counts {
  /** `onFilter(filters)`: a table's name was clicked; add these filters (type, country, actor). */
  constructor(node, { onFilter }) {
    this.node = node;
    this.onFilter = onFilter;
    this.seq = 0;
    this.open = new Set(); // tables shown whole
  }

  /** Fetch and draw the counts for these API parameters. */
  async load(params) {
    const seq = ++this.seq;
    const stats = await api.get("/api/stats", { ...params, by: BY });
    const series = this._series(stats);
    if (seq !== this.seq) return; // a newer load is on its way
    this.render(stats, series);
    this.node.dataset.loaded = String(seq);
  }

  /** Events per month for each event type: [{type, colour, months: Map(month -> events)}]. */
  _series(stats) {
    const byType = new Map();
    for (const r of stats.by_month_type) {
      const type = r.event_type || "other";
      if (!byType.has(type)) byType.set(type, { type, colour: r.event_type ? colour(r.event_type) : OTHER_COLOUR, months: new Map() });
      byType.get(type).months.set(r.month, r.events);
    }
    const order = [...Object.keys(TYPE_COLOURS), "other"];
    return [...byType.values()].sort((a, b) => (order.indexOf(a.type) + 1 || 99) - (order.indexOf(b.type) + 1 || 99));
  }

  render(stats, series) {
    this.last = [stats, series];
    const node = clear(this.node);
    const undated = stats.undated ? `, ${stats.undated} with the date unknown` : "";
    node.append(el("p", { class: "totals" }, `${stats.events} event${stats.events === 1 ? "" : "s"}, ${stats.fatalities} dead${undated}`));
    node.append(el("h3", {}, "Events per month, by type"));
    node.append(this._chart(stats.by_month.map((m) => m.month), series));
    for (const table of TABLES) {
      const rows = [...(stats[`by_${table.by}`] || [])];
      if (table.by === "month" && stats.undated) rows.push({ month: "date unknown", events: stats.undated, fatalities: null, undated: true });
      node.append(el("h3", {}, table.title), ...this._table(table, rows));
    }
  }

  _table(table, rows) {
    const whole = this.open.has(table.by);
    const shown = whole ? rows : rows.slice(0, ROWS);
    const body = shown.map((r) => {
      const filter = table.filter(r);
      const name = table.name(r);
      let cell = filter ? el("button", { type: "button", title: "filter on this", onclick: () => this.onFilter(filter) }, name) : name;
      if (table.by === "type") {
        const swatch = el("span", { class: "swatch" });
        swatch.style.background = colour(r.event_type);
        cell = [swatch, cell];
      }
      return el("tr", { dataset: { key: r.undated ? "" : key(table.by, r) } },
        el("td", { class: "name" }, cell),
        el("td", { class: "events" }, String(r.events)),
        el("td", { class: "dead" }, r.fatalities === null ? "" : String(r.fatalities)));
    });
    if (!rows.length) body.push(el("tr", {}, el("td", { colspan: 3, class: "muted" }, "none")));
    const out = [el("table", { class: "counts", dataset: { by: table.by } },
      el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "events"), el("th", {}, "dead"))),
      el("tbody", {}, body))];
    if (rows.length > ROWS) {
      out.push(el("button", {
        type: "button", class: "counts-more",
        onclick: () => { if (whole) this.open.delete(table.by); else this.open.add(table.by); this._redraw(); },
      }, whole ? `first ${ROWS}` : `all ${rows.length}`));
    }
    return out;
  }

  _redraw() {
    if (this.last) this.render(...this.last);
  }

  /** Stacked bars: one group per month (every month from the first to the last, empty ones too),
   * a rect per event type in the map's colours. */
  _chart(monthsWithEvents, series) {
    const width = Math.max(280, this.node.clientWidth - 24 || 420);
    const chart = svg("svg", { id: "month-chart", viewBox: `0 0 ${width} ${CHART.height}`, role: "img",
      "aria-label": "events per month, stacked by event type" });
    if (!monthsWithEvents.length) {
      chart.append(svg("text", { x: CHART.left, y: 40, class: "tick" }, "no dated events"));
      return chart;
    }
    const months = monthRange(monthsWithEvents[0], monthsWithEvents[monthsWithEvents.length - 1]);
    const totals = months.map((m) => series.reduce((s, x) => s + (x.months.get(m) || 0), 0));
    const max = Math.max(1, ...totals);
    const base = CHART.height - CHART.bottom;
    const step = (width - CHART.left - CHART.right) / months.length;
    const barW = Math.max(1, Math.min(40, step * 0.8));
    const scale = (n) => ((base - CHART.top) * n) / max;
    chart.append(svg("line", { class: "axis", x1: CHART.left, x2: width - CHART.right, y1: base, y2: base }),
      svg("text", { class: "tick", x: CHART.left - 4, y: CHART.top + 8, "text-anchor": "end" }, String(max)),
      svg("text", { class: "tick", x: CHART.left - 4, y: base, "text-anchor": "end" }, "0"));
    const every = Math.ceil(months.length / Math.max(1, Math.floor((width - CHART.left) / 56)));
    months.forEach((month, i) => {
      const x = CHART.left + i * step + (step - barW) / 2;
      let y = base;
      const parts = series.filter((s) => s.months.get(month)).map((s) => {
        const n = s.months.get(month);
        const hgt = scale(n);
        y -= hgt;
        return svg("rect", { x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: Math.max(0.5, hgt).toFixed(1),
          fill: s.colour, dataset: { type: s.type, events: String(n) } }, svg("title", {}, `${month}: ${n} ${s.type}`));
      });
      chart.append(svg("g", { class: "month", dataset: { month, events: String(totals[i]) } },
        svg("title", {}, `${month}: ${totals[i]} events`), parts));
      if (i % every === 0) {
        chart.append(svg("text", { class: "tick", x: (x + barW / 2).toFixed(1), y: base + 14, "text-anchor": "middle" }, month));
      }
    });
    return chart;
  }
}

/** Every month from `first` to `last` ("YYYY-MM"), both included. */
export function monthRange(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [y1, m1] = last.split("-").map(Number);
  while ((y < y1 || (y === y1 && m <= m1)) && out.length < 1200) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}
