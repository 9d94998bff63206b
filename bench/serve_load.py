"""``recount serve`` under load: 1, 8 and 32 concurrent clients on loopback.

    .venv/bin/python bench/serve_load.py [--sizes 1000000] [--clients 1,8,32]
        [--seconds 4] [--path TEMPLATE] [--workdir DIR]

For each size N a synthetic ledger of N figures (``bench/synthetic.py``, imported
as ``bench/one_size.py`` imports it) is served by a real ``recount serve``
subprocess (uvicorn). Each client is a thread with one keep-alive
``http.client`` connection, asking as-of observations of a random statistic and
source at a random day of its span, for a bounded time per concurrency level.
The table gives requests a second, p50 and p99 latency, the server's CPU time a
request (from /proc: what a request costs whatever else the machine runs; one
process serves at most 1000 / that many a second) and the errors (any answer but
200, any failed connection). Beside it, the same draws through the Ledger
method in this process (``replay(statistic, as_of=day, source=source)``, and
``series_vintages`` and ``series_as_of``, what the FRED endpoint reads for any
window and for a one-day one), one thread, no HTTP.

The request timed is FRED's observations as of a day (``--path``, a template
with ``{code}``, ``{source}`` and ``{day}``: a synthetic statistic has several
sources, so its series is ``CODE@SOURCE``); when the server does not answer it
with a 200, ``/recount/replay?statistic={code}&source={source}&as_of={day}`` is
timed instead, and the table says which. ``--workers N`` is passed to
``recount serve`` (its default: one worker process a core). The ledgers
are kept in ``--workdir`` (a temporary folder when not given) and reused by a
later run with the same folder, as a 10^6 import takes minutes. Goal (issue 14):
p99 under 50 ms at 8 clients, no error.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import machine  # noqa: E402
from bench.synthetic import write_csv  # noqa: E402

# A synthetic statistic has two or three sources: its FRED series is CODE@SOURCE.
FRED = (
    "/fred/series/observations?series_id={code}@{source}&realtime_start={day}"
    "&realtime_end={day}&file_type=json"
)
NATIVE = "/recount/replay?statistic={code}&source={source}&as_of={day}"
DRAWS = 2000
HOST = "127.0.0.1"


@dataclass
class Run:
    """What one concurrency level measured."""

    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    cpu_seconds: float | None = None  # the server's, while this level ran

    def cpu_per_request(self) -> str:
        if self.cpu_seconds is None or not self.latencies:
            return "-"
        return f"{self.cpu_seconds / len(self.latencies) * 1000:.1f}"

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value ``share`` of the sorted values stay under."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered) - 1e-9)))
    return ordered[rank - 1]


# -- the ledger -------------------------------------------------------------------


def ledger_of(n: int, workdir: Path, seed: int) -> Path:
    """The SQLite ledger of ``n`` synthetic figures in ``workdir``, built once."""
    from ledger.bootstrap import open_ledger

    path = workdir / f"serve-{n}.db"
    done = workdir / f"serve-{n}.done"
    if path.exists() and done.exists():
        return path
    for stale in workdir.glob(f"serve-{n}.db*"):
        stale.unlink()
    csv_path = workdir / f"serve-{n}.csv"
    write_csv(csv_path, n, seed)
    started = time.perf_counter()
    with open_ledger(str(path), by="bench", create=True) as ledger:
        report = ledger.import_file(csv_path, "csv", create_missing=True)
    csv_path.unlink()
    if report.rows != n:
        raise RuntimeError(f"imported {report.rows} rows, expected {n}")
    print(f"# built a ledger of {n:,} figures in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)  # fmt: skip
    done.write_text("ok\n")
    return path


Draw = tuple[str, str, str]  # statistic, source, day


def draws_of(ledger, count: int, seed: int) -> list[Draw]:
    """``count`` draws: a random statistic, one of its sources, a random day of its span."""
    rng = random.Random(seed)
    codes = [code for code, _, _ in ledger.statistic_names()]
    spans: dict[str, tuple[list[str], int, int]] = {}
    draws = []
    for _ in range(count):
        code = rng.choice(codes)
        if code not in spans:
            rows = ledger.replay(code)
            published = [row.published for row in rows]
            spans[code] = (sorted({row.source for row in rows}),
                           date.fromisoformat(min(published)).toordinal(),
                           date.fromisoformat(max(published)).toordinal())  # fmt: skip
        sources, low, high = spans[code]
        day = date.fromordinal(rng.randint(low, high)).isoformat()
        draws.append((code, rng.choice(sources), day))
    return draws


# -- the server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int, workers: int | None = None) -> subprocess.Popen:
    recount = Path(sys.executable).with_name("recount")
    command = [str(recount), "--db", str(db), "serve", "--host", HOST, "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = dict(os.environ)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env, cwd=ROOT)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"recount serve exited {server.returncode}: "
                               f"{server.stderr.read().decode(errors='replace')}")  # fmt: skip
        try:
            status, _ = get(http.client.HTTPConnection(HOST, port, timeout=5), "/recount/head")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("recount serve did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    answer = connection.getresponse()
    return answer.status, answer.read()


def asked(template: str, draw: Draw) -> str:
    code, source, day = draw
    return template.format(code=code, source=source, day=day)


def chosen_path(port: int, template: str, draw: Draw) -> str:
    """``template``, when the server answers it with a 200; else Recount's own replay."""
    try:
        status, _ = get(http.client.HTTPConnection(HOST, port, timeout=10), asked(template, draw))
    except OSError:
        status = 0
    return template if status == 200 else NATIVE


# -- the load ---------------------------------------------------------------------


def load(port: int, template: str, draws: list[Draw], clients: int,
         seconds: float) -> Run:  # fmt: skip
    """``clients`` threads asking for ``seconds``, each on its own keep-alive connection."""
    run = Run(clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies, errors, first = [], 0, None
        index = number * 7919
        start.wait()
        while time.perf_counter() < deadline[0]:
            draw = draws[index % len(draws)]
            index += 1
            began = time.perf_counter()
            try:
                status, _ = get(connection, asked(template, draw))
            except (OSError, http.client.HTTPException) as error:
                status, first = 0, first or f"{type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            if status == 200:
                latencies.append(time.perf_counter() - began)
            else:
                errors += 1
                first = first or f"HTTP {status} for {asked(template, draw)}"
        connection.close()
        with lock:
            run.latencies.extend(latencies)
            run.errors += errors
            run.first_error = run.first_error or first

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def in_process(read, draws: list[Draw], seconds: float) -> Run:
    """The same draws through a Ledger method, ``read(code, source, day)``, one after
    another, no HTTP."""
    run = Run(1)
    began = time.perf_counter()
    index = 0
    while time.perf_counter() - began < seconds:
        code, source, day = draws[index % len(draws)]
        index += 1
        started = time.perf_counter()
        read(code, source, day)
        run.latencies.append(time.perf_counter() - started)
    run.seconds = time.perf_counter() - began
    return run


def line(n: int, what: str, run: Run) -> str:
    p50, p99 = percentile(run.latencies, 0.50), percentile(run.latencies, 0.99)
    return (f"| {n:,} | {what} | {run.clients} | {len(run.latencies):,} | {run.rate():,.0f} "
            f"| {p50 * 1000:.1f} | {p99 * 1000:.1f} | {run.cpu_per_request()} "
            f"| {run.errors} |")  # fmt: skip


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of process ``pid`` and its children (uvicorn's workers),
    from /proc; None where there is no /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def measure(n: int, args: argparse.Namespace, workdir: Path) -> list[str]:
    from ledger.bootstrap import open_ledger

    db = ledger_of(n, workdir, args.seed)
    alone = []
    with open_ledger(str(db), by="bench") as ledger:
        draws = draws_of(ledger, DRAWS, args.seed + n)
        replay = in_process(lambda code, source, day: ledger.replay(code, as_of=day,
                            source=source), draws, args.seconds)  # fmt: skip
        alone.append(("in process, Ledger.replay", replay))
        # What /fred/series/observations reads (web/fred/endpoints.py), where it exists.
        vintages = getattr(ledger, "series_vintages", None)
        if vintages is not None:
            read = in_process(lambda code, source, day: vintages(code, source, None), draws,
                              args.seconds)  # fmt: skip
            alone.append(("in process, Ledger.series_vintages", read))
        # What it reads for a one-day window, the request timed here.
        as_of = getattr(ledger, "series_as_of", None)
        if as_of is not None:
            read = in_process(lambda code, source, day: as_of(code, source, day), draws,
                              args.seconds)  # fmt: skip
            alone.append(("in process, Ledger.series_as_of", read))
    port = free_port()
    server = start_server(db, port, args.workers)
    rows, notes = [], []
    try:
        template = chosen_path(port, args.path, draws[0])
        timed = "FRED observations" if template == FRED else template.split("?")[0]
        if template != args.path:
            notes.append(f"{args.path.split('?')[0]} did not answer 200: timed {timed}")
        load(port, template, draws, 1, min(1.0, args.seconds))  # warm the server up
        for clients in args.clients:
            before = cpu_seconds(server.pid)
            run = load(port, template, draws, clients, args.seconds)
            after = cpu_seconds(server.pid)
            if before is not None and after is not None:
                run.cpu_seconds = after - before
            rows.append(line(n, f"HTTP, {timed}", run))
            if run.first_error:
                notes.append(f"{clients} clients, first error: {run.first_error}")
    finally:
        stop_server(server)
    rows.extend(line(n, what, run) for what, run in alone)
    return rows + [f"\n{note}" for note in notes]


def parse_list(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"cannot read '{text}' as numbers") from None
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError(f"expected positive integers, got '{text}'")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_list, default=[1_000_000])
    parser.add_argument("--clients", type=parse_list, default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=4.0, help="per concurrency level")
    parser.add_argument("--path", default=FRED,
                        help="the request timed, with {code}, {source} and {day}")  # fmt: skip
    parser.add_argument("--workdir", type=Path, help="where the ledgers are built and kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="recount serve --workers (default: its own)")
    args = parser.parse_args()
    for name, value in machine.describe():
        print(f"# {name}: {value}")
    workers = "its default workers" if args.workers is None else f"--workers {args.workers}"
    server = f"recount serve, {workers}"
    print(f"# {args.seconds:g} s a level; {server}; clients and server on this machine")
    print("\n| figures | request | clients | requests | req/s | p50 ms | p99 ms "
          "| server CPU ms/req | errors |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="recount-serve-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            for row in measure(n, args, workdir):
                print(row, flush=True)


if __name__ == "__main__":
    main()
