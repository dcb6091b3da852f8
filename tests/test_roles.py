"""Who did it to whom: actor mentions assigned to a trigger's roles by the dependency parse."""

from __future__ import annotations

import pytest

from frontwire.extract.actors import find_actors
from frontwire.extract.roles import assign_roles, pronoun_subject
from frontwire.extract.triggers import find_triggers


def _roles(nlp, text: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    trigger = max(find_triggers(sent), key=lambda t: (t.event_type is not None, t.score))
    a1, a2 = assign_roles(doc, trigger.head, find_actors(sent))
    return (a1.name if a1 else None, a2.name if a2 else None)


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    ("On July 12, Armenian forces shelled Azerbaijan’s positions in Tovuz.",
     "Military Forces of Armenia", "Military Forces of Azerbaijan"),
    ("Eight drones of the Armenian armed forces were destroyed by the Azerbaijani Air Defense units.",
     "Military Forces of Azerbaijan", "Military Forces of Armenia"),
    ("Malian soldiers clashed with jihadists near Gao on Monday.",
     "Military Forces of Mali", "Unidentified Armed Group (Mali)"),
    ("Kenyan police fired tear gas at protesters in Nairobi.", "Police Forces of Kenya", "Protesters (Kenya)"),
    # the dead peacekeepers are victims, not the bombers
    ("A roadside bomb hit a UN convoy near Gao, killing two Egyptian peacekeepers.", None, "United Nations"),
])
def test_initiator_and_target(nlp, text: str, actor1: str | None, actor2: str | None) -> None:  # type: ignore[no-untyped-def]
    assert _roles(nlp, text) == (actor1, actor2)


def test_pronoun_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ukraine's air force said it shot down 18 drones overnight.")
    assert pronoun_subject(doc, doc.text.index("shot"))
    doc = nlp("Ukraine's air force said Russian forces launched 25 drones overnight.")
    assert not pronoun_subject(doc, doc.text.index("launched"))
