"""The benchmarks in ``bench/`` still run, on both databases (a smoke test, not a timing).

Their figures live in docs/PERFORMANCE.md and come from 100,000 demo cases; here they run on a
few hundred with two rounds, so that a change to the queue, the API or the reports that
breaks a benchmark (a renamed column, a changed statement, a new route) fails CI instead of
the next person who measures. Nothing here asserts a time: only that every page was measured
and that the floor answered what the application answers (``queue_floor`` checks that
itself, byte for byte).
"""

from __future__ import annotations

import pytest

from bench import queue as bench_queue
from bench import queue_floor as bench_floor
from bench import queue_stages as bench_stages
from bench import reports as bench_reports

from .conftest import base_config


@pytest.fixture
def demo(app, runner, tmp_path):
    """The test database with demo cases; the settings a benchmark's own app needs."""
    result = runner.invoke(args=["demo-data", "--complaints", "500", "--seed", "1"])
    assert result.exit_code == 0, result.output
    config = base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    config.pop("TESTING")  # measured as served, not with Flask's testing switches
    return config


def _measured(results: dict) -> None:
    for name, times in results.items():
        assert all(t > 0 for t in times), (name, times)


def test_queue_benchmark_measures_every_page_including_page_200(demo, capsys):
    # A page of one case makes page 200 reachable with a few hundred cases.
    results = bench_queue.main(demo, rounds=2, limit=1)
    assert set(results) == set(bench_queue.PAGES)
    _measured(results)
    out = capsys.readouterr().out
    assert "page 200 / first page (median)" in out
    assert "(2 statements per request)" in out  # the token check and the page, nothing more


def test_queue_floor_answers_as_the_application_does(demo, capsys):
    bench_queue.main(demo, rounds=2, limit=1)  # creates the benchmark coordinator
    results = bench_floor.main(demo, rounds=2, limit=1)
    assert set(results) == {"first page", "page 2 by cursor", "page 200 by cursor"}
    _measured(results)


def test_queue_stages_take_the_request_apart_without_changing_its_answer(demo, capsys):
    bench_queue.main(demo, rounds=2, limit=1)  # creates the benchmark coordinator
    results = bench_stages.main(demo, rounds=2, limit=1)  # asserts each side's answer itself
    assert set(bench_stages.SIDES) | {"execute in the request", "execute bare"} == set(results)
    assert all(t > 0 for t in results.values()), results
    assert "the page's execute:" in capsys.readouterr().out


def test_queue_benchmark_says_when_the_queue_is_too_short_for_page_200(demo):
    with pytest.raises(SystemExit, match="ends before page"):
        bench_queue.main(demo, rounds=2)  # 50 a page: 500 cases have no page 200


def test_reports_benchmark_measures_statistics_dashboard_and_export(demo, capsys):
    results = bench_reports.main(demo, rounds=2)
    assert {"GET /api/v1/stats", "GET /dashboard", "full CSV export"} <= set(results)
    _measured({k: v for k, v in results.items() if k != "export memory"})
    assert "export:" in capsys.readouterr().out
