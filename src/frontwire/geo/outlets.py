"""Where an outlet reports from: the states and countries that its other reports name.

A local paper names the places of its own area over and over, and seldom says which state they
are in: "Lebanon schedules spring clean-up" in an Indiana paper is Lebanon, Indiana; "Paris
firefighters" in an East Texas one is Paris, Texas. Lieberman, Samet and Sankaranarayanan
(2010) call what a reader of such a paper knows its "local lexicon". The resolver hears it as a
prior (`resolve_toponyms(..., locale=...)`): votes for the states and countries that many of the
outlet's other reports name, weaker than anything the report itself says (a container, its own
names), so that "Paris, France" in the same paper stays in France.

The locale is learnt from the outlet's reports, not from any list: each report names a set of
(country, state) areas (a place's country and admin1, a country on its own); an area named by
at least MIN_SHARE of the outlet's reports is in its locale, with that share. An outlet with
fewer than MIN_REPORTS reports has no locale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..model import Toponym

MIN_REPORTS = 3  # an outlet's reports needed before its locale says anything
MIN_SHARE = 0.3  # the share of them that must name an area

Locale = Mapping[tuple[str, str], float]  # (iso3, admin1 or "") -> share of the outlet's reports


def areas_named(toponyms: Sequence[Toponym]) -> frozenset[tuple[str, str]]:
    """The (country, state) areas of a report's resolved toponyms: (iso3, admin1) for a place
    in a state, (iso3, "") for a country named on its own."""
    return frozenset((t.place.iso3, t.place.admin1 or "") for t in toponyms if t.place is not None and t.place.iso3)


def outlet_locale(reports: Iterable[frozenset[tuple[str, str]]]) -> dict[tuple[str, str], float]:
    """The locale of an outlet from the areas each of its reports names (`areas_named`)."""
    counts: Counter[tuple[str, str]] = Counter()
    n = 0
    for areas in reports:
        n += 1
        counts.update(areas)
    return _locale(counts, n)


def leave_one_out(reports: Sequence[frozenset[tuple[str, str]]]) -> list[dict[tuple[str, str], float]]:
    """For each report of one outlet, the locale learnt from the outlet's other reports (a
    report's own names must not vote for their own readings twice)."""
    total: Counter[tuple[str, str]] = Counter()
    for areas in reports:
        total.update(areas)
    return [_locale(total - Counter(areas), len(reports) - 1) for areas in reports]


def _locale(counts: Mapping[tuple[str, str], int], n: int) -> dict[tuple[str, str], float]:
    """The areas named by at least MIN_SHARE of `n` reports, with their shares; none under
    MIN_REPORTS reports."""
    if n < MIN_REPORTS:
        return {}
    return {area: c / n for area, c in counts.items() if c / n >= MIN_SHARE}


def by_outlet(sources: Sequence[str | None], reports: Sequence[frozenset[tuple[str, str]]]) -> list[Locale]:
    """The leave-one-out locale of each report, grouped by its outlet (None: no outlet, no locale)."""
    groups: dict[str, list[int]] = {}
    for i, source in enumerate(sources):
        if source:
            groups.setdefault(source, []).append(i)
    out: list[Locale] = [{} for _ in reports]
    for members in groups.values():
        for i, locale in zip(members, leave_one_out([reports[i] for i in members]), strict=True):
            out[i] = locale
    return out
