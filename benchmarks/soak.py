"""Soak: the web API under a steady mixed load for minutes, on 10^5 events in PostgreSQL.

    .venv/bin/python benchmarks/soak.py [--events 100000] [--rate 60] [--seconds 600]
        [--workers 1] [--db postgresql+psycopg://...] [--skip-load]

1. Starts a throwaway PostgreSQL server (tests/postgres.py) unless --db names one and loads
   --events synthetic events (benchmarks/api_speed.py's loader), then makes a reviewer token.
2. Serves the app with uvicorn (--workers processes) on 127.0.0.1.
3. Open loop at --rate requests/s for --seconds: 90% reads (GET /api/events with a bbox and a
   30-day range, the same brief page query, /api/stats, one event's detail) and 10% writes
   (PATCH /api/events/ID with a bearer token: accept, or edit the fatalities of a random event).
4. Prints p50/p95/p99 per kind, errors (any non-2xx or transport failure; target 0), and the
   server processes' resident memory and open file descriptors at the start and the end of the
   run (from /proc; target: no growth beyond 10%).

Prints figures; asserts nothing. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_speed import (  # the sibling benchmark's loader, server and client
    LoopbackClient,
    count,
    free_port,
    hotspots,
    load,
    random_query,
    serve,
    summary,
)

ROOT = Path(__file__).resolve().parents[1]
READ_SHARE = 0.9


def server_pids(root: int) -> list[int]:
    """The uvicorn process and its children (workers), from /proc."""
    pids = [root]
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(root):
            pids.append(int(status.parent.name))
    return pids


def footprint(root: int) -> tuple[int, int]:
    """(resident MB, open file descriptors) summed over the server's processes."""
    rss = fds = 0
    for pid in server_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) // 1024
            fds += len(list(Path(f"/proc/{pid}/fd").iterdir()))
        except OSError:
            continue
    return rss, fds


def make_token(url: str) -> str:
    frontwire = str(Path(sys.executable).with_name("frontwire"))
    done = subprocess.run([frontwire, "token", "--db", url, "create", f"soak{time.time_ns()}"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip().split()[-1]


def cluster_ids(url: str, n: int) -> list[str]:
    import psycopg
    from api_speed import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        rows = conn.execute("SELECT cluster_id FROM clusters ORDER BY random() LIMIT %s", (n,)).fetchall()
    return [str(r[0]) for r in rows]


async def soak(base: str, rate: float, seconds: float, token: str, ids: list[str], seed: int = 5,
               sample: Callable[[], tuple[int, int]] | None = None, every: float = 60.0) -> dict[str, Any]:
    rng = random.Random(seed)
    spots = hotspots(random.Random(7))
    host, port = base.removeprefix("http://").split(":")
    client = LoopbackClient(host, int(port))
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    samples: dict[str, str] = {}  # one request and answer per kind of error
    edits: list[int] = []
    in_flight = 0

    def request() -> tuple[str, str, str, Any, dict[str, str]]:
        if rng.random() < READ_SHARE:
            kind = rng.choice(["events", "brief", "stats", "detail"])
            q = random_query(rng, spots)
            if kind == "events":
                return kind, "GET", "/api/events?" + urlencode(q), None, {}
            if kind == "brief":
                return kind, "GET", "/api/events?" + urlencode({**q, "brief": "true", "limit": 1000}), None, {}
            if kind == "stats":
                return kind, "GET", "/api/stats?" + urlencode(q), None, {}
            return kind, "GET", f"/api/events/{rng.choice(ids)}", None, {}
        edits.append(len(edits))  # each edit sets a toll no earlier one set, so it always changes something
        body: dict[str, Any] = ({"action": "accept"} if rng.random() < 0.5 else
                                {"action": "edit", "changes": {"fatalities": 1000 + len(edits)}, "comment": "soak"})
        return "write", "PATCH", f"/api/events/{rng.choice(ids)}", body, {"Authorization": f"Bearer {token}"}

    async def one() -> None:
        nonlocal in_flight
        kind, method, target, body, headers = request()
        if in_flight >= 256:
            errors["saturated (256 in flight)"] = errors.get("saturated (256 in flight)", 0) + 1
            return
        in_flight += 1
        t = time.perf_counter()
        try:
            payload = b"" if body is None else json.dumps(body).encode()
            if payload:
                headers = {**headers, "Content-Type": "application/json"}
            status, answer = await asyncio.wait_for(client.send(method, target, payload, headers), timeout=10)
            if 200 <= status < 300:
                latencies.setdefault(kind, []).append(1000 * (time.perf_counter() - t))
            else:
                errors[f"{kind} HTTP {status}"] = errors.get(f"{kind} HTTP {status}", 0) + 1
                samples.setdefault(f"{kind} HTTP {status}", f"{method} {target} {body} -> {answer[:200]!r}")
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
            errors[type(err).__name__] = errors.get(type(err).__name__, 0) + 1
        finally:
            in_flight -= 1

    timeline: list[tuple[float, int, int]] = []  # (seconds, server RSS MB, open fds) every `every` s

    async def watch() -> None:
        while sample is not None:
            timeline.append((time.perf_counter() - start, *sample()))
            await asyncio.sleep(every)

    start = time.perf_counter()
    watcher = asyncio.create_task(watch())
    tasks = []
    for i in range(int(rate * seconds)):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
        if len(tasks) > 1000:
            tasks = [t for t in tasks if not t.done()]
    await asyncio.gather(*tasks)
    watcher.cancel()
    client.close()
    return {"latencies": latencies, "errors": errors, "samples": samples, "seconds": time.perf_counter() - start,
            "timeline": timeline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=60, help="requests per second (open loop)")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db", help="an existing PostgreSQL store URL (default: a throwaway server)")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "tests"))
    server = None
    url = args.db
    if url is None:
        from postgres import Server

        server = Server()
        url = server.start()
    proc = None
    try:
        if not args.skip_load:
            print(f"loaded {args.events:,} events in {load(url, args.events):.0f} s")
        print(f"store: {count(url):,} clusters (PostgreSQL)")
        token = make_token(url)
        ids = cluster_ids(url, 2000)
        port = free_port()
        proc = serve(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(soak(base, args.rate, 10, token, ids, seed=1))  # warm-up, not counted
        rss0, fds0 = footprint(proc.pid)
        server_pid = proc.pid
        result = asyncio.run(soak(base, args.rate, args.seconds, token, ids, sample=lambda: footprint(server_pid)))
        rss1, fds1 = footprint(proc.pid)
        sent = sum(len(v) for v in result["latencies"].values()) + sum(result["errors"].values())
        print(f"server: uvicorn, {args.workers} worker(s); {args.rate:g} req/s for {args.seconds:g} s "
              f"({READ_SHARE:.0%} reads), {sent} requests done in {result['seconds']:.0f} s")
        for kind, ms in sorted(result["latencies"].items()):
            print(f"  {kind:7s} {summary(ms)}")
        print(f"errors: {sum(result['errors'].values())} {result['errors'] or ''}")
        for kind, sample in result["samples"].items():
            print(f"  e.g. {kind}: {sample}")
        print(f"server RSS {rss0} MB -> {rss1} MB ({(rss1 - rss0) / max(rss0, 1):+.0%}); "
              f"open fds {fds0} -> {fds1} ({(fds1 - fds0) / max(fds0, 1):+.0%})")
        # Growth while warming up (the connection pool filling, caches) is not a leak: the
        # figures after the first minute, against the end, say whether it goes on.
        timeline = result["timeline"]
        print("  by minute (s: RSS MB / fds): " + ", ".join(f"{t:.0f}: {r}/{f}" for t, r, f in timeline))
        if len(timeline) > 1:
            _, rss_w, fds_w = timeline[1]
            print(f"  after the first minute: RSS {rss_w} -> {rss1} MB ({(rss1 - rss_w) / max(rss_w, 1):+.0%}); "
                  f"fds {fds_w} -> {fds1} ({(fds1 - fds_w) / max(fds_w, 1):+.0%})")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
