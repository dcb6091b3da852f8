// The event panel: what was coded, from which sentences of which article, which other reports
// were merged into it and why, what reviewers did, and the review buttons and edit form.

import * as api from "./api.js";
import { clear, el, highlighted } from "./dom.js";
import { colour } from "./map.js";

const TIME_PRECISION = { 1: "day known", 2: "within a week or a short range", 3: "month or longer" };
const GEO_PRECISION = { 1: "the place itself", 2: "near the place, or part of a region", 3: "only the larger region" };
const NUMBER_FIELDS = new Set(["time_precision", "geo_precision", "fatalities", "deaths_actor1", "deaths_actor2",
  "deaths_civilians", "deaths_unknown", "geonames_id"]);
const VERB = { accept: "accepted", reject: "rejected", edit: "edited" };
const FLOAT_FIELDS = new Set(["latitude", "longitude"]);
const EDIT_FORM = [
  ["event_date", "Date", "date"], ["event_date_end", "End date", "date"],
  ["event_type", "Event type", "type"], ["sub_event_type", "Sub-event type", "subtype"],
  ["actor1", "Actor 1"], ["actor2", "Actor 2"], ["location", "Location"], ["admin1", "Admin 1"],
  ["country", "Country"], ["iso3", "ISO3"], ["latitude", "Latitude", "number"], ["longitude", "Longitude", "number"],
  ["geo_precision", "Geo precision (1-3)", "number"], ["fatalities", "Fatalities", "number"],
  ["deaths_actor1", "Dead of actor 1", "number"], ["deaths_actor2", "Dead of actor 2", "number"],
  ["deaths_civilians", "Civilians dead", "number"], ["deaths_unknown", "Dead, side unknown", "number"],
  ["status", "Status", "status"], ["attributed_to", "Attributed to"], ["notes", "Notes", "textarea"],
];

function row(label, value, edited, original) {
  if (value === null || value === undefined || value === "") return null;
  return [
    el("dt", {}, label),
    el("dd", { class: edited ? "edited" : null, title: edited ? `extracted: ${original ?? "(empty)"}` : null },
      value, edited ? el("span", { class: "tag" }, "edited") : null),
  ];
}

function actors(e) {
  const one = e.actor1 ? `${e.actor1}${e.actor1_iso3 ? ` (${e.actor1_iso3})` : ""}` : null;
  const two = e.actor2 ? `${e.actor2}${e.actor2_iso3 ? ` (${e.actor2_iso3})` : ""}` : null;
  return [one, two].filter(Boolean).join(" → ");
}

function place(e) {
  const names = [e.location, e.admin2, e.admin1, e.country].filter((v, i, a) => v && a.indexOf(v) === i).join(", ");
  const coords = e.latitude !== null && e.longitude !== null ? ` (${e.latitude.toFixed(3)}, ${e.longitude.toFixed(3)})` : "";
  const precision = GEO_PRECISION[e.geo_precision] ? ` — precision ${e.geo_precision}: ${GEO_PRECISION[e.geo_precision]}` : "";
  return names ? `${names}${coords}${precision}` : null;
}

function when(e) {
  if (!e.event_date) return "date unknown";
  const span = e.event_date_end && e.event_date_end !== e.event_date ? `${e.event_date} to ${e.event_date_end}` : e.event_date;
  const precision = TIME_PRECISION[e.time_precision] ? ` — precision ${e.time_precision}: ${TIME_PRECISION[e.time_precision]}` : "";
  return `${span}${precision}`;
}

function deathsBySide(e) {
  const parts = [
    ["actor 1", e.deaths_actor1], ["actor 2", e.deaths_actor2], ["civilians", e.deaths_civilians], ["unknown side", e.deaths_unknown],
  ].filter(([, n]) => n !== null && n !== undefined).map(([who, n]) => `${who}: ${n}`);
  return parts.length ? parts.join("; ") : null;
}

function changeText(name, change) {
  const show = (v) => (v === null || v === undefined || v === "" ? "(empty)" : String(v));
  if (name === "review") return `${show(change.old)} → ${show(change.new)}`;
  return `${name}: ${show(change.old)} → ${show(change.new)}`;
}

export class Panel {
  constructor(node, { meta, onClose, onChanged, status }) {
    this.node = node;
    this.meta = meta;
    this.onClose = onClose;
    this.onChanged = onChanged;
    this.status = status;
    this.detail = null;
  }

  async open(id) {
    const detail = await api.get(`/api/events/${encodeURIComponent(id)}`);
    this.detail = detail;
    await this.render();
  }

  async render() {
    const d = this.detail;
    const e = d.event;
    const x = d.extracted;
    const edited = new Set(d.review.edited);
    const isEdited = (k) => edited.has(k);
    const heading = e.sub_event_type || e.event_type || e.plover_type || "event";
    // Hold the height while the sources load: on a phone the page scrolls, and a panel emptied for
    // a moment would pull the page up, away from the review buttons just pressed.
    this.node.style.minHeight = this.node.hidden ? "" : `${this.node.offsetHeight}px`;
    clear(this.node);
    this.node.hidden = false;
    this.node.dataset.id = e.cluster_id;
    this.node.append(
      el("div", { class: "panel-head" },
        el("button", { type: "button", class: "close", onclick: () => this.onClose(), title: "Back to the list" }, "← list"),
        el("span", { class: "swatch", dataset: { type: e.event_type || "" } }),
        el("h2", {}, heading),
        el("span", { class: `badge review-${d.review.status}`, id: "review-status" }, d.review.status)),
      this.reviewSection(d),
      el("dl", { class: "fields" },
        row("When", when(e), isEdited("event_date") || isEdited("event_date_end"), x.event_date),
        row("Type", [e.event_type, e.sub_event_type].filter(Boolean).join(" / ") || "not an ACLED event type",
          isEdited("event_type") || isEdited("sub_event_type"), x.sub_event_type),
        row("PLOVER", e.plover_type, isEdited("plover_type"), x.plover_type),
        row("Actors", actors(e), ["actor1", "actor2", "actor1_iso3", "actor2_iso3"].some(isEdited), actors(x)),
        row("Where", place(e), ["location", "admin1", "admin2", "country", "latitude", "longitude", "geo_precision"]
          .some(isEdited), place(x)),
        row("Fatalities", `${e.fatalities}${d.reports.length > 1 ? ` (${e.fatalities_rule})` : ""}`,
          isEdited("fatalities"), x.fatalities),
        row("By side", deathsBySide(e), ["deaths_actor1", "deaths_actor2", "deaths_civilians", "deaths_unknown"]
          .some(isEdited), deathsBySide(x)),
        row("Status", e.status, isEdited("status"), x.status),
        row("Claimed by", e.attributed_to, isEdited("attributed_to"), x.attributed_to),
        row("Reports", d.reports.length === 1 ? "1 (no other report merged)" : `${d.reports.length} merged`, false),
        row("Confidence", typeof e.confidence === "number" ? e.confidence.toFixed(2) : null, false),
        row("Notes", e.notes, isEdited("notes"), x.notes)),
    );
    this.node.querySelector(".swatch").style.background = colour(e.event_type);
    this.node.append(await this.reportsSection(d), this.mergesSection(d), this.historySection(d));
    this.node.style.minHeight = "";
    this.scrollToEvidence();
  }

  reviewSection(d) {
    const message = el("p", { class: "review-message", role: "alert" });
    const act = async (action, changes) => {
      if (!api.token()) {
        message.textContent = "Paste a reviewer token in the Token field first (frontwire token create NAME).";
        return;
      }
      const comment = this.node.querySelector("#review-comment").value.trim() || null;
      try {
        this.detail = await api.send("PATCH", `/api/events/${encodeURIComponent(d.event.cluster_id)}`,
          { action, changes: changes || null, comment });
        await this.render();
        this.status(`${action} saved`);
        this.onChanged(this.detail);
      } catch (err) {
        message.textContent = `Not saved (HTTP ${err.status || "error"}): ${err.message}`;
      }
    };
    const form = this.editForm(d, (changes) => act("edit", changes));
    return el("section", { class: "review", "aria-label": "Review" },
      el("div", { class: "buttons" },
        el("button", { type: "button", id: "accept", onclick: () => act("accept") }, "Accept"),
        el("button", { type: "button", id: "reject", onclick: () => act("reject") }, "Reject"),
        el("button", { type: "button", id: "edit", onclick: () => { form.hidden = !form.hidden; } }, "Edit…")),
      el("label", { class: "comment" }, "Comment ", el("input", { id: "review-comment", maxlength: 2000, size: 30 })),
      message,
      form);
  }

  editForm(d, submit) {
    const e = d.event;
    const fields = EDIT_FORM.map(([name, label, kind]) => {
      const value = e[name] === null || e[name] === undefined ? "" : String(e[name]);
      let input;
      if (kind === "type") {
        input = el("select", { name }, el("option", { value: "" }, "(none: not an ACLED event)"),
          Object.keys(this.meta.event_types).map((t) => el("option", { value: t, selected: t === value }, t)));
      } else if (kind === "subtype") {
        input = el("select", { name }, el("option", { value: "" }, "(none)"),
          Object.entries(this.meta.event_types).map(([t, subs]) => el("optgroup", { label: t },
            subs.map((s) => el("option", { value: s, selected: s === value }, s)))));
      } else if (kind === "status") {
        input = el("select", { name }, this.meta.statuses.map((s) => el("option", { value: s, selected: s === value }, s)));
      } else if (kind === "textarea") {
        input = el("textarea", { name, rows: 3 }, value);
      } else {
        input = el("input", { name, value, type: kind === "number" ? "number" : kind === "date" ? "date" : "text",
          step: FLOAT_FIELDS.has(name) ? "any" : null });
      }
      return el("label", {}, el("span", {}, label), input);
    });
    const form = el("form", { class: "edit", hidden: true }, fields, el("button", { type: "submit" }, "Save edit"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const changes = {};
      for (const [name] of EDIT_FORM) {
        const raw = form.elements[name].value.trim();
        let value = raw === "" ? null : raw;
        if (value !== null && NUMBER_FIELDS.has(name)) value = Number.parseInt(value, 10);
        if (value !== null && FLOAT_FIELDS.has(name)) value = Number.parseFloat(value);
        const current = e[name] === undefined ? null : e[name];
        if (value !== current && !(value === null && current === "")) changes[name] = value;
      }
      if (Object.keys(changes).length) submit(changes);
    });
    return form;
  }

  historySection(d) {
    const items = d.history.map((rev) => el("li", {},
      el("time", {}, rev.at.replace("T", " ").slice(0, 19)), " ", el("b", {}, rev.reviewer), " ",
      VERB[rev.action] || rev.action,
      Object.entries(rev.changes).map(([k, v]) => el("div", { class: "change" }, changeText(k, v))),
      rev.comment ? el("div", { class: "comment" }, `“${rev.comment}”`) : null));
    return el("section", { class: "history" }, el("h3", {}, "History"),
      items.length ? el("ol", {}, items) : el("p", { class: "muted" }, "Not reviewed yet. The extraction below is as the machine coded it."));
  }

  async reportsSection(d) {
    const section = el("section", { class: "reports" }, el("h3", {}, `Sources (${d.reports.length})`));
    const texts = new Map();
    for (const [i, report] of d.reports.entries()) {
      const a = report.article || {};
      const label = [a.title || a.source || report.source || `article ${report.article_id.slice(0, 8)}`,
        a.published || report.published]
        .filter(Boolean).join(" · ");
      const body = el("div", { class: "article-text", dataset: { article: report.article_id } });
      const box = el("details", { class: "report", open: i === 0 || report.representative },
        el("summary", {}, label, report.representative ? el("span", { class: "tag" }, "representative") : null),
        report.url || a.url ? el("p", {}, el("a", { href: report.url || a.url, rel: "noopener noreferrer", target: "_blank" },
          report.url || a.url)) : null,
        el("p", { class: "muted" }, `${report.evidence.length} supporting sentence(s) highlighted; report says ${report.fatalities} dead`),
        body);
      section.append(box);
      try {
        if (!texts.has(report.article_id)) texts.set(report.article_id, api.get(`/api/articles/${encodeURIComponent(report.article_id)}`));
        const article = await texts.get(report.article_id);
        body.append(highlighted(article.text, report.evidence));
      } catch (err) {
        // The evidence sentences are in the event itself: show them even without the article.
        body.append(el("p", { class: "muted" }, `article not available (${err.message}); the supporting sentences:`),
          report.evidence.map((ev) => el("p", {}, el("mark", { class: "evidence" }, ev.text))));
      }
    }
    return section;
  }

  mergesSection(d) {
    if (!d.merges.length) return el("section", { class: "merges" });
    return el("section", { class: "merges" }, el("h3", {}, "Why these reports were merged"),
      el("ul", {}, d.merges.map((m) => el("li", {},
        `${m.event_id} joined through ${m.matched_event_id} (score ${Number(m.score).toFixed(2)}): `,
        Object.entries(m.reasons || {}).map(([k, v]) => `${k.replaceAll("_", " ")} ${typeof v === "object" ? JSON.stringify(v) : v}`)
          .join("; ")))));
  }

  /** Scroll each open article to its first highlighted sentence (inside the article box: the
   * panel itself stays at the top, with the coded fields and the review buttons in view). */
  scrollToEvidence() {
    for (const box of this.node.querySelectorAll("details[open] .article-text")) {
      const mark = box.querySelector("mark.evidence");
      if (mark) box.scrollTop = Math.max(0, mark.offsetTop - 40); // the box is positioned: offsets are inside it
    }
  }
}
