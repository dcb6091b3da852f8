"""Do two reports' actors contradict each other?

Outlets name the same actors differently and often leave one side out, so missing or unnamed
actors ("Unidentified Armed Group (Mali)", "Civilians", "Military Forces" with no country) never
contradict. Named actors do: a report whose actor1 is the forces of Armenia and one whose
actor1 is the forces of Azerbaijan describe two attacks, unless the roles are swapped - the
same exchange of fire told from each side, where one report's actor1 is the other's actor2.
State bodies of one country (military, police, government) count as one side: outlets disagree
on which body acted more often than on whose side it was (dedup/actor_sides.yaml).
"""

from __future__ import annotations

from .lexicon import Lexicon


def actor_key(name: str | None, lexicon: Lexicon) -> str | None:
    """The side an actor name names, or None for a missing or unnamed actor.

    "Military Forces of Armenia" -> "state:armenia"; "Taliban" -> "named:taliban";
    "Civilians (Mali)", "Unidentified Armed Group", None -> None."""
    if not name:
        return None
    folded = " ".join(name.casefold().split())
    if not folded or folded in lexicon.unnamed_actors:
        return None
    for pattern, is_state in lexicon.actor_templates:
        match = pattern.match(folded)
        if match:
            return f"state:{match.group(1)}" if is_state else None
    return f"named:{folded}"


def _fits(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def actor_agreement(a1: str | None, a2: str | None, b1: str | None, b2: str | None) -> tuple[float, str] | None:
    """How far two reports' actor keys (from `actor_key`) agree: (closeness 0..1, reason), or
    None when they contradict. Both alignments are tried - as given and with one report's roles
    swapped - and the one with more named actors in common wins; a swap must be supported by at
    least one named actor, or any two one-sided reports would "match" by swapping."""
    best: tuple[float, str] | None = None
    if _fits(a1, b1) and _fits(a2, b2):
        same1 = a1 is not None and a1 == b1
        same2 = a2 is not None and a2 == b2
        if same1 and same2:
            return 1.0, "same actor1 and actor2"
        if same1 or same2:
            return 0.75, "same actor1" if same1 else "same actor2"
        best = (0.5, "no named actor in common, none contradicting")
    if _fits(a1, b2) and _fits(a2, b1):
        cross1 = a1 is not None and a1 == b2
        cross2 = a2 is not None and a2 == b1
        if cross1 and cross2:
            return 1.0, "actor1 and actor2 swapped (each side's account)"
        if cross1 or cross2:
            return 0.75, "one's actor1 is the other's actor2 (roles swapped)"
    return best
