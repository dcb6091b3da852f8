#!/usr/bin/env bash
# The long fuzzing run of tests/test_fuzz.py (Hypothesis profile "long"), with figures.
#
#   bash scripts/fuzz.sh                        # 100,000 cases in all (hours on 2 cores)
#   FRONTWIRE_FUZZ_CASES=5000 bash scripts/fuzz.sh
#
# The cases are shared among the targets (texts, stdin bytes, HTML pages, page bodies, feeds,
# WARC archives, IP addresses, the extractor, the web API's GET routes) by WEIGHTS in
# tests/test_fuzz.py. A crash is recorded and the run goes on (FRONTWIRE_FUZZ_KEEP_GOING=0 stops
# at the first crash of a target and shrinks it to a minimal input instead). Printed at the end:
# cases, crashes (by kind, with a sample input), the slowest cases, cases slower than
# FRONTWIRE_FUZZ_SLOW_S seconds (default 10), peak memory (RSS), and the wall time.
# Exit status: 0 when nothing crashed and no case was over the limit, else 1.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
report=$(mktemp --suffix=.json)
trap 'rm -f "$report"' EXIT

export FRONTWIRE_FUZZ_PROFILE=long
export FRONTWIRE_FUZZ_CASES=${FRONTWIRE_FUZZ_CASES:-100000}
export FRONTWIRE_FUZZ_KEEP_GOING=${FRONTWIRE_FUZZ_KEEP_GOING:-1}
export FRONTWIRE_FUZZ_REPORT=$report

echo "fuzz: ${FRONTWIRE_FUZZ_CASES} cases (profile long, keep going: ${FRONTWIRE_FUZZ_KEEP_GOING})"
start=$(date +%s)
# (the long profile prints the stack of a case still running after 120 s: see HANG_S)
"$PYTHON" -m pytest -q -p no:cacheprovider -p no:faulthandler -W ignore::DeprecationWarning tests/test_fuzz.py
tests=$?
elapsed=$(( $(date +%s) - start ))

"$PYTHON" - "$report" "$elapsed" "$tests" <<'PY'
import json
import sys

path, elapsed, tests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    with open(path, encoding="utf-8") as handle:
        r = json.load(handle)
except (OSError, ValueError):
    print("fuzz: no figures (the test run did not get to write them)")
    sys.exit(1)
cases = r["cases"]
print(f"\nfuzz figures ({r['profile']} profile)")
print(f"  cases:          {cases:,} in {elapsed:,} s ({cases / max(elapsed, 1):.1f} a second)")
for target, n in sorted(r["cases_by_target"].items()):
    seconds = r["seconds_by_target"].get(target, 0.0)
    print(f"    {target:<10} {n:>8,} cases  {seconds:>9.1f} s  {1000 * seconds / max(n, 1):8.1f} ms a case")
print(f"  crashes:        {r['crash_kinds']} kind(s), {r['crashing_cases']:,} crashing case(s)")
for kind, c in r["crashes"].items():
    print(f"    {kind}: {c['count']:,}x  {c['error']}")
    print(f"      sample: {c['sample']}")
slowest = r["slowest"]
if slowest:
    top = slowest[0]
    print(f"  slowest case:   {top['seconds']:.2f} s ({top['target']}): {top['input'][:200]}")
    print("  next slowest:   " + ", ".join(f"{s['seconds']:.2f} s ({s['target']})" for s in slowest[1:6]))
over = sum(r["slow_cases"].values())
print(f"  over {r['slow_limit_s']:g} s:       {over} case(s) {r['slow_cases'] or ''}")
print(f"  peak memory:    {r['peak_rss_mb']:,.0f} MB (RSS of the test process, spaCy's pipeline included)")
growth = r["peak_rss_growth_mb_by_target"]
if growth:
    print("    peak grew in:  " + ", ".join(f"{t} +{mb:,.0f} MB" for t, mb in growth.items()))
print(f"  test run exit:  {tests}")
sys.exit(0 if tests == 0 and not r["crashes"] and not over else 1)
PY
