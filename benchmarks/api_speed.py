"""Speed of the web API over 10^6 synthetic events in PostgreSQL.

    .venv/bin/python benchmarks/api_speed.py [--events 1000000] [--rate 200] [--seconds 60]
        [--workers 1,2] [--db postgresql+psycopg://...] [--skip-load] [--skip-browser]
        [--date-place-index] [--load-only]

1. Starts a throwaway PostgreSQL server (tests/postgres.py) unless --db names one, and loads
   --events synthetic events (one report per event, one cluster per report, around 300 hot spots,
   dates over ten years) with COPY.
2. Serves the app with uvicorn in child processes (--workers) on 127.0.0.1.
3. p50/p95/p99 of GET /api/events with a bbox (4 x 4 degrees around a hot spot) and a 30-day date
   range, sequential requests: the API's default page (100 full records) and the page's own
   request (up to 1000 brief records), and /api/stats with the same filters.
4. A bounded loopback load: --rate requests/s for --seconds s (open loop: requests start on
   schedule whether or not earlier ones finished; at most 256 in flight), errors counted.
5. First page load in Chromium: navigation to map and list drawn, and to the timeline drawn.

Prints figures; asserts nothing. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

TYPES = {
    "Battles": ["Armed clash"],
    "Explosions/Remote violence": ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest"],
    "Riots": ["Mob violence"],
    "Strategic developments": ["Arrests", "Disrupted weapons use"],
}
COUNTRIES = ["AZE", "ARM", "UKR", "RUS", "SYR", "IRQ", "YEM", "AFG", "PAK", "IND", "MMR", "NGA", "MLI", "BFA", "NER",
             "SDN", "SSD", "ETH", "SOM", "COD", "CAF", "CMR", "MOZ", "LBY", "COL", "MEX", "BRA", "PHL", "ISR", "PSE"]
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650
REPORT_COLS = ("event_id", "article_id", "event_date", "event_date_end", "time_precision", "event_type",
               "sub_event_type", "plover_type", "actor1", "actor1_iso3", "actor2", "actor2_iso3", "country", "iso3",
               "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities", "status", "source",
               "notes", "confidence")
CLUSTER_COLS = ("cluster_id", "representative_id", "n_reports", "fatalities", "fatalities_rule", "event_date",
                "event_type", "sub_event_type", "actor1", "actor2", "iso3", "latitude", "longitude", "status")


def hotspots(rng: random.Random) -> list[tuple[float, float, str]]:
    return [(rng.uniform(-35, 55), rng.uniform(-20, 125), rng.choice(COUNTRIES)) for _ in range(300)]


def conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def load(url: str, n: int, seed: int = 7) -> float:
    """COPY n synthetic events (articles of 1000 reports each) into an empty store; seconds taken."""
    import psycopg

    from frontwire.store import Store

    Store.open(url).close()  # creates the schema (migrations)
    rng = random.Random(seed)
    spots = hotspots(rng)
    t0 = time.perf_counter()
    now = datetime.now(UTC)
    with psycopg.connect(conninfo(url)) as conn, conn.cursor() as cur:
        with cur.copy("COPY articles (article_id, text_hash, source, published, text, n_events, ingested_at) "
                      "FROM STDIN") as copy:
            for a in range((n + 999) // 1000):
                copy.write_row((f"art{a:06d}", hashlib.sha256(str(a).encode()).hexdigest(), "synthetic.example",
                                "2020-01-01", f"synthetic article {a}", 1000, now))
        reports = cur.copy(f"COPY reports ({', '.join(REPORT_COLS)}) FROM STDIN")
        with reports as copy:
            clusters = []
            for i in range(n):
                lat0, lon0, iso3 = spots[int(rng.paretovariate(1.2)) % len(spots)]
                lat, lon = round(lat0 + rng.gauss(0, 1.0), 4), round(lon0 + rng.gauss(0, 1.0), 4)
                day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
                etype = rng.choice(list(TYPES))
                sub = rng.choice(TYPES[etype])
                dead = int(rng.expovariate(0.3)) if etype != "Protests" else 0
                status = "reported" if rng.random() < 0.85 else rng.choice(["claimed", "denied", "historical"])
                eid = f"ev{i:07d}"
                actor1 = f"Military Forces of {iso3}"
                copy.write_row((eid, f"art{i // 1000:06d}", day, day, 1, etype, sub, "ASSAULT", actor1, iso3,
                                "Civilians", iso3, iso3, iso3, f"Region {i % 97}", f"Place {i % 5003}", lat, lon, 1,
                                dead, status, "synthetic.example", f"synthetic event {i} in place {i % 5003}", 0.5))
                clusters.append((eid, eid, 1, dead, "the only report", day, etype, sub, actor1, "Civilians", iso3,
                                 lat, lon, status))
        with cur.copy(f"COPY clusters ({', '.join(CLUSTER_COLS)}) FROM STDIN") as copy:
            for row in clusters:
                copy.write_row(row)
        with cur.copy("COPY cluster_members (event_id, cluster_id) FROM STDIN") as copy:
            for row in clusters:
                copy.write_row((row[0], row[0]))
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def count(url: str) -> int:
    import psycopg

    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute("SELECT count(*) FROM clusters").fetchone()
        return int(row[0]) if row else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FRONTWIRE_DB": url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "frontwire.web.app:from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", "--no-access-log"], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def random_query(rng: random.Random, spots: list[tuple[float, float, str]]) -> dict[str, Any]:
    lat, lon, _ = rng.choice(spots)
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 30))
    return {"bbox": f"{lon - 2:.2f},{lat - 2:.2f},{lon + 2:.2f},{lat + 2:.2f}", "since": start.isoformat(),
            "until": (start + timedelta(days=29)).isoformat()}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(ms: list[float]) -> str:
    return (f"n={len(ms)} p50={pct(ms, 50):.1f} ms p95={pct(ms, 95):.1f} ms p99={pct(ms, 99):.1f} ms "
            f"max={max(ms):.1f} ms")


def sequential(base: str, path: str, extra: dict[str, Any], n: int, seed: int) -> tuple[list[float], float]:
    rng = random.Random(seed)
    spots = hotspots(random.Random(7))
    times: list[float] = []
    rows = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        client.get(path, params={**random_query(rng, spots), **extra})  # warm the connection
        for _ in range(n):
            params = {**random_query(rng, spots), **extra}
            t = time.perf_counter()
            r = client.get(path, params=params)
            times.append(1000 * (time.perf_counter() - t))
            r.raise_for_status()
            rows += len(r.json().get("events", [])) if path == "/api/events" else 0
    return times, rows / n


class LoopbackClient:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams (GET, and any method for soak.py). The load generator shares two
    cores with the server and the database, and httpx's async client costs more CPU per request
    than the API itself, so the generator would measure its own limit, not the server's."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def get(self, target: str) -> tuple[int, bytes]:
        return await self.send("GET", target)

    async def send(self, method: str, target: str, body: bytes = b"",
                   headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if body:
            extra += f"Content-Length: {len(body)}\r\n"
        request = f"{method} {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{extra}\r\n".encode() + body
        if self.idle:
            try:
                return await self._send(self.idle.pop(), request)
            except (asyncio.IncompleteReadError, ConnectionError):
                pass  # the server closed this idle keep-alive connection meanwhile (no response byte): retry
                # once on a new one, as HTTP clients do for a request that got no response byte
        return await self._send(await asyncio.open_connection(self.host, self.port), request)

    async def _send(self, conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes) -> tuple[int, bytes]:
        reader, writer = conn
        try:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            if "content-length" in headers:
                body = await reader.readexactly(int(headers["content-length"]))
            else:  # chunked
                parts = []
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    parts.append(await reader.readexactly(size + 2))
                    if size == 0:
                        break
                body = b"".join(p[:-2] for p in parts)
        except BaseException:
            writer.close()
            raise
        if headers.get("connection", "").lower() == "close":
            writer.close()
        else:
            self.idle.append((reader, writer))
        return status, body

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def open_loop(base: str, rate: float, seconds: float, seed: int) -> dict[str, Any]:
    """`rate` requests/s for `seconds` s, started on schedule (open loop), at most 256 in flight."""
    rng = random.Random(seed)
    spots = hotspots(random.Random(7))
    total = int(rate * seconds)
    in_flight = 0
    latencies: list[float] = []
    errors: dict[str, int] = {}
    host, port = base.removeprefix("http://").split(":")
    client = LoopbackClient(host, int(port))

    def error(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def one(params: dict[str, Any]) -> None:
        nonlocal in_flight
        if in_flight >= 256:
            error("saturated (256 in flight)")
            return
        in_flight += 1
        t = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(client.get("/api/events?" + urlencode(params)), timeout=10)
            if status == 200:
                latencies.append(1000 * (time.perf_counter() - t))
            else:
                error(f"HTTP {status}")
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
            error(type(err).__name__)
        finally:
            in_flight -= 1

    start = time.perf_counter()
    tasks = []
    for i in range(total):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(random_query(rng, spots))))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    client.close()
    return {"sent": total, "ok": len(latencies), "errors": errors, "seconds": elapsed,
            "latency": summary(latencies) if latencies else "-"}


def first_page(base: str, runs: int = 5) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})  # a cold cache each time
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='true']", timeout=60000)
            marks = page.evaluate("""() => {
                const m = (name) => (performance.getEntriesByName(name)[0] || {}).startTime || null;
                const nav = performance.getEntriesByType('navigation')[0];
                return {dom: nav.domContentLoadedEventEnd, events: m('frontwire:events'),
                        timeline: m('frontwire:timeline'), shown: document.querySelectorAll('#event-list li').length};
            }""")
            out.append(marks)
            context.close()
        browser.close()
    return out


def measure(base: str, workers: int, args: argparse.Namespace) -> None:
    print(f"server: uvicorn, {workers} worker(s), {base}")

    times, rows = sequential(base, "/api/events", {}, args.requests, 1)
    print(f"GET /api/events bbox+30 days, limit 100, full records: {summary(times)}; {rows:.1f} events/page")
    times, rows = sequential(base, "/api/events", {"brief": "true", "limit": 1000, "order": "desc",
                                                    "status": "reported,claimed,denied,threatened"},
                             args.requests, 2)
    print(f"GET /api/events bbox+30 days, the page's request (brief, limit 1000): {summary(times)}; "
          f"{rows:.1f} events/page")
    times, _ = sequential(base, "/api/stats", {}, min(args.requests, 200), 3)
    print(f"GET /api/stats bbox+30 days: {summary(times)}")
    t = time.perf_counter()
    httpx.get(f"{base}/api/stats", params={"status": "reported,claimed,denied,threatened", "by": "day"}, timeout=120)
    print(f"GET /api/stats?by=day over every event (the page's first timeline): "
          f"{1000 * (time.perf_counter() - t):.0f} ms")

    before = os.getloadavg()[0]
    result = asyncio.run(open_loop(base, args.rate, args.seconds, 4))
    print(f"load average (1 min) of this machine: {before:.1f} before the load run, {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} cores; other processes count too)")
    print(f"load: {result['sent']} requests at {args.rate:g}/s scheduled over {args.seconds:g} s, done in "
          f"{result['seconds']:.1f} s; ok {result['ok']}, errors {sum(result['errors'].values())} "
          f"{result['errors'] or ''}; latency {result['latency']}")

    if not args.skip_browser:
        loads = first_page(base)
        for i, m in enumerate(loads):
            print(f"first page load {i + 1}: DOMContentLoaded {m['dom']:.0f} ms, map+list drawn "
                  f"{m['events']:.0f} ms, timeline drawn {m['timeline']:.0f} ms, {m['shown']} list items")
        print(f"first page load median: map+list {statistics.median(m['events'] for m in loads):.0f} ms, "
              f"timeline {statistics.median(m['timeline'] for m in loads):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", default="1", help="uvicorn worker processes; a list (1,2) runs each in turn")
    parser.add_argument("--requests", type=int, default=500, help="sequential requests for the latency figures")
    parser.add_argument("--db", help="an existing PostgreSQL store URL (default: a throwaway server)")
    parser.add_argument("--skip-load", action="store_true", help="the store already holds the events")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--date-place-index", action="store_true",
                        help="make sure of the index clusters (event_date, latitude, longitude) and re-ANALYZE "
                             "(the schema has it since migration 0002; for stores loaded before)")
    parser.add_argument("--load-only", action="store_true",
                        help="load, print the URL and leave the throwaway server running (to study plans)")
    args = parser.parse_args()

    server = None
    url = args.db
    if url is None:
        from postgres import Server

        server = Server()
        url = server.start()
        print(f"postgres: throwaway server at {url}")
    proc = None
    try:
        if not args.skip_load:
            seconds = load(url, args.events)
            print(f"loaded {args.events:,} events in {seconds:.0f} s")
        print(f"store: {count(url):,} clusters")
        if args.date_place_index:
            import psycopg

            with psycopg.connect(conninfo(url), autocommit=True) as conn:
                conn.execute("CREATE INDEX IF NOT EXISTS clusters_date_place ON clusters (event_date, latitude, longitude)")
                conn.execute("ANALYZE clusters")
            print("index clusters_date_place (event_date, latitude, longitude) present (migration 0002), analyzed")
        if args.load_only and server is not None:
            print(f"left running: stop it with pg_ctl -D {server.data} stop (as {'postgres' if server.as_root else 'you'})")
            server = None
            return
        for workers in (int(w) for w in args.workers.split(",")):
            port = free_port()
            proc = serve(url, port, workers)
            try:
                measure(f"http://127.0.0.1:{port}", workers, args)
            finally:
                proc.terminate()
                proc.wait(10)
                proc = None
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
