"""`make bench` reads wrk's output and the server's CPU time and prints one table: what it
reads and prints must be right, or the benchmark's numbers are wrong."""

import os
import socket
import subprocess
import sys
import time

import pytest

from pages.benchmark import (
    ComparisonRound,
    Row,
    WrkResult,
    comparison_lines,
    cpu_ms_per_request,
    cpu_seconds_from_stat,
    cpu_seconds_of,
    milliseconds,
    parse_wrk,
    serving_processes,
    table_lines,
    wait_until_idle,
)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8207/news/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    61.03ms   20.48ms 212.66ms   71.93%
    Req/Sec   131.25     30.03   210.00     68.00%
  Latency Distribution
     50%  812.50us
     75%   70.12ms
     90%   86.33ms
     99%    1.21s
  1318 requests in 5.01s, 38.62MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:    263.06
Transfer/sec:      7.71MB
Counted: 15816 queries in 1318 responses, 1001 page cache hits
"""


def test_wrk_output_is_read_with_latencies_in_milliseconds_and_every_kind_of_error():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests == 1318
    assert result.rate == 263.06
    assert result.p50_ms == pytest.approx(0.8125)
    assert result.p99_ms == pytest.approx(1210)
    assert result.errors == 7 + 3 + 2
    assert result.queries_per_request == pytest.approx(12.0)
    assert result.hit_share == pytest.approx(1001 / 1318)


def test_a_site_without_the_query_header_has_no_queries_per_request():
    output = WRK_OUTPUT.replace("15816 queries in 1318 responses", "0 queries in 0 responses")
    output = output.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "")
    result = parse_wrk(output)
    assert result.queries_per_request is None
    assert result.errors == 7


@pytest.mark.parametrize(("text", "expected"), [("950us", 0.95), ("3.5ms", 3.5), ("2.01s", 2010), ("1.5m", 90000)])
def test_wrk_latency_units(text, expected):
    assert milliseconds(text) == pytest.approx(expected)


def test_cpu_time_is_read_past_a_command_name_holding_spaces_and_parentheses():
    ticks = os.sysconf("SC_CLK_TCK")
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    stat = f"4242 (gunicorn: worker [a) (b]) S 4200 4200 4200 0 -1 4194560 9 0 0 0 {3 * ticks} {ticks} 0 0 20 0 1 0"
    assert cpu_seconds_from_stat(stat) == pytest.approx(4.0)


def test_the_processes_serving_a_port_are_found_and_their_cpu_time_grows():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        port = listener.getsockname()[1]
        processes = serving_processes(port)
        assert processes == [os.getpid()]
        before = cpu_seconds_of(processes)
        deadline = time.process_time() + 0.3
        while time.process_time() < deadline:
            pass
        assert cpu_seconds_of(processes) - before >= 0.2
    finally:
        listener.close()
    assert serving_processes(port) == []


def test_cpu_per_request_is_unknown_without_processes_or_requests():
    assert cpu_ms_per_request(1.5, 300) == pytest.approx(5.0)
    assert cpu_ms_per_request(None, 300) is None
    assert cpu_ms_per_request(1.5, 0) is None


def _result(rate, requests=1000, queries=0, hits=0):
    counted = requests if queries else 0
    return WrkResult(requests, rate, p50_ms=10, p99_ms=40, errors=0, queries=queries, counted=counted, hits=hits)


def test_the_table_compares_each_row_with_the_ceiling_of_its_own_cache_and_with_bakerydemo():
    rows = [
        Row("ceiling: minimal view", "Redis", "warm", _result(2000), cpu_ms=0.4),
        Row("ceiling: minimal view", "database", "warm", _result(1600), cpu_ms=0.5),
        Row("home page", "Redis", "cold", _result(300, queries=11500), cpu_ms=6.26),
        Row("home page", "database", "warm", _result(800, queries=2000, hits=1000), cpu_ms=None),
    ]
    lines = table_lines(rows, {"Redis": 2000, "database": 1600}, reference_rate=100)
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    header = cells[0]
    cold = dict(zip(header, cells[4], strict=True))
    warm = dict(zip(header, cells[5], strict=True))
    assert (cold["page"], cold["cache"], cold["run"]) == ("home page", "Redis", "cold")
    assert cold["of ceiling"] == "15%"
    assert cold["× bakerydemo"] == "3.00×"
    assert cold["queries/req"] == "11.5"
    assert cold["CPU ms/req"] == "6.3"
    assert cold["cache hits"] == "0%"
    assert warm["of ceiling"] == "50%"
    assert warm["× bakerydemo"] == "8.00×"
    assert warm["queries/req"] == "2.0"
    assert warm["CPU ms/req"] == "–"
    assert warm["cache hits"] == "100%"


def test_the_table_lines_up_as_markdown_and_as_plain_text():
    rows = [
        Row("a long page name for the table", "Redis", "cold", _result(12345.6), cpu_ms=123.4),
        Row("x", "database", "warm", _result(7), cpu_ms=1),
    ]
    lines = table_lines(rows, {"Redis": 10, "database": 10})
    assert len({len(line) for line in lines}) == 1
    assert len({line.count("|") for line in lines}) == 1
    assert set(lines[1]) <= {"|", "-", ":"}
    # Text columns left-aligned, numbers right-aligned, column borders in the same places.
    assert lines[3].startswith("| x ")
    assert [index for index, char in enumerate(lines[2]) if char == "|"] == [
        index for index, char in enumerate(lines[3]) if char == "|"
    ]
    assert " 7.0 |" in lines[3] and " 12346 |" in lines[2]  # a decimal below 10 req/s only
    assert "× bakerydemo" in lines[0] and lines[2].split("|")[-3].strip() == "–"


def test_the_comparison_gives_each_round_and_the_ratio_of_the_medians():
    rounds = [
        ComparisonRound(_result(330), 6.0, _result(100), 18.0),
        ComparisonRound(_result(270), 7.0, _result(90), 20.0),
        ComparisonRound(_result(300), 8.0, _result(120), 26.0),
    ]
    lines = comparison_lines(rounds, "bakerydemo home")
    assert "3.30×" in lines[2] and "3.00×" in lines[3] and "2.50×" in lines[4]
    assert lines[-2].endswith("our cold home serves 3.00× the requests/s.")
    assert lines[-1] == "Median CPU per request: bakerydemo home uses 2.86× ours."


def test_the_comparison_leaves_out_the_cpu_ratio_when_the_other_server_is_not_visible():
    rounds = [ComparisonRound(_result(300), 6.0, _result(100), None)]
    lines = comparison_lines(rounds, "bakerydemo home")
    assert lines[-1].endswith("serves 3.00× the requests/s.")


def test_the_comparison_survives_a_site_that_served_nothing_in_a_round():
    rounds = [ComparisonRound(_result(300), 6.0, _result(0, requests=0), None)]
    lines = comparison_lines(rounds, "bakerydemo home")
    round_cells = [cell.strip() for cell in lines[2].strip("|").split("|")]
    assert round_cells[-1] == "–"
    assert lines[-1].endswith("serves – the requests/s.")


BUSY_FOR_TWO_SECONDS = "import time\nend = time.time() + 2\nwhile time.time() < end: pass"


def test_the_next_run_waits_until_the_server_has_finished_what_the_last_one_queued():
    sleeping = subprocess.Popen(["sleep", "5"])
    busy = subprocess.Popen([sys.executable, "-c", BUSY_FOR_TWO_SECONDS])
    try:
        started = time.monotonic()
        wait_until_idle([sleeping.pid], busy_share=0.01)
        assert time.monotonic() - started < 1.5
        wait_until_idle([busy.pid], busy_share=0.01)
        assert busy.poll() is not None
    finally:
        for process in (sleeping, busy):
            process.kill()
            process.wait()
