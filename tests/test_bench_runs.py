"""``make bench`` and ``make loadtest`` run end to end on tiny data: every case they time answers 200.

A benchmark that stops on a renamed route or a new required field only shows up when someone needs
figures; these runs catch that in CI. Both start real gunicorn servers from the repository's settings
(never the suite's), and share the ``staticfiles`` directory they collect into, so they run on one
xdist worker (``xdist_group``).
"""

from __future__ import annotations

import os
import re
import socket
import sys

import pytest

import bench.__main__ as bench
from bench import loadtest

pytestmark = pytest.mark.xdist_group("bench-servers")


@pytest.fixture
def server_env(monkeypatch):
    """The servers and commands the drivers start read the production settings, as `make bench` does."""
    for name in ("DJANGO_SETTINGS_MODULE", "VERIFIER_TESTING", "DATABASE_URL", "SQLITE_PATH"):
        monkeypatch.delenv(name, raising=False)


def cells(table: str, measurement: str) -> list[str]:
    line = next(line for line in table.splitlines() if f"| {measurement}" in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_make_bench_measures_every_case_on_a_small_sqlite_database(server_env, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "RESULTS", tmp_path)
    monkeypatch.setattr(bench, "IMPORT_ARTICLES", 40)
    monkeypatch.setattr(bench, "POSTS", 3)
    assert bench.main(["--backends", "sqlite", "--sizes", "200", "--requests", "2"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "latest.md").read_text().strip() == out.strip()

    for fmt in bench.FORMATS:
        rate = cells(out, f"export {fmt}: verdicts/s")[2]
        assert re.fullmatch(r"[\d,]+", rate) and rate != "0", (fmt, rate)
    info = {"project": 1, "article": 1, "claim": 1}
    names = [bench.case_name(path, params) for path, params in bench.list_cases(info)]
    names += [bench.case_name(path, params) for path, params in bench.web_cases(info)]
    assert len(names) == 29
    for name in names:  # every list and web case answered 200 and was timed
        figure = cells(out, f"GET {name} p50 / p95")[2]
        assert re.fullmatch(r"\d+\.\d / \d+\.\d ms", figure), (name, figure)
    imported = cells(out, "POST import of 40 articles: articles/s")[2]
    assert re.fullmatch(r"[\d,]+", imported), imported
    for what in ("claims", "verdicts"):
        assert re.fullmatch(r"\d+\.\d / \d+\.\d ms", cells(out, f"POST /api/v1/{what}/ p50 / p95 (one client)")[2])
    for endpoint in bench.LIST_ENDPOINTS:  # the same number of queries for 10 and 500 rows
        assert cells(out, f"GET {endpoint} queries per page (10 / 500 rows)")[-1] == "yes"


def free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", 0))
                port = a.getsockname()[1]
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two adjacent free ports")


@pytest.mark.postgres
def test_make_loadtest_runs_one_then_two_servers_with_shared_sessions_and_lockout(
    require_postgres, server_env, monkeypatch, capsys
):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = f"postgres://postgres@127.0.0.1:5432/verifier_loadtest_{worker}_bench"
    argv = ["loadtest", "--database-url", url, "--users", "2", "--seconds", "8", "--workers", "1",
            "--port", str(free_port_pair())]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    try:
        with pytest.raises(SystemExit) as exited:
            loadtest.main()
    finally:
        bench.drop_postgres(url)
    out = capsys.readouterr().out
    assert exited.value.code == 0, out
    rows = [line for line in out.splitlines() if re.match(r"\| [12] \| \d+ \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == ["1", "2"]
    for row in rows:
        requests, errors = int(row.split("|")[2]), int(row.split("|")[7])
        assert requests > 0 and errors == 0, row
    assert re.search(r"session made on :\d+ used on :\d+: OK", out)
    assert "OK (counts shared)" in out
