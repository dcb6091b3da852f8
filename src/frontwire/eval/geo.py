"""Geoparsing gold standards (LGL, GeoVirus, TR-News, GeoWebNews) and the geocoding evaluation.

Formats (one XML file, `<articles><article>...`), told apart per toponym element:
  * LGL and TR-News: `article@docid`, `text`, `toponyms/toponym/{phrase,start,end,
    gaztag@geonameid/{fclass,fcode,lat,lon}}`; a toponym without `gaztag` has no coordinates.
  * GeoVirus: no docid (the article's index is used), `locations/location/{name,start,end,lat,
    lon}`; the published file nests three `location`s inside another, and its offsets are one
    character late throughout (`start` counts from 1), which the offset repair below fixes.
  * GeoWebNews (GWN.xml): `toponyms/toponym/{extractedName,type,nonLocational,start,end,
    geonamesID,latitude,longitude}`. `nonLocational` Yes (a place name used for people, "the
    Irish") is not scored for resolution; the `*_Expression` types are common nouns ("the
    lot", "citizens") that a name recogniser is not asked to find, so they are left out of
    recognition too.
Offsets are character offsets into the text. Where `text[start:end]` is not the phrase, the
reader tries the offsets as UTF-8 byte offsets, then the nearest occurrence of the phrase within
OFFSET_WINDOW characters; a toponym that neither finds is dropped. Both are counted per document.
One bad gold span or article never refuses the corpus: a toponym with a malformed field (offsets
missing, negative, not integers or not start < end; a latitude without a longitude; a number
that does not parse; coordinates out of range) is skipped, and an article without text is
skipped with its toponyms; each is counted and named in the report. Only a file that cannot be
read as XML, or whose root is not `<articles>`, is an InputError.

The evaluation (`evaluate_geo`) has two parts:
  1. resolution of the GOLD spans: each document's locational gold toponyms go to
     `resolve_toponyms` together, with the document's country cues as prior, exactly as the
     pipeline calls it; every one with gold coordinates is scored by its error in km
     (geo_metrics: accuracy@161, mean, median, AUC), overall and per gold feature class/code;
  2. end to end: `find_toponym_spans` on the document, matched to the gold spans (exact and
     overlap: precision, recall, F1), and the predicted spans resolved: a true positive of
     "recognised and resolved" overlaps a gold toponym with coordinates and lies within 161 km
     of it. Predictions matched to gold toponyms without coordinates cannot be judged and are
     left out of that precision.
Beside accuracy@161, two area-aware figures (issue 12): a reading counted right when it is within
161 km or is a country that contains the gold point; and the same for a country, a first-level
region (ADM1) or a continent that contains it (areas.py says how "inside" is decided and how
often that errs). A gold set may give an area any one of its points (Wikipedia's, GeoNames'):
the area-aware figure is the target for such sets, accuracy@161 for LGL-style ones.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..extract.actors import country_cues
from ..geo import Gazetteer, geoparse, resolve_toponyms
from ..geo.outlets import Locale, areas_named, by_outlet
from ..model import Place, Span, Toponym
from .areas import area_kind, inside_area, inside_country
from .geo_metrics import (
    ACCURACY_KM,
    MAX_ERROR_KM,
    PRF,
    ErrorStats,
    error_stats,
    haversine_km,
    match_spans,
    prf,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

OFFSET_WINDOW = 64  # characters either side searched for a phrase whose offsets do not fit
TOP_FCODES = 12  # feature codes listed in the report's breakdown
TOP_MISSES = 15  # most frequent (gold text, resolved place) errors listed
TOP_SKIPPED = 5  # skipped gold toponyms and articles named in the report
AREA_KINDS = ("country", "region", "continent")  # areas.area_kind, in the report's order


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    fclass: str | None = None  # GeoNames feature class (A, P, L, H, T, S, V), when the corpus gives it
    fcode: str | None = None  # GeoNames feature code (PPL, ADM1, PCLI, ...)
    locational: bool = True  # GeoWebNews nonLocational=Yes -> False
    kind: str | None = None  # GeoWebNews type (Literal, Non_Literal_Modifier, Literal_Expression, ...)

    @property
    def is_name(self) -> bool:
        """A named toponym a recogniser should find (not a GeoWebNews common-noun expression)."""
        return self.locational and not (self.kind or "").endswith("Expression")


@dataclass(frozen=True)
class GeoDoc:
    docid: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    repaired: int = 0  # toponyms whose offsets were corrected (module docstring)
    dropped: int = 0  # toponyms whose phrase was not found near their offsets
    # Toponyms skipped for a malformed field, each as "where: what is wrong"; for an article
    # skipped whole (no text, `readable` False), the one reason with its toponyms' count.
    skipped: tuple[str, ...] = ()
    readable: bool = True  # False: the article has no text; it is not evaluated
    source: str | None = None  # the outlet (LGL's <domain>), for its locale (geo/outlets.py)
    skipped_toponyms: int = 0  # toponym elements lost with a skipped article, or skipped alone


class _BadToponym(ValueError):
    """A gold toponym element with a malformed field: skipped and counted, not fatal."""


# --- reading ------------------------------------------------------------------------------


def read_geo_corpus(path: Path) -> list[GeoDoc]:
    """Read an LGL / TR-News / GeoVirus / GeoWebNews XML file. A malformed toponym or an article
    without text is skipped and named in its GeoDoc (`skipped`); InputError only for a file that
    is not XML or not `<articles>`."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise InputError(str(path), f"cannot read as XML: {err}") from err
    if root.tag != "articles":
        raise InputError(str(path), f"root element <{root.tag}>, expected <articles>")
    docs = []
    for index, article in enumerate(root.iter("article")):
        docid = article.get("docid") or article.get("file") or article.get("id") or str(index)
        where = f"article {index + 1} (docid {docid})"
        # iter(), not findall(): GeoVirus nests some <location> elements inside another.
        elements = [el for el in article.iter() if el.tag in ("toponym", "location")]
        text_el = article.find("text")
        if text_el is None or not text_el.text:
            reason = f"{where}: no <text> ({len(elements)} toponyms not read)"
            docs.append(GeoDoc(docid, "", [], skipped=(reason,), readable=False, skipped_toponyms=len(elements)))
            continue
        text = text_el.text
        toponyms: list[GoldToponym] = []
        repaired = dropped = 0
        skipped: list[str] = []
        for number, el in enumerate(elements, start=1):
            try:
                gold = _toponym(el)
            except _BadToponym as err:
                skipped.append(f"{where}, <{el.tag}> {number}: {err}")
                continue
            span = _align(text, gold.start, gold.end, gold.phrase)
            if span is None:
                dropped += 1
                continue
            if span != (gold.start, gold.end):
                repaired += 1
                gold = replace(gold, start=span[0], end=span[1])
            toponyms.append(gold)
        toponyms.sort(key=lambda t: (t.start, t.end))
        source = (article.findtext("domain") or "").strip() or None
        docs.append(GeoDoc(docid, text, toponyms, repaired, dropped, tuple(skipped), skipped_toponyms=len(skipped),
                           source=source))
    return docs


def _toponym(el: ET.Element) -> GoldToponym:
    """The gold toponym of an element; _BadToponym says what field is malformed."""
    gaztag = el.find("gaztag")
    start, end = _int(el.findtext("start"), "start"), _int(el.findtext("end"), "end")
    if start is None or end is None or not 0 <= start < end:
        raise _BadToponym(f"bad or missing <start>/<end> ({start}, {end})")
    phrase = next((p.strip() for p in (el.findtext(tag) for tag in ("phrase", "name", "extractedName"))
                   if p and p.strip()), "")
    lat = _float(el.findtext("lat") or el.findtext("latitude"), "latitude")
    lon = _float(el.findtext("lon") or el.findtext("longitude"), "longitude")
    geonameid = _int(el.findtext("geonamesID") or el.findtext("geonameid"), "geonameid")
    fclass = fcode = None
    if gaztag is not None:
        lat = _float(gaztag.findtext("lat"), "gaztag/lat") if lat is None else lat
        lon = _float(gaztag.findtext("lon"), "gaztag/lon") if lon is None else lon
        geonameid = _int(gaztag.get("geonameid"), "gaztag@geonameid") or geonameid
        fclass = (gaztag.findtext("fclass") or "").strip() or None
        fcode = (gaztag.findtext("fcode") or "").strip() or None
    if (lat is None) != (lon is None):
        raise _BadToponym("a latitude without a longitude or the reverse")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _BadToponym(f"coordinates out of range ({lat}, {lon})")
    locational = (el.findtext("nonLocational") or "").strip().lower() not in ("yes", "true", "1")
    kind = (el.findtext("type") or "").strip() or None
    return GoldToponym(start, end, phrase, lat, lon, geonameid, fclass, fcode, locational, kind)


def _locales(docs: Sequence[GeoDoc], parsed: Sequence[Doc], gazetteer: Gazetteer) -> list[Locale]:
    """Each article's outlet locale, from a first pass that resolves the names the recogniser
    finds in the outlet's other articles (no gold is read)."""
    named = [areas_named(geoparse(sdoc, gazetteer, country_cues(sdoc))) for sdoc in parsed]
    return by_outlet([d.source for d in docs], named)


def _int(raw: str | None, name: str) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        return int(raw.strip())
    except ValueError as err:
        raise _BadToponym(f"<{name}> is not an integer: {raw.strip()!r}") from err


def _float(raw: str | None, name: str) -> float | None:
    if raw is None or not raw.strip():
        return None
    try:
        return float(raw.strip())
    except ValueError as err:
        raise _BadToponym(f"<{name}> is not a number: {raw.strip()!r}") from err


def _align(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """Character offsets of the phrase: as given, as UTF-8 byte offsets, else the nearest
    occurrence within OFFSET_WINDOW characters; None when none fits. A missing phrase trusts
    the offsets."""
    if not phrase:
        return (start, end) if end <= len(text) else None
    if text[start:end] == phrase:
        return start, end
    data = text.encode("utf-8")
    if data[start:end] == phrase.encode("utf-8"):
        char_start = len(data[:start].decode("utf-8", errors="ignore"))
        return char_start, char_start + len(phrase)
    best: int | None = None
    i = text.find(phrase, max(0, start - OFFSET_WINDOW))
    while i != -1 and i <= start + OFFSET_WINDOW:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1)
    return None if best is None else (best, best + len(phrase))


# --- evaluating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassRow:
    key: str  # a feature class ("P") or code ("ADM1"); "-" when the corpus gives none
    stats: ErrorStats


@dataclass(frozen=True)
class GeoReport:
    n_docs: int
    n_toponyms: int  # gold toponyms kept after the offset check
    no_coordinates: int  # locational gold toponyms without coordinates (not scored)
    non_locational: int  # GeoWebNews nonLocational toponyms (not scored)
    offsets_repaired: int
    offsets_dropped: int
    resolution: ErrorStats  # gold spans resolved, every locational gold toponym with coordinates
    # Percent of the scored toponyms that carry a gold GeoNames id whose resolved place has that
    # id: tells a wrong choice of place from a right place with other coordinates (a country's
    # centroid in the gold, its capital in the gazetteer). None when the corpus gives no ids.
    geonameid_match: float | None
    by_fclass: tuple[ClassRow, ...]
    by_fcode: tuple[ClassRow, ...]  # the TOP_FCODES most frequent codes
    # By the feature code of the place the resolver chose ("unresolved" for none): the one
    # breakdown a corpus without gold classes (GeoVirus) still has.
    by_predicted_fcode: tuple[ClassRow, ...]
    recognition_exact: PRF
    recognition_overlap: PRF
    adjectival: bool  # demonyms recognised as toponyms (evaluate_geo)
    embedded: bool  # place names inside organisations' names too (evaluate_geo)
    outlets: bool  # each article resolved with its outlet's locale (evaluate_geo)
    end_to_end: PRF  # overlapping a gold toponym and resolved within 161 km of it
    seconds: float
    geo_seconds: float  # of which recognition and resolution (the rest is spaCy parsing)
    # The most frequent errors (over 161 km or unresolved): (gold text, what it resolved to,
    # count, median km). A name resolved to the right region far from the gold point (a
    # country's other reference point) reads apart from a wrong choice of place.
    misses: tuple[tuple[str, str, int, float], ...] = ()
    # Percent within 161 km, or resolved to a country that contains the gold point (areas.py):
    # how much of the shortfall is a country's reference point rather than a wrong place.
    accuracy_in_country: float = 0.0
    # Percent within 161 km, or resolved to a country, first-level region or continent that
    # contains the gold point (areas.py; issue 12's GeoVirus target).
    accuracy_in_area: float = 0.0
    # Per area kind (AREA_KINDS): readings over 161 km counted right because the gold point is
    # inside, and readings over 161 km whose "inside" could not be decided (no outline and no
    # town near, towns around it of more than one region, a point at sea), counted wrong.
    area_hits: tuple[tuple[str, int, int], ...] = ()
    articles_skipped: int = 0  # articles without text
    toponyms_skipped: int = 0  # gold toponyms with a malformed field, or in an article skipped
    skipped: tuple[str, ...] = ()  # the first TOP_SKIPPED of them, each named with its reason


def _error(gold: GoldToponym, resolved: Toponym) -> float:
    place = resolved.place
    if place is None or place.latitude is None or place.longitude is None:
        return MAX_ERROR_KM
    assert gold.lat is not None and gold.lon is not None
    return haversine_km(gold.lat, gold.lon, place.latitude, place.longitude)


def _country_contains(place: Place | None, gold: GoldToponym) -> bool:
    """The place is a country and the gold point lies inside it."""
    if place is None or not place.iso3 or not (place.feature_code or "").startswith("PCL"):
        return False
    assert gold.lat is not None and gold.lon is not None
    return bool(inside_country(place.iso3, gold.lat, gold.lon))


def _in_area(place: Place | None, gold: GoldToponym, hits: dict[str, list[int]]) -> bool:
    """The place is a country, first-level region or continent that contains the gold point;
    counted into `hits` per kind: [inside, undecided]."""
    kind = area_kind(place)
    if place is None or kind is None:
        return False
    assert gold.lat is not None and gold.lon is not None
    inside = inside_area(place, gold.lat, gold.lon)
    if inside is None:
        hits[kind][1] += 1
    elif inside:
        hits[kind][0] += 1
    return bool(inside)


def _rows(errors: dict[str, list[float]], limit: int | None = None) -> tuple[ClassRow, ...]:
    keys = sorted(errors, key=lambda k: (-len(errors[k]), k))[:limit]
    return tuple(ClassRow(k, error_stats(errors[k], sum(1 for e in errors[k] if e >= MAX_ERROR_KM)))
                 for k in keys)


def evaluate_geo(docs: Sequence[GeoDoc], nlp: Language, gazetteer: Gazetteer,
                 predictions_out: Path | None = None, *, adjectival: bool = False,
                 embedded: bool = False, outlets: bool = True) -> GeoReport:
    """Resolve the gold spans and run recognition + resolution end to end (module docstring);
    optionally write one JSON line per locational gold toponym: docid, start, end, lat, lon
    (null when unresolved). With `adjectival`, recognition counts demonyms as toponyms
    (geo.geoparse), as LGL and GeoWebNews annotate them; GeoVirus does not. With `embedded`, so
    are the place names inside organisations' and facilities' names ("the Ohio Department of
    Transportation"), which LGL and GeoWebNews annotate too. With `outlets` and a corpus that
    names each article's outlet (LGL's <domain>), each article is resolved with its outlet's
    locale learnt from the outlet's other articles (geo/outlets.py; a first pass, no gold)."""
    started = time.perf_counter()
    geo_seconds = 0.0
    errors: list[float] = []
    by_fclass: dict[str, list[float]] = defaultdict(list)
    by_fcode: dict[str, list[float]] = defaultdict(list)
    by_predicted: dict[str, list[float]] = defaultdict(list)
    lines: list[str] = []
    counts: Counter[str] = Counter()
    ids: Counter[bool] = Counter()
    misses: dict[tuple[str, str], list[float]] = defaultdict(list)
    in_country = in_area = 0
    area_hits: dict[str, list[int]] = {kind: [0, 0] for kind in AREA_KINDS}
    readable = [d for d in docs if d.readable]  # an article without text is only counted
    parsed = list(nlp.pipe(d.text for d in readable))
    t0 = time.perf_counter()
    locales = _locales(readable, parsed, gazetteer) if outlets else [{} for _ in readable]
    geo_seconds += time.perf_counter() - t0
    for gdoc, sdoc, locale in zip(readable, parsed, locales, strict=True):
        t0 = time.perf_counter()
        cues = country_cues(sdoc)
        gold = [t for t in gdoc.toponyms if t.locational]
        resolved = resolve_toponyms(sdoc, [Span(gdoc.text[t.start:t.end], t.start, t.end) for t in gold],
                                    gazetteer, cues, locale)
        predicted_resolved = geoparse(sdoc, gazetteer, cues, adjectival=adjectival, embedded=embedded,
                                      locale=locale)
        geo_seconds += time.perf_counter() - t0
        for g, r in zip(gold, resolved, strict=True):
            place = r.place
            lines.append(json.dumps({"docid": gdoc.docid, "start": g.start, "end": g.end,
                                     "lat": place.latitude if place else None,
                                     "lon": place.longitude if place else None}))
            if g.lat is None:
                continue
            error = _error(g, r)
            if g.geonameid is not None:
                ids[place is not None and place.geonames_id == g.geonameid] += 1
            errors.append(error)
            by_fclass[g.fclass or "-"].append(error)
            by_fcode[g.fcode or "-"].append(error)
            by_predicted[(place.feature_code or "-") if place else "unresolved"].append(error)
            if error <= ACCURACY_KM or _country_contains(place, g):
                in_country += 1
            if error <= ACCURACY_KM or _in_area(place, g, area_hits):
                in_area += 1
            if error > ACCURACY_KM:
                got = f"{place.name}, {place.iso3 or '-'} ({place.feature_code})" if place else "unresolved"
                misses[(gdoc.text[g.start:g.end], got)].append(error)
        _count_recognition(gdoc, predicted_resolved, counts)
    if predictions_out is not None:
        predictions_out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    every = [t for d in readable for t in d.toponyms]
    return GeoReport(
        n_docs=len(readable),
        n_toponyms=len(every),
        no_coordinates=sum(1 for t in every if t.locational and t.lat is None),
        non_locational=sum(1 for t in every if not t.locational),
        offsets_repaired=sum(d.repaired for d in docs),
        offsets_dropped=sum(d.dropped for d in docs),
        resolution=error_stats(errors, sum(1 for e in errors if e >= MAX_ERROR_KM)),
        geonameid_match=100 * ids[True] / ids.total() if ids.total() else None,
        by_fclass=_rows(by_fclass),
        by_fcode=_rows(by_fcode, TOP_FCODES),
        by_predicted_fcode=_rows(by_predicted, TOP_FCODES),
        adjectival=adjectival,
        embedded=embedded,
        outlets=outlets and any(d.source for d in readable),
        recognition_exact=prf(counts["exact"], counts["pred"], counts["gold"]),
        recognition_overlap=prf(counts["overlap"], counts["pred"], counts["gold"]),
        end_to_end=prf(counts["e2e"], counts["pred"] - counts["unjudged"], counts["gold_coords"]),
        seconds=time.perf_counter() - started,
        geo_seconds=geo_seconds,
        accuracy_in_country=100 * in_country / len(errors) if errors else 0.0,
        accuracy_in_area=100 * in_area / len(errors) if errors else 0.0,
        area_hits=tuple((kind, area_hits[kind][0], area_hits[kind][1]) for kind in AREA_KINDS),
        articles_skipped=len(docs) - len(readable),
        toponyms_skipped=sum(d.skipped_toponyms for d in docs),
        skipped=tuple(reason for d in docs for reason in d.skipped)[:TOP_SKIPPED],
        misses=tuple((text, got, len(errs), sorted(errs)[len(errs) // 2])
                     for (text, got), errs in sorted(misses.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_MISSES]),
    )


def _count_recognition(gdoc: GeoDoc, predicted: Sequence[Toponym], counts: Counter[str]) -> None:
    gold = [t for t in gdoc.toponyms if t.is_name]
    gold_spans = [(t.start, t.end) for t in gold]
    pred_spans = [(p.span.start, p.span.end) for p in predicted]
    counts["gold"] += len(gold)
    counts["gold_coords"] += sum(1 for t in gold if t.lat is not None)
    counts["pred"] += len(predicted)
    counts["exact"] += len(match_spans(gold_spans, pred_spans, exact=True))
    for i, j in match_spans(gold_spans, pred_spans, exact=False):
        counts["overlap"] += 1
        if gold[i].lat is None:
            counts["unjudged"] += 1
        elif _error(gold[i], predicted[j]) <= ACCURACY_KM:
            counts["e2e"] += 1


def format_geo_report(report: GeoReport) -> str:
    """A plain-text summary: the corpus counts, the resolution figures, the breakdown by gold
    feature class and code, recognition, the most frequent errors, and the time taken."""
    r = report.resolution
    lines = [
        (f"{report.n_docs} documents, {report.n_toponyms} gold toponyms: {r.n} scored, "
        f"{report.no_coordinates} without coordinates, {report.non_locational} non-locational; "
        f"offsets repaired {report.offsets_repaired}, dropped {report.offsets_dropped}"
        + (f"; skipped {report.toponyms_skipped} gold toponyms, {report.articles_skipped} articles without text"
           if report.toponyms_skipped or report.articles_skipped else "")),
        *(f"  skipped: {reason}" for reason in report.skipped),
        "",
        "resolution of the gold spans" + (", each article with its outlet's locale (--no-outlets: without)"
                                          if report.outlets else ""),
        (f"  accuracy@161 km {r.accuracy_161:.1f}%   mean {r.mean_km:.0f} km   median {r.median_km:.1f} km   "
        f"AUC {r.auc:.3f}   unresolved {r.unresolved}"),
    ]
    lines.append(f"  within 161 km, or inside the country it resolved to: {report.accuracy_in_country:.1f}%")
    counts = ", ".join(f"{kind} {inside}" + (f" ({undecided} undecided)" if undecided else "")
                       for kind, inside, undecided in report.area_hits)
    lines.append(f"  within 161 km, or inside the country / first-level region / continent it resolved to: "
                 f"{report.accuracy_in_area:.1f}%" + (f"   (inside beyond 161 km: {counts})" if counts else ""))
    if report.geonameid_match is not None:
        lines.append(f"  same GeoNames id as the gold: {report.geonameid_match:.1f}%")
    tables = (("gold feature class", report.by_fclass), (f"gold feature code (top {TOP_FCODES})", report.by_fcode),
              (f"resolved feature code (top {TOP_FCODES})", report.by_predicted_fcode))
    for title, rows in tables:
        if all(row.key == "-" for row in rows):
            continue  # the corpus gives no feature classes
        lines += ["", f"{title:<28} {'n':>6} {'acc@161':>8} {'median km':>10} {'mean km':>8} {'unres':>6}"]
        lines += [f"  {row.key:<26} {row.stats.n:6d} {row.stats.accuracy_161:8.1f} {row.stats.median_km:10.1f} "
                  f"{row.stats.mean_km:8.0f} {row.stats.unresolved:6d}" for row in rows]
    extras = [name for name, on in (("demonyms", report.adjectival), ("embedded names", report.embedded)) if on]
    heading = f"recognition (+ {', '.join(extras)})" if extras else "recognition"
    lines += ["", f"{heading:<28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}"]
    for name, s in (("exact span", report.recognition_exact), ("overlapping span", report.recognition_overlap),
                    ("overlap + within 161 km", report.end_to_end)):
        lines.append(f"  {name:<26} {s.precision:6.1f} {s.recall:6.1f} {s.f1:6.1f} {s.tp:6d} {s.n_pred:6d} "
                     f"{s.n_gold:6d}")
    if report.misses:
        lines += ["", f"{'most frequent errors':<28} {'resolved to':<44} {'n':>4} {'median km':>10}"]
        lines += [f"  {text[:26]:<26} {got[:44]:<44} {n:4d} {'-' if km >= MAX_ERROR_KM else f'{km:.0f}':>10}"
                  for text, got, n, km in report.misses]
    lines += ["", f"{report.seconds:.1f} s ({report.geo_seconds:.1f} s recognition and resolution, the rest parsing)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m frontwire.eval.geo FILE [--predictions OUT]`: evaluate on a gold XML file."""
    import argparse
    import sys

    from .. import nlp as nlp_module

    parser = argparse.ArgumentParser(prog="python -m frontwire.eval.geo", description=main.__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--predictions", type=Path, help="write one JSON line per gold toponym here")
    args = parser.parse_args(argv)
    docs = read_geo_corpus(args.file)
    with Gazetteer.open() as gaz:
        report = evaluate_geo(docs, nlp_module.load(), gaz, args.predictions)
    sys.stdout.write(format_geo_report(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
