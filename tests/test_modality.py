"""Status and attribution of an event from the sentence around its trigger."""

from __future__ import annotations

import pytest

from frontwire.extract.modality import assess, is_negated
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


def _main_token(nlp, text: str):  # type: ignore[no-untyped-def]
    sent = next(iter(nlp(text).sents))
    trigger = min((t for t in find_triggers(sent) if t.event_type is not None), key=lambda t: t.span.start)
    return sent, trigger, next(t for t in sent if t.idx == trigger.head)


@pytest.mark.parametrize(("text", "negated"), [
    ("No arrests were reported in the town on Friday.", True),
    ("No one was detained during the search of the village.", True),
    ("Nobody was arrested after the march through the capital.", True),
    ("Police did not open fire on the crowd, a spokesman said.", True),
    ("Not a single shot was fired when soldiers entered the building.", True),
    ("Police did not make any arrests on Sunday.", True),
    ("Militants never attacked the base.", True),
    ("They crossed the river without firing.", True),
    # quantifiers are not negation
    ("No fewer than 20 people were killed in the attack.", False),
    ("Troops killed not only fighters but also their commanders.", False),
    ("Police arrested twelve people on Sunday.", False),
])
def test_negation(nlp, text: str, negated: bool) -> None:  # type: ignore[no-untyped-def]
    sent, trigger, token = _main_token(nlp, text)
    assert is_negated(token) is negated
    assert assess(sent, trigger.head, [], trigger.plover_type).negated is negated


@pytest.mark.parametrize(("text", "status"), [
    ("The rebels could attack the airport within days.", "threatened"),
    ("The group plans to attack government offices next week.", "threatened"),
    ("The insurgents might launch an attack on the capital.", "threatened"),
    ("The bomb would have killed dozens of people if it had exploded.", "threatened"),
    ("Troops will be deployed if the rebels attack the town.", "threatened"),
    # a modal on a verb that is not the event's own
    ("Police said they would investigate the killing of the journalist.", "reported"),
    ("Gunmen attacked the convoy when it reached the bridge.", "reported"),
])
def test_hypothetical_events_are_not_deeds(nlp, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    sent = next(iter(nlp(text).sents))
    trigger = max(find_triggers(sent), key=lambda t: (t.event_type is not None, t.score))
    assert assess(sent, trigger.head, [], trigger.plover_type).status == status


@pytest.mark.parametrize(("text", "habitual"), [
    ("The navy rarely comments on its raids along the coast.", True),
    ("Bandits routinely ambush lorries on the highway north of the town.", True),
    ("The air force often mounts operations targeting rebel camps in the hills.", True),
    ("Bandits ambushed two lorries on the highway on Friday.", False),
    ("Troops repeatedly shelled the village on Monday.", False),
])
def test_habitual_clauses_tell_no_event(nlp, text: str, habitual: bool) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.modality import is_habitual

    sent = next(iter(nlp(text).sents))
    heads = [t.head for t in find_triggers(sent) if t.event_type is not None]
    tokens = [tok for tok in sent if tok.idx in heads]
    assert tokens and any(is_habitual(tok) for tok in tokens) is habitual


@pytest.mark.parametrize(("text", "origin"), [
    ("The civil war was sparked by an army raid on a rebel camp, which killed 40 people.", True),
    ("A rebel ambush in 2019 set off the insurgency that still grips the north.", True),
    ("The ambush killed 40 soldiers and set the town on fire.", False),
    ("Rebels ambushed an army convoy on Tuesday, the army said.", False),
])
def test_the_event_that_set_off_a_war_is_background(nlp, text: str, origin: bool) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.modality import is_conflict_origin

    sent = next(iter(nlp(text).sents))
    heads = {t.head for t in find_triggers(sent) if t.event_type is not None}
    assert heads and any(is_conflict_origin(tok, sent) for tok in sent if tok.idx in heads) is origin
