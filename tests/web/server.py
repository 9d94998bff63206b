"""A live ``recount serve`` for tests: the real app on a free loopback port.

:func:`serving` runs uvicorn in a thread of the test process over a ledger
the test opened (fast; the port is bound before the server starts, so no other
process can take it); :func:`serve_process` runs the ``recount serve`` command
itself in a subprocess. Both stop the server when the block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP = 30.0  # seconds a server may take to start before the test fails


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    with closing(_bound_socket()) as sock:
        return sock.getsockname()[1]


@contextmanager
def serving(ledger) -> Iterator[str]:
    """``http://127.0.0.1:PORT``, serving ``ledger`` until the block ends."""
    import uvicorn

    from web.app import create_app

    sock = _bound_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(ledger), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def serve_process(db: str, *extra: str) -> Iterator[str]:
    """``recount --db DB serve --port PORT``, in a subprocess, until the block ends."""
    port = free_port()
    command = [sys.executable, "-c", "from cli.main import run; run()", "--db", db, "serve",
               "--port", str(port), *extra]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"recount serve exited: {process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("recount serve did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
