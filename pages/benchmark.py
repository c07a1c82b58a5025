"""The parts of `make bench` (`bench_site`) that do not need a server: the wrk script and the
reading of its output, the CPU time of the processes serving a port, and the table."""

import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

# Every run counts the `X-Queries` and `X-Page-Cache` headers of each response (the benchmark's
# settings add the first, the page cache the second) and wrk prints the totals when it is done.
# A cold run also gives each request a query string of its own (the run's nonce, the thread's
# number and a counter: every thread's Lua starts from the same random seed), so the page
# cache never answers it: a full render.
WRK_COUNTING_SCRIPT = """
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_number", #threads)
end
function init(args) queries = 0; counted = 0; hits = 0; sequence = 0; nonce = args[1] or "" end
function response(status, headers, body)
    local number = tonumber(headers["X-Queries"] or headers["x-queries"] or "")
    if number then queries = queries + number; counted = counted + 1 end
    if (headers["X-Page-Cache"] or headers["x-page-cache"]) == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
    local total_queries, total_counted, total_hits = 0, 0, 0
    for _, thread in ipairs(threads) do
        total_queries = total_queries + thread:get("queries")
        total_counted = total_counted + thread:get("counted")
        total_hits = total_hits + thread:get("hits")
    end
    io.write(string.format("Counted: %d queries in %d responses, %d page cache hits\\n",
        total_queries, total_counted, total_hits))
end
"""
WRK_COLD_SCRIPT = (
    WRK_COUNTING_SCRIPT
    + """
function request()
    sequence = sequence + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    local value = nonce .. "-" .. thread_number .. "-" .. sequence
    return wrk.format(nil, wrk.path .. separator .. "bench-cold=" .. value)
end
"""
)
LATENCY_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
MISSING = "–"


@dataclass(frozen=True)
class WrkResult:
    requests: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    queries: int = 0
    counted: int = 0
    hits: int = 0

    @property
    def queries_per_request(self):
        """None when the server sent no `X-Queries` header (another site, a streamed file)."""
        return self.queries / self.counted if self.counted else None

    @property
    def hit_share(self):
        return self.hits / self.requests if self.requests else 0.0


def parse_wrk(output):
    """The numbers of one `wrk --latency` run with the counting script."""
    counted = re.search(r"Counted: (\d+) queries in (\d+) responses, (\d+) page cache hits", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests=int(re.search(r"(\d+) requests in ", output).group(1)),
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        p99_ms=milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        errors=(int(errors.group(1)) if errors else 0)
        + (sum(int(number) for number in socket_errors.groups()) if socket_errors else 0),
        queries=int(counted.group(1)) if counted else 0,
        counted=int(counted.group(2)) if counted else 0,
        hits=int(counted.group(3)) if counted else 0,
    )


def milliseconds(value):
    """wrk's latency ("812.34us", "1.20ms", "2.01s") in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * LATENCY_UNITS_MS[unit]


# --- CPU time of the server -------------------------------------------------------------------


def cpu_seconds_from_stat(stat):
    """User plus system CPU seconds from the text of /proc/<pid>/stat. The command name (field 2)
    is in parentheses and may itself hold spaces and parentheses, so fields are counted from
    the last ")": utime and stime are fields 14 and 15."""
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def listening_socket_inodes(port, proc=Path("/proc")):
    """Inodes of the TCP sockets listening on `port` (IPv4 and IPv6)."""
    inodes = set()
    for table in ("net/tcp", "net/tcp6"):
        path = proc / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rpartition(":")[2], 16)
            if local_port == port and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(fields[9])
    return inodes


def serving_processes(port, proc=Path("/proc")):
    """Every process holding the socket that listens on `port`: for Gunicorn, the arbiter and
    all its workers, found the same way for our server and for a site we did not start."""
    wanted = {f"socket:[{inode}]" for inode in listening_socket_inodes(port, proc)}
    return sorted(int(entry.name) for entry in proc.iterdir() if entry.name.isdigit() and _holds(entry, wanted))


def _holds(process, links):
    """Whether one of this /proc/<pid> entry's file descriptors is one of `links`."""
    try:
        descriptors = list((process / "fd").iterdir())
    except OSError:  # gone, or another user's process
        return False
    for descriptor in descriptors:
        try:
            if os.readlink(descriptor) in links:
                return True
        except OSError:  # closed since the folder was listed
            continue
    return False


def wait_until_idle(pids, quiet_seconds=0.5, busy_share=0.05, timeout=60, proc=Path("/proc")):
    """Wait until these processes use under `busy_share` of a CPU for `quiet_seconds`: the
    requests a previous run left queued (wrk stops, the server carries on) must not be
    charged to the next run."""
    deadline = time.monotonic() + timeout
    used = cpu_seconds_of(pids, proc)
    while time.monotonic() < deadline:
        time.sleep(quiet_seconds)
        now = cpu_seconds_of(pids, proc)
        if now - used < busy_share * quiet_seconds:
            return
        used = now


def cpu_seconds_of(pids, proc=Path("/proc")):
    """CPU seconds used so far by these processes; one that has exited counts nothing."""
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds_from_stat((proc / str(pid) / "stat").read_text())
        except OSError:
            continue
    return total


# --- The table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    page: str
    cache: str
    run: str
    result: WrkResult
    cpu_ms: float | None  # server CPU per request; None when the server's processes are unknown


def cpu_ms_per_request(cpu_seconds, requests):
    return cpu_seconds * 1000 / requests if requests and cpu_seconds is not None else None


def table_lines(rows, ceilings, reference_rate=None):
    """A Markdown table of the rows. `ceilings` maps a cache name to the minimal view's rate
    under it; each row is compared with the ceiling of its own cache and with
    `reference_rate` (bakerydemo's home) when there is one."""
    header = [
        "page", "cache", "run", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "queries/req",
        "cache hits", "of ceiling", "× bakerydemo", "errors",
    ]  # fmt: skip
    body = [_cells(row, ceilings.get(row.cache), reference_rate) for row in rows]
    return markdown_table(header, body, text_columns=3)


def markdown_table(header, body, text_columns):
    """Lines of a Markdown table whose columns line up in plain text too: the first
    `text_columns` columns are aligned left, the numbers after them right."""
    widths = [max(len(cells[column]) for cells in [header, *body]) for column in range(len(header))]

    def line(cells):
        padded = [
            cell.ljust(width) if column < text_columns else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width + 2) if column < text_columns else "-" * (width + 1) + ":" for column, width in enumerate(widths)
    ]
    return [line(header), "|" + "|".join(rule) + "|", *(line(cells) for cells in body)]


def _cells(row, ceiling, reference_rate):
    result = row.result
    return [
        row.page,
        row.cache,
        row.run,
        _rate(result.rate),
        f"{result.p50_ms:.1f}",
        f"{result.p99_ms:.1f}",
        MISSING if row.cpu_ms is None else f"{row.cpu_ms:.1f}",
        MISSING if result.queries_per_request is None else f"{result.queries_per_request:.1f}",
        f"{result.hit_share:.0%}",
        f"{result.rate / ceiling:.0%}" if ceiling else MISSING,
        _times(result.rate, reference_rate),
        str(result.errors),
    ]


@dataclass(frozen=True)
class ComparisonRound:
    ours: WrkResult
    ours_cpu_ms: float | None
    theirs: WrkResult
    theirs_cpu_ms: float | None


def comparison_lines(rounds, other_label):
    """Our cold home against the other site's home, round by round, then the medians' ratios:
    throughput (ours over theirs) and CPU per request (theirs over ours)."""
    header = ["round", "our cold home req/s", "CPU ms/req", f"{other_label} req/s", "CPU ms/req", "req/s ratio"]
    body = [
        [
            str(number),
            _rate(each.ours.rate),
            _optional(each.ours_cpu_ms),
            _rate(each.theirs.rate),
            _optional(each.theirs_cpu_ms),
            _times(each.ours.rate, each.theirs.rate),
        ]  # fmt: skip
        for number, each in enumerate(rounds, 1)
    ]
    ours, theirs = comparison_medians(rounds)
    lines = markdown_table(header, body, text_columns=0)
    lines.append(f"Median over {len(rounds)} rounds: our cold home serves {_times(ours, theirs)} the requests/s.")
    cpu_ratio = comparison_cpu_ratio(rounds)
    if cpu_ratio is not None:
        lines.append(f"Median CPU per request: {other_label} uses {cpu_ratio:.2f}× ours.")
    return lines


def comparison_medians(rounds):
    return statistics.median(each.ours.rate for each in rounds), statistics.median(each.theirs.rate for each in rounds)


def comparison_cpu_ratio(rounds):
    ours = [each.ours_cpu_ms for each in rounds if each.ours_cpu_ms]
    theirs = [each.theirs_cpu_ms for each in rounds if each.theirs_cpu_ms]
    if not ours or not theirs:
        return None
    return statistics.median(theirs) / statistics.median(ours)


def _rate(value):
    """Requests per second: a decimal below 10, where cold renders on a busy machine land."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _times(value, reference):
    """ "3.00×", or "–" when the reference served nothing (a site too slow for the run)."""
    return f"{value / reference:.2f}×" if reference else MISSING


def _optional(value):
    return MISSING if value is None else f"{value:.1f}"
