"""Status and attribution of an event from the sentence around its trigger."""

from __future__ import annotations

import pytest

from frontwire.extract.modality import assess
from frontwire.extract.time import find_times
from frontwire.extract.triggers import find_triggers


def _assess(nlp, text: str, published=None):  # type: ignore[no-untyped-def]
    sent = next(iter(nlp(text).sents))
    trigger = max(find_triggers(sent), key=lambda t: (t.event_type is not None, t.score))
    return assess(sent, trigger.head, find_times(sent, published), trigger.plover_type)


@pytest.mark.parametrize(("text", "status", "source"), [
    ("Militants attacked a police post in Kunduz, killing four officers.", "reported", None),
    ("The Defence Ministry said its forces shelled rebel positions near Idlib.", "claimed", "Defence Ministry"),
    ("According to the army, troops killed 12 insurgents in the clashes.", "claimed", "army"),
    ("Taliban spokesman Zabihullah Mujahid claimed the group attacked the checkpoint.", "claimed",
     "Taliban spokesman Zabihullah Mujahid"),
    ("The mayor said gunmen attacked the village overnight.", "reported", "mayor"),
    ("Witnesses said soldiers opened fire on the crowd.", "reported", "Witnesses"),
    ("The army denied that its troops had shelled the village.", "denied", "army"),
    ("The rebels threatened to attack the capital.", "threatened", None),
])
def test_status_and_source(nlp, text: str, status: str, source: str | None) -> None:  # type: ignore[no-untyped-def]
    m = _assess(nlp, text)
    assert (m.status, m.attributed_to) == (status, source)


def test_background_by_its_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    m = _assess(nlp, "Armenian forces shelled the town in the early 1990s.", date(2020, 9, 16))
    assert m.status == "historical"


def test_source_head_points_at_the_reporter(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hundreds of people protested in Kyiv on Thursday against a new law, police said."
    m = _assess(nlp, text)
    assert m.source_head == text.index("police")
