// The timeline: events (grey bars) and fatalities (red bars) per day, or per week / month when the span
// is too long for day bars to be seen. Drag across it to choose a date range (it becomes the
// since/until filter); a click without dragging clears the range.

import { clear, svg } from "./dom.js";

const DAY = 86400000;
const HEIGHT = 110;
const PAD = { left: 34, right: 34, top: 10, bottom: 22 };

export function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

export function isoDay(n) {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

function binOf(unit, day) {
  if (unit === "day") return day;
  if (unit === "week") return day - ((((day + 3) % 7) + 7) % 7); // Monday (day 0 was a Thursday)
  const d = new Date(day * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY;
}

function nextBin(unit, start) {
  if (unit === "day") return start + 1;
  if (unit === "week") return start + 7;
  const d = new Date(start * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY;
}

export class Timeline {
  constructor(svgNode, { onBrush }) {
    this.svg = svgNode;
    this.onBrush = onBrush;
    this.days = [];
    this.range = { since: null, until: null };
    this._interact();
    new ResizeObserver(() => this.draw()).observe(this.svg);
  }

  setData(byDay) {
    this.days = byDay.filter((d) => d.date).map((d) => ({ day: dayNumber(d.date), events: d.events, dead: d.fatalities }));
    this.draw();
  }

  setRange(since, until) {
    this.range = { since: since || null, until: until || null };
    this.draw();
  }

  _scale() {
    const w = this.svg.getBoundingClientRect().width || 800;
    if (!this.days.length) return null;
    let lo = Math.min(...this.days.map((d) => d.day));
    let hi = Math.max(...this.days.map((d) => d.day));
    const span = hi - lo;
    const unit = span <= 240 ? "day" : span <= 1500 ? "week" : "month";
    lo = binOf(unit, lo) - (unit === "day" ? 2 : 0);
    hi = nextBin(unit, binOf(unit, hi)) + (unit === "day" ? 2 : 0);
    const x = (day) => PAD.left + ((day - lo) / (hi - lo)) * (w - PAD.left - PAD.right);
    const day = (px) => lo + ((px - PAD.left) / (w - PAD.left - PAD.right)) * (hi - lo);
    return { w, lo, hi, unit, x, day };
  }

  draw() {
    clear(this.svg);
    const s = this._scale();
    this.svg.setAttribute("height", HEIGHT);
    if (!s) {
      this.svg.append(svg("text", { x: 12, y: 40, class: "empty" }, "no dated events"));
      return;
    }
    this.scale = s;
    const bins = new Map();
    for (const d of this.days) {
      const b = binOf(s.unit, d.day);
      const cur = bins.get(b) || { events: 0, dead: 0 };
      cur.events += d.events;
      cur.dead += d.dead;
      bins.set(b, cur);
    }
    const maxEvents = Math.max(1, ...[...bins.values()].map((b) => b.events));
    const maxDead = Math.max(1, ...[...bins.values()].map((b) => b.dead));
    const base = HEIGHT - PAD.bottom;
    const top = PAD.top;
    const hEv = (n) => ((base - top) * n) / maxEvents;
    const hDead = (n) => ((base - top) * n) / maxDead;
    const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
    const bars = svg("g", { class: "bars" });
    for (const [b, v] of sorted) {
      const x0 = s.x(b);
      const x1 = s.x(nextBin(s.unit, b));
      const label = `${isoDay(b)}${s.unit === "day" ? "" : ` (${s.unit})`}: ${v.events} events, ${v.dead} dead`;
      bars.append(svg("rect", {
        x: x0.toFixed(1), y: (base - hEv(v.events)).toFixed(1), width: Math.max(1, x1 - x0 - 1).toFixed(1),
        height: hEv(v.events).toFixed(1), dataset: { date: isoDay(b) },
      }, svg("title", {}, label)));
    }
    // Fatalities as a thinner red bar over the right half of each bin (their own scale, right axis).
    const dead = svg("g", { class: "dead" });
    for (const [b, v] of sorted) {
      if (!v.dead) continue;
      const x0 = s.x(b);
      const x1 = s.x(nextBin(s.unit, b));
      const width = Math.max(1, (x1 - x0 - 1) / 2);
      dead.append(svg("rect", { x: (x0 + width).toFixed(1), y: (base - hDead(v.dead)).toFixed(1), width: width.toFixed(1),
        height: hDead(v.dead).toFixed(1) }, svg("title", {}, `${isoDay(b)}: ${v.dead} dead`)));
    }
    this.svg.append(
      svg("line", { x1: PAD.left, x2: s.w - PAD.right, y1: base, y2: base, class: "axis" }),
      bars,
      dead,
      svg("text", { x: PAD.left, y: HEIGHT - 6, class: "tick" }, isoDay(s.lo)),
      svg("text", { x: s.w - PAD.right, y: HEIGHT - 6, class: "tick", "text-anchor": "end" }, isoDay(s.hi - 1)),
      svg("text", { x: s.w / 2, y: HEIGHT - 6, class: "tick", "text-anchor": "middle" },
        s.w < 560 ? "drag to choose dates" // a phone: the long caption would cover the end dates
          : `events (grey) and fatalities (red) per ${s.unit}; drag to choose dates`),
      svg("text", { x: PAD.left - 4, y: top + 8, class: "tick", "text-anchor": "end" }, String(maxEvents)),
      svg("text", { x: s.w - PAD.right + 4, y: top + 8, class: "tick dead-label" }, String(maxDead)),
    );
    if (this.range.since || this.range.until) {
      const a = this.range.since ? s.x(dayNumber(this.range.since)) : PAD.left;
      const b = this.range.until ? s.x(dayNumber(this.range.until) + 1) : s.w - PAD.right;
      this.svg.append(svg("rect", { class: "brush", x: Math.min(a, b), y: top - 4, width: Math.abs(b - a), height: base - top + 4 }));
    }
    this.live = svg("rect", { class: "brush live", x: 0, y: top - 4, width: 0, height: base - top + 4 });
    this.svg.append(this.live);
  }

  _interact() {
    let start = null;
    const px = (e) => e.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener("pointerdown", (e) => {
      if (!this.scale || e.button !== 0) return;
      start = px(e);
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (start === null || !this.live) return;
      const x = px(e);
      this.live.setAttribute("x", Math.min(start, x));
      this.live.setAttribute("width", Math.abs(x - start));
    });
    this.svg.addEventListener("pointerup", (e) => {
      if (start === null || !this.scale) return;
      const x = px(e);
      const a = Math.min(start, x);
      const b = Math.max(start, x);
      start = null;
      if (b - a < 3) {
        this.onBrush(null, null);
        return;
      }
      const s = this.scale;
      const since = Math.max(s.lo, Math.floor(s.day(a)));
      const until = Math.min(s.hi - 1, Math.floor(s.day(b)));
      this.onBrush(isoDay(since), isoDay(Math.max(since, until)));
    });
  }
}
