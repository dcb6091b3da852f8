"""How well each reading of a place name fits the readings of the article's other names.

One round of max-product message passing on a pairwise model. Every other name B tells a
candidate c of name A how much better B's best reading becomes when it may sit with c:

    msg_B(c) = max_d [u_B(d) + pair(c, d)] - max_d u_B(d)

u_B is B's own score (its words, its prior, the article's stated countries: the resolver's
first pass), and pair(c, d) rewards the same country (a region of no one country, "the Middle East", shares
one with every reading), the same state, and nearness (a log-decaying distance between two
populated places). c's context is the mean message over the
other names, each weighted by how often it is mentioned.

"Paris and Henry County" in a local story: Paris, Tennessee lies in Henry County, Tennessee,
and that pair outscores Paris, France or the largest Henry County (Georgia), though neither is
its name's most likely reading alone. Votes from each name's single best reading cannot find
that pair, and two ambiguous names voting for each other's first reading swap places
(Huntsville, Alabama with Walker County, Texas); a message carries every reading a name would
accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .gazetteer import Entry

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PairWeights:
    country: float  # both readings in one country
    admin1: float  # both in one state or province
    near: float  # times closeness (1 at 0 km, 0 at `scale_km`), both populated places
    scale_km: float


@dataclass
class _Readings:
    u: Array  # own scores
    lat: Array  # radians (0 where not a populated place)
    lon: Array
    place: npt.NDArray[np.bool_]  # a populated place with a point: nearness counts
    iso: npt.NDArray[np.int64]  # -1: no country
    adm: npt.NDArray[np.int64]  # -1: no state
    weight: float

    def take(self, idx: npt.NDArray[np.int64]) -> _Readings:
        return _Readings(self.u[idx], self.lat[idx], self.lon[idx], self.place[idx], self.iso[idx], self.adm[idx],
                         self.weight)


@dataclass
class Coherence:
    """Readings of an article's names (add, mention), then each name's context vector."""

    weights: PairWeights
    senders: int = 8  # a name's best readings that speak for it
    _names: dict[str, _Readings] = field(default_factory=dict)
    _ids: dict[object, int] = field(default_factory=dict)
    _memo: dict[str, tuple[Sequence[Entry], Array]] = field(default_factory=dict)  # key -> (entries, context)
    _added: dict[str, Sequence[Entry]] = field(default_factory=dict)  # key -> the entries its readings are of
    # (senders, run starts, names, weights, names as an array, each run's best own score)
    _all: tuple[_Readings, npt.NDArray[np.int64], list[str], Array, npt.NDArray[np.str_], Array] | None = None

    def __contains__(self, key: str) -> bool:
        return key in self._names

    def add(self, key: str, entries: Sequence[Entry], scores: Sequence[float], weight: float = 1.0) -> None:
        self._names[key] = self._readings(entries, scores, weight)
        self._added[key] = entries
        self._memo.clear()
        self._all = None

    def mention(self, key: str) -> None:
        """One more mention of a name already added: it speaks with more weight."""
        self._names[key].weight += 1.0
        self._memo.clear()
        self._all = None

    def context(self, key: str, entries: Sequence[Entry]) -> Array:
        """The weighted mean message of the other names to each of `entries` (zeros when there
        are no others). All senders' readings are compared at once: one matrix per name."""
        if key in self._memo and self._memo[key][0] is entries:
            return self._memo[key][1]
        senders, starts, _, weights, names, best_own = self._senders()
        weights = np.where(names == key, 0.0, weights)
        if not len(entries) or not len(starts) or weights.sum() == 0:
            return np.zeros(len(entries))
        # The readings of the entries added under this key are these entries' (own scores and
        # weight are not read below): not built again.
        mine = self._names[key] if self._added.get(key) is entries else self._readings(entries, [0.0] * len(entries), 1.0)
        w = self.weights
        # A region of no one country ("the Middle East", "Africa") shares a country with any
        # reading that has one, as the village of its name does with its own country's.
        same_country = ((mine.iso[:, None] == senders.iso[None, :]) & (mine.iso[:, None] >= 0)) \
            | ((mine.iso[:, None] < 0) & ~mine.place[:, None] & (senders.iso[None, :] >= 0))
        same_state = (mine.adm[:, None] == senders.adm[None, :]) & (mine.adm[:, None] >= 0)
        dlat = mine.lat[:, None] - senders.lat[None, :]
        dlon = (mine.lon[:, None] - senders.lon[None, :] + np.pi) % (2 * np.pi) - np.pi
        km = 6371.0 * np.hypot(dlon * np.cos((mine.lat[:, None] + senders.lat[None, :]) / 2), dlat)  # equirectangular
        close = np.clip(1.0 - np.log10(1.0 + km) / np.log10(w.scale_km), 0.0, 1.0)
        close *= mine.place[:, None] & senders.place[None, :]
        gain = senders.u[None, :] + w.country * same_country + w.admin1 * same_state + w.near * close
        messages = np.maximum.reduceat(gain, starts, axis=1) - best_own[None, :]
        out = np.asarray(messages @ weights / weights.sum(), dtype=np.float64)
        self._memo[key] = (entries, out)
        return out

    def _senders(self) -> tuple[_Readings, npt.NDArray[np.int64], list[str], Array, npt.NDArray[np.str_], Array]:
        """Every name's best readings end to end, the start of each name's run, its name and weight
        (and the names as an array, and each run's best own score: the same for every context)."""
        if self._all is None:
            parts, starts, names, weights, at = [], [], [], [], 0
            for name, r in self._names.items():
                if not len(r.u):
                    continue
                part = r.take(np.argsort(-r.u, kind="stable")[: self.senders])
                parts.append(part)
                starts.append(at)
                names.append(name)
                weights.append(r.weight)
                at += len(part.u)
            if not parts:
                parts.append(self._readings([], [], 0.0))
            cat = _Readings(np.concatenate([p.u for p in parts]), np.concatenate([p.lat for p in parts]),
                            np.concatenate([p.lon for p in parts]), np.concatenate([p.place for p in parts]),
                            np.concatenate([p.iso for p in parts]), np.concatenate([p.adm for p in parts]), 1.0)
            runs = np.asarray(starts, dtype=np.int64)
            best_own = np.maximum.reduceat(cat.u, runs) if len(runs) else np.zeros(0)
            self._all = (cat, runs, names, np.asarray(weights, dtype=np.float64), np.asarray(names), best_own)
        return self._all

    def _id(self, value: object) -> int:
        return self._ids.setdefault(value, len(self._ids))

    def _readings(self, entries: Sequence[Entry], scores: Sequence[float], weight: float) -> _Readings:
        n = len(entries)
        lat, lon = np.zeros(n), np.zeros(n)
        place = np.zeros(n, dtype=np.bool_)
        iso = np.full(n, -1, dtype=np.int64)
        adm = np.full(n, -1, dtype=np.int64)
        for i, e in enumerate(entries):
            p = e.place
            if e.kind == "place" and p.latitude is not None and p.longitude is not None:
                lat[i], lon[i], place[i] = np.radians(p.latitude), np.radians(p.longitude), True
            if p.iso3:
                iso[i] = self._id(p.iso3)
                if p.admin1 and e.kind != "country":
                    adm[i] = self._id((p.iso3, p.admin1))
        return _Readings(np.asarray(scores, dtype=np.float64), lat, lon, place, iso, adm, weight)
