"""Candidate pairs without comparing every report with every other one.

Each report goes into buckets keyed by a day and a place: a grid cell at least as wide as the
radius (0.25 degrees, ~28 km, for 25 km; 0.5 for 50 km) for a located report; its country and
its admin1 area for a coarse one (geo_precision 3).
Buckets are kept per class - status group and type group (reports of incompatible types are
never compared), date tolerance, radius. A report is filed under every day of its date range
widened by its class's tolerance, so a query reads only the days of its own range (widened by
what its own tolerance exceeds the class's: together exactly the wider tolerance of the two,
the date gate) and the cells within the wider radius of the two. Reports are taken in date
order and filed after their own query, so each pair is looked at once, and the buckets of
days no later query can reach are dropped. With news-like densities this is linear: the work
per report is the number of reports within a day or two and a few tens of km of it (a month
for a report dated only to a month), and most of those pass the gates anyway.
tests/test_dedup.py checks against all pairs that no pair is lost.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
from array import array
from collections import defaultdict
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any, TypeAlias

from .compare import KM_PER_DEGREE, Comparator
from .prepare import Row

log = logging.getLogger(__name__)

CELL = 0.25  # degrees: ~28 km, just over the 25 km radius of precision 1


class _Grid:
    """Cells of `size` degrees, numbered row * cols + col."""

    __slots__ = ("cols", "rows", "size")

    def __init__(self, size: float) -> None:
        self.size = size
        self.rows = math.ceil(180 / size)
        self.cols = math.ceil(360 / size)

    def cell(self, lat: float, lon: float) -> int:
        row = min(self.rows - 1, max(0, math.floor((lat + 90.0) / self.size)))
        return row * self.cols + math.floor((lon + 180.0) / self.size) % self.cols

    def near(self, lat: float, lon: float, km: float) -> list[int]:
        """The cells that may hold a point within km of (lat, lon)."""
        span = km / KM_PER_DEGREE
        lo = max(0, math.floor((lat - span + 90.0) / self.size))
        hi = min(self.rows - 1, math.floor((lat + span + 90.0) / self.size))
        cos = math.cos(math.radians(min(90.0, abs(lat) + span)))
        if cos < 1e-6 or span / cos >= 180.0:
            cols = range(self.cols)
        else:
            west = math.floor((lon - span / cos + 180.0) / self.size)
            east = math.floor((lon + span / cos + 180.0) / self.size)
            cols = range(west, east + 1)
        wrapped = sorted({c % self.cols for c in cols})
        return [row * self.cols + c for row in range(lo, hi + 1) for c in wrapped]


Buckets = defaultdict[int, list[int]]


class _Day:
    """One day's buckets of a class. Located reports by grid cell; coarse reports, and every
    report with an iso3 (what a coarse report is compared with), by country and by area
    (country + admin1, or the country's "admin1 unknown" area). Area keys are
    iso * 1,000,000 + admin1 + 1: a clash beyond a million admin1 values only shares buckets
    (more candidates, the same result: the comparison checks iso3 and admin1 itself)."""

    __slots__ = ("coarse_area", "coarse_country", "everyone_area", "everyone_country", "places")

    def __init__(self) -> None:
        self.places: Buckets = defaultdict(list)
        self.coarse_country: Buckets = defaultdict(list)
        self.coarse_area: Buckets = defaultdict(list)
        self.everyone_country: Buckets = defaultdict(list)
        self.everyone_area: Buckets = defaultdict(list)


def _area(iso: int, admin1: int) -> int:
    return iso * 1_000_000 + admin1 + 1


class _Class:
    """The buckets of one (block, date tolerance, radius) class, one `_Day` per day. Its grid's
    cells are at least as wide as its radius, so a query from a report of the class reads
    3 x 3 cells a day."""

    __slots__ = ("by_day", "days", "grid", "km")

    def __init__(self, days: int, km: float) -> None:
        self.days = days
        self.km = km
        self.grid = _Grid(CELL * max(1, math.ceil(km / (CELL * KM_PER_DEGREE))))
        self.by_day: dict[int, _Day] = {}

    def forget_before(self, day: int) -> None:
        for old in [d for d in self.by_day if d < day]:
            del self.by_day[old]


Pairs: TypeAlias = "tuple[array[int], array[int], array[float]]"  # a string: array[...] fails at run time on 3.11

# Below this many reports a second process costs more (start-up, copying results) than it saves.
MIN_PARALLEL = 20_000


def candidate_pairs(cmp: Comparator, workers: int = 1) -> Pairs:
    """Every pair (i < j) that passes the gates and scores at least `rules.floor`, with its
    score, as three parallel arrays (left < right).

    Reports are taken in date order, so the buckets of days that no later query can reach (more
    than the widest tolerance before the current report's date) are dropped as the scan moves
    on: memory holds a few weeks of buckets, not the whole run. Which pairs are found does not
    depend on the order, nor on `workers`.

    With workers > 1 (and a platform that can fork), the dates are cut into that many slices of
    equal report counts; each slice is scanned in a forked process that first files the
    reports before the slice that its queries can still reach. The caller's process scans the
    first slice itself."""
    rows = cmp.p.rows
    order = sorted((row.day0, i) for i, row in enumerate(rows) if row is not None)
    if workers <= 1 or len(order) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return _scan(cmp, order, 0, len(order))
    bounds = [len(order) * k // workers for k in range(workers + 1)]
    context = multiprocessing.get_context("fork")
    jobs: list[tuple[Any, Any, int, int]] = []
    for k in range(1, workers):
        receive, send = context.Pipe(duplex=False)
        # fork: the child inherits cmp and order as they are, nothing is pickled
        process = context.Process(target=_worker, args=(cmp, order, bounds[k], bounds[k + 1], send), daemon=True)
        process.start()
        send.close()
        jobs.append((process, receive, bounds[k], bounds[k + 1]))
    parts = [_scan(cmp, order, bounds[0], bounds[1])]
    for process, receive, lo, hi in jobs:
        try:
            part: Pairs = (array("q"), array("q"), array("d"))
            for column in part:
                column.frombytes(receive.recv_bytes())
            parts.append(part)
        except EOFError:
            log.warning("dedup worker for reports %d..%d died (exit code %s); scanning its slice here",
                        lo, hi, process.exitcode)
            parts.append(_scan(cmp, order, lo, hi))
        process.join()
    left, right, scores = parts[0]
    for part in parts[1:]:
        left.extend(part[0])
        right.extend(part[1])
        scores.extend(part[2])
    return left, right, scores


def _worker(cmp: Comparator, order: list[tuple[int, int]], lo: int, hi: int, send: Connection) -> None:
    for column in _scan(cmp, order, lo, hi):
        send.send_bytes(column.tobytes())
    send.close()


def _scan(cmp: Comparator, order: list[tuple[int, int]], lo: int, hi: int) -> Pairs:
    """The pairs whose later report (in `order`) is in order[lo:hi]. Reports before lo are only
    filed, and only those whose buckets a query of the slice can reach."""
    p = cmp.p
    floor = cmp.rules.floor
    reach = max(cmp.rules.day_tolerance.values()) + 1
    left: array[int] = array("q")
    right: array[int] = array("q")
    scores: array[float] = array("d")
    classes: dict[str, dict[tuple[int, float], _Class]] = defaultdict(dict)
    first = order[lo][0] if lo < len(order) else 0
    today = None
    for position in range(hi):
        day0, i = order[position]
        row = p.rows[i]
        assert row is not None
        if position < lo and row.day1 + row.days < first - reach:
            continue  # no bucket of it is on a day the slice reads
        if day0 != today:
            today = day0
            for block in classes.values():
                for klass in block.values():
                    klass.forget_before(day0 - reach)
        mine = classes[p.block[i]]
        if position >= lo:
            buckets, spans_days = _query(row, mine.values())
            cmp.scan(i, buckets, spans_days, floor, left, right, scores)
        key = (row.days, row.km)
        if key not in mine:
            mine[key] = _Class(*key)
        _insert(mine[key], i, row)
    return left, right, scores


def _insert(klass: _Class, i: int, row: Row) -> None:
    cell = klass.grid.cell(row.lat, row.lon)
    area = _area(row.iso, row.admin1)
    by_day = klass.by_day
    for day in range(row.day0 - klass.days, row.day1 + klass.days + 1):
        buckets = by_day.get(day)
        if buckets is None:
            buckets = by_day[day] = _Day()
        if row.coarse:
            buckets.coarse_country[row.iso].append(i)
            buckets.coarse_area[area].append(i)
        else:
            buckets.places[cell].append(i)
        if row.iso >= 0:
            buckets.everyone_country[row.iso].append(i)
            buckets.everyone_area[area].append(i)


def _query(row: Row, classes: Iterable[_Class]) -> tuple[list[list[int]], bool]:
    """The buckets that may hold a report that passes the date and place gates with `row`, and
    whether they come from more than one day (then one report may be in several of them)."""
    found: list[list[int]] = []
    spans = False
    near: dict[tuple[float, float], list[int]] = {}
    # the country-level buckets to read: a known admin1 meets its own area and the country's
    # unknown-admin1 area; an unknown admin1 meets the whole country
    keys: tuple[int, ...]
    if row.admin1 >= 0:
        keys, by_area = (_area(row.iso, row.admin1), _area(row.iso, -1)), True
    else:
        keys, by_area = (row.iso,), False
    for klass in classes:
        # Every report of the class is filed under at least 2 * days + 1 consecutive days, so
        # reading every (2 * days + 1)-th day of the span, and its last day, meets each one.
        extra = row.days - klass.days if row.days > klass.days else 0
        first, last = row.day0 - extra, row.day1 + extra
        if first == last:
            days: Iterable[int] = (first,)
        else:
            days = list(range(first, last + 1, 2 * klass.days + 1))
            if days[-1] != last:
                days.append(last)
            spans = True
        by_day = klass.by_day
        cells: list[int] | None = None
        for day in days:
            buckets = by_day.get(day)
            if buckets is None:
                continue
            if row.coarse:
                # a coarse report meets everyone of its country (or area), located or coarse
                index = buckets.everyone_area if by_area else buckets.everyone_country
            else:
                index = buckets.coarse_area if by_area else buckets.coarse_country
            if row.iso >= 0 and index:
                for key in keys:
                    bucket = index.get(key)
                    if bucket:
                        found.append(bucket)
            if row.coarse or not buckets.places:
                continue
            if cells is None:
                radius = max(row.km, klass.km)
                cells = near.get((klass.grid.size, radius))
                if cells is None:
                    cells = near[(klass.grid.size, radius)] = klass.grid.near(row.lat, row.lon, radius)
            places = buckets.places
            for cell in cells:
                bucket = places.get(cell)
                if bucket:
                    found.append(bucket)
    return found, spans
