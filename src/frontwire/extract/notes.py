"""The ACLED-style `notes` sentence, generated from an event's own fields.

ACLED notes read "On 12 July 2020, Military Forces of Armenia shelled positions of ... in Tovuz
(Tovuz, Azerbaijan). 13 fatalities." We say the same from the record, plus who claims it and,
for a date that could not be resolved, the date text as written.
"""

from __future__ import annotations

from datetime import date

from ..model import Event

_PRECISION_WORDS = {1: "On", 2: "Around", 3: "In"}


def _when(event: Event, undated_text: str | None) -> str:
    if event.event_date is None:
        return f"On an unresolved date ({undated_text!r}, no publication date)" if undated_text else \
            "On an unknown date"
    start = date.fromisoformat(event.event_date)
    if event.time_precision == 3 and event.event_date_end and event.event_date_end != event.event_date:
        end = date.fromisoformat(event.event_date_end)
        if start.year == end.year and start.month == end.month and start.day == 1:
            return f"In {start:%B %Y}"
        return f"Between {start.day} {start:%B %Y} and {end.day} {end:%B %Y}"
    if event.event_date_end and event.event_date_end != event.event_date:
        end = date.fromisoformat(event.event_date_end)
        return f"Between {start.day} {start:%B %Y} and {end.day} {end:%B %Y}"
    return f"{_PRECISION_WORDS.get(event.time_precision or 1, 'On')} {start.day} {start:%B %Y}"


def write_notes(event: Event, speaker: str | None, trigger_text: str, undated_text: str | None) -> str:
    """One or two sentences summarising `event` from its fields."""
    who = event.actor1 or "unidentified actors"
    if speaker and speaker not in who:
        who = f"{speaker} ({who})" if event.actor1 else speaker
    what = event.sub_event_type or event.plover_type.lower()
    target = f" against {event.actor2}" if event.actor2 else ""
    where = ""
    if event.location:
        parts = [p for p in (event.location, event.admin1, event.country) if p]
        seen: list[str] = []
        for p in parts:
            if p not in seen:
                seen.append(p)
        where = " in " + ", ".join(seen)
    text = f"{_when(event, undated_text)}, {who}: {what} ('{trigger_text}'){target}{where}."
    if event.fatalities:
        text += f" {event.fatalities} fatalities."
    if event.status == "claimed" and event.attributed_to:
        text += f" Claimed by {event.attributed_to}."
    elif event.status != "reported":
        text += f" Status: {event.status}."
    return text
