"""``make bench`` / ``python -m bench``: export throughput and memory, list latency, import and write speed.

For each database (an SQLite file and a PostgreSQL database whose name ends in ``_bench``, both
recreated), it seeds claims with ``manage.py bench_seed`` up to each size (20 claims per article, 2
reviewers' verdicts per claim, then ``VACUUM ANALYZE``) and, against gunicorn (one sync worker):

- streams every export format and reads the worker's peak RSS (a fresh server per format);
- times a trivial control request and a page of 50 from every list endpoint with each single
  filter, and the web project page and an article's claims (the reader), p50 / p95;
- times one bulk import of 10,000 articles (~2,000 characters each) and single-client claim and
  verdict POSTs (p50);
- counts the queries per list page in-process.

One table is printed and written to ``bench-results/``.

    python -m bench                                 # 20k and 200k claims, SQLite and PostgreSQL
    python -m bench --quick                         # 2k and 20k claims
    python -m bench --backends postgres --sizes 20000,1000000 --no-exports   # the 1M run
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
FORMATS = ["jsonl", "json", "csv", "claimreview", "webannotation", "fever"]
LIST_ENDPOINTS = ["/api/v1/claims/", "/api/v1/verdicts/"]
CLAIMS_PER_ARTICLE, REVIEWERS = 20, 2
# Targets from the issue: PostgreSQL jsonl/csv throughput, RSS growth, queries per page, list pages
# (p50 / p95 ms; web pages within 2×), bulk import (articles/s per database), single POSTs (p50 ms).
TARGET_RATE = 50_000
TARGET_GROWTH_MB = 50
TARGET_LIST_MS = (10.0, 25.0)
TARGET_WEB_MS = (20.0, 50.0)
TARGET_IMPORT = {"postgres": 10_000, "sqlite": 5_000}
TARGET_POST_MS = 8.0
IMPORT_ARTICLES = 10_000
POSTS = 50
CONTROL = "/api/v1/auth/tokens/"  # token check and one tiny query: the stack's own cost


def list_cases(info: dict) -> list[tuple[str, dict[str, str | int]]]:
    """Every list endpoint alone and with each single filter, filtering by values that match."""
    recent = "2000-01-01T00:00:00Z"
    claims = [{}, {"project": info["project"]}, {"article": info["article"]}, {"status": "conflict"},
              {"label": "disputed"}, {"reviewer": "bench-r1"}, {"claimant": "mayor"}, {"search": "cranes"},
              {"updated_after": recent}]  # fmt: skip
    verdicts = [{}, {"project": info["project"]}, {"article": info["article"]}, {"claim": info["claim"]},
                {"status": "conflict"}, {"label": "disputed"}, {"reviewer": "bench-r1"}, {"claimant": "mayor"},
                {"search": "table"}, {"updated_after": recent}]  # fmt: skip
    articles = [{}, {"project": info["project"]}, {"status": "conflict"}, {"search": "cranes"}, {"language": "en"},
                {"updated_after": recent}]  # fmt: skip
    return [
        *(("/api/v1/claims/", f) for f in claims),
        *(("/api/v1/verdicts/", f) for f in verdicts),
        *(("/api/v1/articles/", f) for f in articles),
    ]


def web_cases(info: dict) -> list[tuple[str, dict[str, str | int]]]:
    """The project page (pages 1 and 3), the project's claims list (the issue's "claims list") and the reader."""
    return [
        ("/p/bench/", {}),
        ("/p/bench/", {"page": 3}),
        ("/p/bench/claims/", {}),
        (f"/p/bench/articles/{info['article']}/", {}),
    ]


def case_name(path: str, params: dict) -> str:
    """The case's name in the table: ids (which differ between sizes) shown as ``<id>``."""
    shown = {k: "<id>" if k in ("project", "article", "claim") else v for k, v in params.items()}
    path = "/".join("<id>" if part.isdigit() else part for part in path.split("/"))
    return path + ("?" + urlencode(shown, safe="<>:") if shown else "")


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


@dataclass
class Backend:
    name: str
    env: dict[str, str]
    # (measurement, size) -> a figure: a float, a (p50, p95[, …]) tuple or a {page size: queries} dict.
    results: dict[tuple[str, int], Any] = field(default_factory=dict)
    note: str = ""


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def run(args: list[str], env: dict[str, str], capture: bool = False) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )  # fmt: skip
    return done.stdout or ""


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        DEBUG="0", SECRET_KEY="bench-" + secrets.token_urlsafe(40), ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0", LOG_LEVEL="WARNING", DB_CONN_MAX_AGE="60", PYTHONUNBUFFERED="1",
        PYTHONWARNINGS="ignore:No directory at:UserWarning",  # whitenoise: no collectstatic for an API bench
        IMPORT_MAX_BYTES=str(64 * 1024 * 1024),  # the 10,000-article import is about 22 MB
    )  # fmt: skip
    return env


def reset_sqlite(path: Path) -> dict[str, str]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {**base_env(), "SQLITE_PATH": str(path)}


def bench_database_name(url: str) -> str:
    """The database ``url`` names, refused unless it ends in ``_bench`` (the bench drops it)."""
    name = urlsplit(url).path.lstrip("/")
    if not name.endswith("_bench"):
        raise ValueError(f"refusing to drop database {name!r}: --postgres must name a database ending in _bench")
    return name


def reset_postgres(url: str) -> dict[str, str]:
    import psycopg
    from psycopg import sql

    name = drop_postgres(url)
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {**base_env(), "DATABASE_URL": url}


def drop_postgres(url: str) -> str:
    """Drop the ``_bench`` database ``url`` names, if it exists; its name."""
    import psycopg
    from psycopg import sql

    name = bench_database_name(url)
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return name


def static_files_current() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(path.stat().st_mtime < built for path in (ROOT / "static").rglob("*") if path.is_file())


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a server we started, and kill it if it has not stopped within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    """A free port on 127.0.0.1: any, or the first free one in ``BENCH_PORTS`` (e.g. ``18200-18249``)."""
    low, _, high = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


class Server:
    """gunicorn with one sync worker, whose peak RSS we read from /proc."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "verifier.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                "--workers", "1", "--worker-class", "sync", "--timeout", "600", "--log-level", "warning",
                # gunicorn.conf.py (read from the working directory) recycles workers every ~2,000 requests;
                # a restart inside a latency run would show up as a p95 outlier.
                "--max-requests", "0", "--access-logfile", "/dev/null",
            ],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not start")

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.worker_pid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc")

    def get(self, path: str, token: str, params: dict | None = None, session: str = "") -> tuple[int, int, float]:
        """Status, body bytes and seconds to the last byte, reading the stream in 1 MiB pieces."""
        return self.request("GET", path, token, params, session=session)[:3]

    def request(
        self,
        method: str,
        path: str,
        token: str,
        params: dict | None = None,
        *,
        body: bytes | None = None,
        session: str = "",
    ) -> tuple[int, int, float, bytes]:
        """Status, body bytes, seconds to the last byte and the first MiB of the body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        url = path + ("?" + urlencode(params) if params else "")
        headers = {"Host": "127.0.0.1"}
        if session:
            headers["Cookie"] = f"sessionid={session}"
        else:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        conn.request(method, url, body=body, headers=headers)
        response = conn.getresponse()
        first = b""
        size = 0
        while chunk := response.read(1 << 20):
            first = first or chunk
            size += len(chunk)
        elapsed = time.perf_counter() - started
        conn.close()
        return response.status, size, elapsed, first

    def stop(self) -> None:
        stop_process(self.process)


def measure(backend: Backend, size: int, latency_requests: int, exports: bool = True) -> None:
    env = backend.env
    info = json.loads(run(["-m", "bench.worker", "prepare"], env, capture=True))
    log(f"{backend.name} {size}: {info['verdicts']} verdicts")
    for fmt in FORMATS if exports else []:
        server = Server(env)
        try:
            server.get("/api/v1/export/verdicts/", info["token"], {"format": fmt, "project": 0})  # warm up
            status, nbytes, seconds = server.get("/api/v1/export/verdicts/", info["token"], {"format": fmt})
            if status != 200:
                raise RuntimeError(f"export {fmt} answered HTTP {status}")
            covered = info["settled_verdicts"] if fmt == "claimreview" else info["verdicts"]
            backend.results[(f"export {fmt}", size)] = (covered / seconds, server.peak_rss_mb(), nbytes)
            rate, rss = covered / seconds, server.peak_rss_mb()
            log(f"  {fmt}: {rate:,.0f} verdicts/s, {nbytes / 1e6:.0f} MB, peak RSS {rss:.0f} MB")
        finally:
            server.stop()
    server = Server(env)
    try:
        measure_latency(backend, size, server, info, latency_requests)
        measure_writes(backend, size, server, info)
    finally:
        server.stop()
    counts = json.loads(run(["-m", "bench.worker", "queries"], env, capture=True))
    for endpoint, by_size in counts.items():
        backend.results[(f"queries {endpoint}", size)] = by_size
        log(f"  {endpoint}: queries per page {by_size}")


def measure_latency(backend: Backend, size: int, server: Server, info: dict, requests: int) -> None:
    """p50 / p95 of the control request, each list case (page of 50) and the web pages, interleaved
    round by round so that a burst of load from elsewhere hits every case alike."""
    cases: list[tuple[str, str, dict, str]] = [("control", CONTROL, {}, "")]
    cases += [("list", path, {**params, "page_size": 50}, "") for path, params in list_cases(info)]
    cases += [("web", path, params, info["session"]) for path, params in web_cases(info)]
    times: dict[str, list[float]] = {}
    for kind, path, params, session in cases:  # warm up, and check every case answers
        status, _, _ = server.get(path, info["token"], params, session=session)
        name = case_name(path, {k: v for k, v in params.items() if k != "page_size"})
        if status != 200:
            backend.results[(f"{kind} {name}", size)] = f"HTTP {status}"
        else:
            times[f"{kind} {name}"] = []
    for _ in range(requests):
        for kind, path, params, session in cases:
            key = f"{kind} " + case_name(path, {k: v for k, v in params.items() if k != "page_size"})
            if key in times:
                times[key].append(server.get(path, info["token"], params, session=session)[2] * 1000)
    for key, values in times.items():
        backend.results[(key, size)] = percentiles(values)
        log(f"  {key}: p50 {backend.results[(key, size)][0]:.1f} ms, p95 {backend.results[(key, size)][1]:.1f} ms")


def measure_writes(backend: Backend, size: int, server: Server, info: dict) -> None:
    """One bulk import of 10,000 articles; then single-client claim POSTs and verdict POSTs."""
    items = [
        {"title": f"Imported article {i}", "body": f"Article {i} of the import run at {size}. " + IMPORT_TEXT,
         "source": "Bench Wire", "url": f"https://example.org/import/{size}/{i}", "language": "en"}
        for i in range(IMPORT_ARTICLES)
    ]  # fmt: skip
    body = json.dumps(items).encode()
    status, _, seconds, first = server.request(
        "POST", "/api/v1/articles/import/", info["token"], {"project": info["import_project"]}, body=body
    )
    created = json.loads(first).get("created") if status == 200 else None
    if status != 200 or created != IMPORT_ARTICLES:
        backend.results[("import", size)] = f"HTTP {status}, created {created}"
    else:
        backend.results[("import", size)] = IMPORT_ARTICLES / seconds
        log(f"  import: {IMPORT_ARTICLES / seconds:,.0f} articles/s ({len(body) / 1e6:.0f} MB in {seconds:.1f} s)")
    claim_times, verdict_times, claim_ids = [], [], []
    for i in range(POSTS):
        quote = f"Sentence number {i} says the port moved {i * 7} containers."
        payload = json.dumps({"article": info["post_article"], "quote": quote, "statement": "Checkable."}).encode()
        status, _, seconds, first = server.request("POST", "/api/v1/claims/", info["token"], body=payload)
        if status != 201:
            backend.results[("post claim", size)] = f"HTTP {status}"
            return
        claim_times.append(seconds * 1000)
        claim_ids.append(json.loads(first)["id"])
    for claim_id in claim_ids:
        payload = json.dumps({"claim": claim_id, "label": "confirmed", "rationale": "Matches table 3."}).encode()
        status, _, seconds, _ = server.request("POST", "/api/v1/verdicts/", info["token"], body=payload)
        if status != 201:
            backend.results[("post verdict", size)] = f"HTTP {status}"
            return
        verdict_times.append(seconds * 1000)
    backend.results[("post claim", size)] = percentiles(claim_times)
    backend.results[("post verdict", size)] = percentiles(verdict_times)
    claim_p50, verdict_p50 = percentiles(claim_times)[0], percentiles(verdict_times)[0]
    log(f"  POST claim p50 {claim_p50:.1f} ms, POST verdict p50 {verdict_p50:.1f} ms")


IMPORT_TEXT = " ".join(
    f"Paragraph {k}: the harbour authority reported {k * 113} container moves and {k % 9} delayed ships."
    for k in range(22)
)  # about 2,000 characters, like the peers' comparison


def seed_to(backend: Backend, current: int, target: int) -> int:
    """Grow the benchmark project to ``target`` claims (20 per article, 2 verdicts each)."""
    articles = max(0, (target - current) // CLAIMS_PER_ARTICLE)
    started = time.perf_counter()
    run(
        ["manage.py", "bench_seed", "--articles", str(articles), "--claims-per-article", str(CLAIMS_PER_ARTICLE),
         "--reviewers", str(REVIEWERS)],
        backend.env,
    )  # fmt: skip
    made = articles * CLAIMS_PER_ARTICLE
    log(f"{backend.name}: seeded {made} claims, {made * REVIEWERS} verdicts in {time.perf_counter() - started:.1f} s")
    return current + made


def latency_row(b: Backend, key: str, label: str, sizes: list[int], target: tuple[float, float] | None) -> list[str]:
    cells = [b.results.get((key, s)) for s in sizes]
    shown = [f"{c[0]:.1f} / {c[1]:.1f} ms" if isinstance(c, tuple) else str(c or "–") for c in cells]
    if target is None:
        return [b.name, label, *shown, "", ""]
    met = all(isinstance(c, tuple) and c[0] <= target[0] and c[1] <= target[1] for c in cells)
    return [b.name, label, *shown, f"≤ {target[0]:.0f} / {target[1]:.0f} ms", "yes" if met else "NO"]


def table(backends: list[Backend], sizes: list[int]) -> str:
    heads = ["backend", "measurement", *(f"{s // 1000}k claims" for s in sizes), "target", "met"]
    rows: list[list[str]] = []
    for b in backends:
        if b.note:
            rows.append([b.name, b.note, *([""] * len(sizes)), "", ""])
            continue
        for fmt in FORMATS:
            cells: list[Any] = [b.results.get((f"export {fmt}", s)) for s in sizes]
            if not any(cells):
                continue
            rates = [f"{c[0]:,.0f}" if c else "–" for c in cells]
            targeted = b.name == "postgres" and fmt in ("jsonl", "csv")
            met = all(c and c[0] >= TARGET_RATE for c in cells) if targeted else None
            rows.append([b.name, f"export {fmt}: verdicts/s", *rates, f"≥ {TARGET_RATE:,}" if targeted else "",
                         "" if met is None else ("yes" if met else "NO")])  # fmt: skip
            rss = [f"{c[1]:.0f} MB" for c in cells if c]
            growth = cells[-1][1] - cells[0][1] if all(cells) else None
            rows.append([b.name, f"export {fmt}: server peak RSS", *rss + ["–"] * (len(sizes) - len(rss)),
                         f"growth < {TARGET_GROWTH_MB} MB" + (f" (+{growth:.0f})" if growth is not None else ""),
                         "yes" if growth is not None and growth < TARGET_GROWTH_MB else "NO"])  # fmt: skip
        kinds = ("control", "list", "web")
        keys = [k for k in dict.fromkeys(k for k, _ in b.results) if k.split(" ", 1)[0] in kinds]
        keys.sort(key=lambda k: kinds.index(k.split(" ", 1)[0]))  # stable: cases stay in run order
        for key in keys:
            kind, name = key.split(" ", 1)
            target = {"control": None, "list": TARGET_LIST_MS, "web": TARGET_WEB_MS}[kind]
            label = f"GET {name} p50 / p95" + (" (control)" if kind == "control" else "")
            rows.append(latency_row(b, key, label, sizes, target))
        for endpoint in LIST_ENDPOINTS:
            cells = [b.results.get((f"latency {endpoint}", s)) for s in sizes]
            if any(cells):  # the figures of earlier runs (default page of 100)
                rows.append(latency_row(b, f"latency {endpoint}", f"GET {endpoint} p50 / p95", sizes, None))
        cells = [b.results.get(("import", s)) for s in sizes]
        if any(cells):
            goal = TARGET_IMPORT.get(b.name, TARGET_IMPORT["sqlite"])
            shown = [f"{c:,.0f}" if isinstance(c, float) else str(c or "–") for c in cells]
            met = all(isinstance(c, float) and c >= goal for c in cells)
            rows.append([b.name, f"POST import of {IMPORT_ARTICLES:,} articles: articles/s", *shown, f"≥ {goal:,}",
                         "yes" if met else "NO"])  # fmt: skip
        for what in ("claim", "verdict"):
            cells = [b.results.get((f"post {what}", s)) for s in sizes]
            if any(cells):
                row = latency_row(b, f"post {what}", f"POST /api/v1/{what}s/ p50 / p95 (one client)", sizes, None)
                met = all(isinstance(c, tuple) and c[0] <= TARGET_POST_MS for c in cells)
                rows.append([*row[:-2], f"p50 ≤ {TARGET_POST_MS:.0f} ms", "yes" if met else "NO"])
        for endpoint in LIST_ENDPOINTS:
            cells = [b.results.get((f"queries {endpoint}", s)) or {} for s in sizes]
            shown = [" / ".join(str(c.get(k, "–")) for k in ("10", "500")) for c in cells]
            values = {v for c in cells for v in c.values()}
            same = len(values) == 1 and all(isinstance(v, int) for v in values)
            rows.append([b.name, f"GET {endpoint} queries per page (10 / 500 rows)", *shown,
                         "same for every page size", "yes" if same else "NO"])  # fmt: skip
    widths = [max(len(str(r[i])) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2k and 20k claims, 20 requests per latency")
    parser.add_argument("--sizes", help="comma-separated claim counts (default 20000,200000); 2 verdicts per claim")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/verifier_bench",
        help="PostgreSQL URL; the database is dropped and recreated, so its name must end in _bench",
    )
    parser.add_argument("--requests", type=int, help="requests per latency figure (default 50)")
    parser.add_argument("--no-exports", action="store_true", help="skip the export measurements (the 1M run)")
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else ([2000, 20000] if args.quick else [20000, 200000])
    )
    requests = args.requests or (20 if args.quick else 50)
    if "postgres" in args.backends.split(","):
        try:
            bench_database_name(args.postgres)
        except ValueError as exc:
            parser.error(str(exc))
    started = time.perf_counter()

    RESULTS.mkdir(exist_ok=True)
    # The web pages need the hashed static files (DEBUG off); collectstatic writes ./staticfiles only,
    # and is skipped while its manifest is newer than every file in ./static (it compresses every file).
    if not static_files_current():
        run(["manage.py", "collectstatic", "--noinput", "-v", "0"], base_env())
    backends: list[Backend] = []
    for name in args.backends.split(","):
        try:
            env = reset_sqlite(RESULTS / "bench.sqlite3") if name == "sqlite" else reset_postgres(args.postgres)
        except Exception as exc:
            backends.append(Backend(name, {}, note=f"skipped: {exc}".splitlines()[0][:80]))
            log(f"{name}: skipped ({exc})")
            continue
        backend = Backend(name, env)
        backends.append(backend)
        run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
        current = 0
        for size in sizes:
            current = seed_to(backend, current, size)
            measure(backend, size, requests, exports=not args.no_exports)

    result = table(backends, sizes)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    header = (
        f"verifier benchmark {stamp}: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end, "
        f"{CLAIMS_PER_ARTICLE} claims per article, {REVIEWERS} reviewers per claim, {requests} requests per "
        f"latency, took {time.perf_counter() - started:.0f} s"
    )
    for path in (RESULTS / f"bench-{stamp}.md", RESULTS / "latest.md"):
        path.write_text(header + "\n\n" + result + "\n")
    print(header + "\n\n" + result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
