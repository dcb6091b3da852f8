"""`frontwire events show ID` in words: a cluster's fields, its reports with their evidence, why
each was merged and how the toll was chosen."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

# ACLED's precision codes, in words.
TIME_PRECISION = {1: "the day is known", 2: "within a week or a short range", 3: "a month or a longer range"}
GEO_PRECISION = {1: "the place itself", 2: "near the place, or a part of a region", 3: "only a larger region"}


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))


def readable(value: Any) -> str:
    """A merge reason (or any JSON value) in words: {"km_apart": 3.2, "same_place": true} ->
    'km apart: 3.2; same place: yes'."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{_words(k)}: {readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(readable(v) for v in value) if value else "-"
    return str(value)


def _extracted(detail: Mapping[str, Any], rep: Mapping[str, Any], name: str) -> Any:
    """An edited field's value as extracted: the cluster row's (its toll, its copies of the
    representative's fields) or else the representative report's."""
    return detail[name] if name in detail else rep.get(name)


def _words(key: object) -> str:
    return str(key).replace("_", " ")


def _place(r: Mapping[str, Any]) -> str:
    parts = (r.get("location"), r.get("admin2"), r.get("admin1"), r.get("country"))
    names = list(dict.fromkeys(p for p in parts if p))
    return ", ".join(names) or "-"


def _when(r: Mapping[str, Any]) -> str:
    start, end = r.get("event_date"), r.get("event_date_end")
    text = start or "unknown date"
    if start and end and end != start:
        text += f" to {end}"
    return text


def _toll(r: Mapping[str, Any]) -> str:
    sides = [(label, r.get(f"deaths_{label}")) for label in ("actor1", "actor2", "civilians", "unknown")]
    known = ", ".join(f"{label} {n}" for label, n in sides if n is not None)
    return f"{r.get('fatalities')}" + (f" ({known})" if known else "")


def _source(r: Mapping[str, Any]) -> str:
    parts = [r.get("source") or "unknown source"]
    if r.get("published"):
        parts.append(f"published {r['published']}")
    if r.get("url"):
        parts.append(str(r["url"]))
    return ", ".join(parts)


def _wrap(label: str, text: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=f"      {label:<10}", subsequent_indent=" " * 16,
                         break_long_words=False, break_on_hyphens=False)


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, width=100, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)


def explain_cluster(detail: Mapping[str, Any]) -> str:
    """`frontwire events show`: the cluster's fields, then each report with its source, date,
    place, toll and evidence, and why it was merged (the dedup score and its reasons)."""
    reports: list[Mapping[str, Any]] = list(detail.get("reports") or [])
    merges = {m["event_id"]: m for m in detail.get("merges") or []}
    representative = next((r for r in reports if r.get("event_id") == detail.get("representative_id")), None)
    rep: Mapping[str, Any] = representative or detail
    kind = ": ".join(k for k in (detail.get("event_type"), detail.get("sub_event_type")) if k)
    n_reports = detail.get("n_reports", len(reports))
    lines = [f"cluster {detail['cluster_id']}: {n_reports} report(s) of one event"]

    def field(label: str, text: str) -> None:
        lines.append(f"  {label:<12}{text}")

    field("what", f"{kind or 'no ACLED type'} ({rep.get('plover_type', '-')})")
    tp = rep.get("time_precision")
    field("when", _when(rep) + (f" (time precision {tp}: {TIME_PRECISION.get(tp, '?')})" if tp else ""))
    where = _place(rep)
    if detail.get("latitude") is not None and detail.get("longitude") is not None:
        where += f" at {float(detail['latitude']):.4f}, {float(detail['longitude']):.4f} (lat, lon)"
    gp = rep.get("geo_precision")
    field("where", where + (f" (geo precision {gp}: {GEO_PRECISION.get(gp, '?')})" if gp else ""))
    field("who", " → ".join(a for a in (detail.get("actor1"), detail.get("actor2")) if a) or "-")
    field("status", str(detail.get("status")) + (f", attributed to {rep['attributed_to']}"
                                                if rep.get("attributed_to") else ""))
    field("dead", f"{detail.get('fatalities')}")
    field("represented", f"by report {detail.get('representative_id')}"
                         + (f" ({_source(representative)})" if representative else " (not stored)"))
    if rep.get("notes"):
        field("notes", str(rep["notes"]))
    review = detail.get("review")
    if review and review.get("revisions"):
        edits: Mapping[str, Any] = detail.get("edits") or {}
        field("review", f"{review['status']}; {review['revisions']} revision(s), the last by "
                        f"{review['reviewer']} at {review['at']}")
        if edits:  # what a reviewer changed, beside the extracted value (the exports carry the new one)
            field("edited", "; ".join(f"{_words(k)} {readable(v)} (extracted: {readable(_extracted(detail, rep, k))})"
                                      for k, v in sorted(edits.items())))

    figures = ", ".join(f"{r.get('fatalities')} ({r.get('event_id')}, {r.get('source') or '?'}"
                        f"{', ' + str(r['published']) if r.get('published') else ''})" for r in reports)
    rule = detail.get("fatalities_rule")
    lines += ["", *_paragraph(f"The toll: {detail.get('fatalities')} dead. How it was chosen: {rule}"),
              *_paragraph(f"The reports' own figures: {figures or 'none stored'}."),
              "", f"Reports ({len(reports)}):"]
    for i, r in enumerate(reports, 1):
        mark = "  (representative)" if r.get("event_id") == detail.get("representative_id") else ""
        lines.append(f"  [{i}] {r.get('event_id')}{mark}")
        lines.append(_wrap("source", _source(r)))
        kind_of = r.get("sub_event_type") or r.get("plover_type")
        lines.append(_wrap("event", f"{_when(r)} at {_place(r)}; {kind_of}; status {r.get('status')}"))
        lines.append(_wrap("dead", _toll(r)))
        for ev in r.get("evidence") or []:
            lines.append(_wrap("evidence", f"\u201c{ev['text']}\u201d [chars {ev['start']}-{ev['end']}]"))
        merge = merges.get(r.get("event_id"))
        if merge is None:
            lines.append(_wrap("merged", "the cluster's first report: the others were merged into it"
                                         if len(reports) > 1 else "the only report of this event"))
            continue
        reasons = merge["reasons"]
        lines.append(_wrap("merged", f"with report {merge['matched_event_id']}, score {_number(merge['score'])}"
                                     + (", because:" if isinstance(reasons, Mapping) else f": {readable(reasons)}")))
        if isinstance(reasons, Mapping):  # the comparator's reasons, one a line
            lines += [_wrap("", f"  {_words(k)}: {readable(v)}") for k, v in reasons.items()]
    return "\n".join(lines) + "\n"
