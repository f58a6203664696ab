"""The benchmark's in-process measurements and its table (``python -m bench``)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bench.__main__ import FORMATS, LIST_ENDPOINTS, Backend, bench_database_name, main, table
from bench.worker import prepare, queries

pytestmark = pytest.mark.django_db


def test_prepare_gives_a_working_token_and_the_verdict_counts(client):
    call_command("bench_seed", articles=2, claims_per_article=10, reviewers=3)
    info = prepare("bench")
    assert {"session", "project", "article", "claim", "post_article", "import_project"} <= set(info)
    assert info["verdicts"] == 60
    assert 0 < info["settled_verdicts"] < 60  # only claims with a published decision have a ClaimReview
    response = client.get("/api/v1/export/verdicts/", {"format": "fever"}, HTTP_AUTHORIZATION=f"Token {info['token']}")
    assert response.status_code == 200


def test_queries_per_page_are_counted_for_both_page_sizes(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]  # as bench runs the server
    call_command("bench_seed", articles=2, claims_per_article=10, reviewers=3)
    counts = queries("bench")
    assert set(counts) == set(LIST_ENDPOINTS)
    for by_size in counts.values():
        assert set(by_size) == {"10", "500"}
        assert all(isinstance(n, int) and n > 0 for n in by_size.values())


def results(jsonl_rates=(90_000, 80_000), rss=(80.0, 85.0), pages=(3, 3)) -> Backend:
    backend = Backend("postgres", {})
    for fmt in FORMATS:
        for size, rate, peak in zip((20_000, 200_000), jsonl_rates, rss, strict=True):
            backend.results[(f"export {fmt}", size)] = (rate, peak, 1000)
    for endpoint in LIST_ENDPOINTS:
        for size in (20_000, 200_000):
            backend.results[(f"latency {endpoint}", size)] = (12.0, 20.0)
            backend.results[(f"queries {endpoint}", size)] = {"10": pages[0], "500": pages[1]}
    return backend


def row(text: str, measurement: str) -> list[str]:
    line = next(line for line in text.splitlines() if measurement in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_table_checks_each_target():
    good = table([results()], [20_000, 200_000])
    assert row(good, "export jsonl: verdicts/s") == ["postgres", "export jsonl: verdicts/s", "90,000", "80,000",
                                                     "≥ 50,000", "yes"]  # fmt: skip
    assert row(good, "export csv: server peak RSS")[-2:] == ["growth < 50 MB (+5)", "yes"]
    assert row(good, "GET /api/v1/claims/ p50")[2:4] == ["12.0 / 20.0 ms", "12.0 / 20.0 ms"]
    assert row(good, "GET /api/v1/verdicts/ queries")[-1] == "yes"

    bad = table([results(jsonl_rates=(60_000, 40_000), rss=(80.0, 140.0), pages=(3, 4))], [20_000, 200_000])
    assert row(bad, "export jsonl: verdicts/s")[-1] == "NO"
    assert row(bad, "export jsonl: server peak RSS")[-2:] == ["growth < 50 MB (+60)", "NO"]
    assert row(bad, "GET /api/v1/claims/ queries")[-1] == "NO"
    assert row(bad, "export fever: verdicts/s")[-1] == ""  # no target for the other formats


def test_an_unreachable_database_is_reported_in_the_table():
    text = table([Backend("postgres", {}, note="skipped: connection refused")], [20_000, 200_000])
    assert "skipped: connection refused" in text


def test_the_postgres_database_must_be_a_bench_database():
    assert bench_database_name("postgres://postgres@127.0.0.1:5432/verifier_perf_bench") == "verifier_perf_bench"
    for url in ("postgres://postgres@127.0.0.1:5432/verifier", "postgres://h/bench_x", 'postgres://h/x"; DROP'):
        with pytest.raises(ValueError, match="ending in _bench"):
            bench_database_name(url)


def test_the_command_refuses_another_database_before_touching_anything(capsys):
    with pytest.raises(SystemExit):
        main(["--backends", "postgres", "--postgres", "postgres://postgres@127.0.0.1:5432/verifier"])
    assert "ending in _bench" in capsys.readouterr().err


def test_the_table_shows_list_write_and_control_figures_against_their_targets():
    backend = Backend("postgres", {})
    for size in (20_000, 1_000_000):
        backend.results[("control /api/v1/auth/tokens/", size)] = (3.0, 4.0)
        backend.results[("list /api/v1/claims/?status=conflict", size)] = (6.0, 9.0)
        backend.results[("web /p/bench/", size)] = (15.0, 60.0)
        backend.results[("import", size)] = 12_000.0
        backend.results[("post claim", size)] = (7.0, 9.0)
        backend.results[("post verdict", size)] = (9.0, 11.0)
    text = table([backend], [20_000, 1_000_000])
    assert row(text, "auth/tokens/")[2:] == ["3.0 / 4.0 ms", "3.0 / 4.0 ms", "", ""]
    assert row(text, "claims/?status=conflict")[-2:] == ["≤ 10 / 25 ms", "yes"]
    assert row(text, "GET /p/bench/ p50")[-2:] == ["≤ 20 / 50 ms", "NO"]
    assert row(text, "POST import")[2:] == ["12,000", "12,000", "≥ 10,000", "yes"]
    assert row(text, "POST /api/v1/claims/")[-1] == "yes"
    assert row(text, "POST /api/v1/verdicts/")[-1] == "NO"
    assert "1000k claims" in text.splitlines()[0]


def test_static_files_are_collected_again_when_a_source_file_is_newer(tmp_path, monkeypatch):
    import os

    import bench.__main__ as bench

    (tmp_path / "static" / "css").mkdir(parents=True)
    source = tmp_path / "static" / "css" / "app.css"
    source.write_text("body {}")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    assert not bench.static_files_current()  # never collected
    (tmp_path / "staticfiles").mkdir()
    manifest = tmp_path / "staticfiles" / "staticfiles.json"
    manifest.write_text("{}")
    os.utime(source, (1_000_000, 1_000_000))
    assert bench.static_files_current()
    os.utime(source, None)  # edited after the last collectstatic
    os.utime(manifest, (1_000_000, 1_000_000))
    assert not bench.static_files_current()
