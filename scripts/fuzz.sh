#!/usr/bin/env bash
# The long fuzzing run of tests/test_fuzz.py (Hypothesis profile "long"), with figures.
#
#   bash scripts/fuzz.sh                        # 100,000 cases in all (about an hour on 2 cores)
#   FRONTWIRE_FUZZ_CASES=5000 bash scripts/fuzz.sh
#
# The cases are shared among the targets (texts, stdin bytes, HTML pages, page bodies, feeds,
# WARC archives, IP addresses, the extractor, the web API's GET routes) by WEIGHTS in
# tests/test_fuzz.py. They run in rounds of FRONTWIRE_FUZZ_ROUND cases (default 2,500), each in a
# fresh process with its own random seed: Hypothesis keeps every case it generated in a test in
# memory (to avoid repeating one), about 2 MB for a generated HTML page, so that one test of
# 20,000 pages would take over 20 GB.
# A crash is recorded and the run goes on (FRONTWIRE_FUZZ_KEEP_GOING=0 stops at the first crash
# of a target and shrinks it to a minimal input instead). Printed at the end: cases, crashes (by
# kind, with a sample input), the slowest cases, cases slower than FRONTWIRE_FUZZ_SLOW_S seconds
# (default 10), peak memory (RSS of the largest round) and the wall time.
# Exit status: 0 when nothing crashed and no case was over the limit, else 1.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

total=${FRONTWIRE_FUZZ_CASES:-100000}
round=${FRONTWIRE_FUZZ_ROUND:-2500}
rounds=$(( (total + round - 1) / round ))
export FRONTWIRE_FUZZ_PROFILE=long
export FRONTWIRE_FUZZ_KEEP_GOING=${FRONTWIRE_FUZZ_KEEP_GOING:-1}

echo "fuzz: ${total} cases in ${rounds} round(s) of up to ${round} (profile long, keep going: ${FRONTWIRE_FUZZ_KEEP_GOING})"
start=$(date +%s)
worst=0
for ((i = 1; i <= rounds; i++)); do
    cases=$(( i < rounds ? round : total - round * (rounds - 1) ))
    # (the long profile prints the stack of a case still running after 120 s: see HANG_S)
    FRONTWIRE_FUZZ_CASES=$cases FRONTWIRE_FUZZ_REPORT="$reports/round-$i.json" \
        "$PYTHON" -m pytest -q -p no:cacheprovider -p no:faulthandler -W ignore::DeprecationWarning \
        tests/test_fuzz.py > "$reports/round-$i.log" 2>&1
    status=$?
    (( status > worst )) && worst=$status
    echo "  round $i/$rounds: $cases cases, pytest exit $status, $(( $(date +%s) - start )) s so far"
    (( status != 0 )) && tail -n 30 "$reports/round-$i.log"
done
elapsed=$(( $(date +%s) - start ))

"$PYTHON" - "$reports" "$elapsed" "$worst" <<'PY'
import json
import sys
from collections import Counter
from pathlib import Path

folder, elapsed, tests = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rounds = []
for path in sorted(folder.glob("round-*.json")):
    try:
        rounds.append(json.loads(path.read_text(encoding="utf-8")))
    except ValueError:
        pass
if not rounds:
    print("fuzz: no figures (no round got to write them)")
    sys.exit(1)
cases_by, seconds_by, slow, growth = Counter(), Counter(), Counter(), {}
crashes, slowest = {}, []
for r in rounds:
    cases_by.update(r["cases_by_target"])
    seconds_by.update(r["seconds_by_target"])
    slow.update(r["slow_cases"])
    slowest += r["slowest"]
    for target, mb in r["peak_rss_growth_mb_by_target"].items():
        growth[target] = max(growth.get(target, 0.0), mb)
    for kind, c in r["crashes"].items():
        entry = crashes.setdefault(kind, {**c, "count": 0})
        entry["count"] += c["count"]
cases = sum(cases_by.values())
print(f"\nfuzz figures (long profile, {len(rounds)} round(s))")
print(f"  cases:          {cases:,} in {elapsed:,} s ({cases / max(elapsed, 1):.1f} a second)")
for target, n in sorted(cases_by.items()):
    seconds = seconds_by.get(target, 0.0)
    print(f"    {target:<10} {n:>8,} cases  {seconds:>9.1f} s  {1000 * seconds / max(n, 1):8.1f} ms a case")
print(f"  crashes:        {len(crashes)} kind(s), {sum(c['count'] for c in crashes.values()):,} crashing case(s)")
for kind, c in crashes.items():
    print(f"    {kind}: {c['count']:,}x  {c['error']}")
    print(f"      sample: {c['sample']}")
slowest.sort(key=lambda s: s["seconds"], reverse=True)
if slowest:
    top = slowest[0]
    print(f"  slowest case:   {top['seconds']:.2f} s ({top['target']}): {top['input'][:200]}")
    print("  next slowest:   " + ", ".join(f"{s['seconds']:.2f} s ({s['target']})" for s in slowest[1:6]))
over = sum(slow.values())
print(f"  over {rounds[0]['slow_limit_s']:g} s:       {over} case(s) {dict(slow) or ''}")
peak = max(r["peak_rss_mb"] for r in rounds)
print(f"  peak memory:    {peak:,.0f} MB (RSS of the largest round's test process, spaCy's pipeline included)")
if growth:
    print("    peak grew in:  " + ", ".join(f"{t} +{mb:,.0f} MB" for t, mb in sorted(growth.items(), key=lambda x: -x[1])))
print(f"  test runs exit: {tests} (the worst round)")
sys.exit(0 if tests == 0 and not crashes and not over else 1)
PY
