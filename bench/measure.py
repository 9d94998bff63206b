"""Timing and memory helpers: wall-clock phases, medians, RSS and SQLite's own heap."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


class PhaseClock:
    """Wraps a callable and adds up the time spent inside it (e.g. a ledger's catch-up)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        return wrapper


def peak_rss_bytes() -> int:
    """This process's resident-set high-water mark so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def current_rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _sqlite_library() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("sqlite3")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        library.sqlite3_memory_highwater.restype = ctypes.c_int64
        library.sqlite3_memory_highwater.argtypes = [ctypes.c_int]
        return library
    except (OSError, AttributeError):
        return None


_SQLITE = _sqlite_library()


def sqlite_heap_highwater(reset: bool = False) -> int | None:
    """SQLite's own heap high-water mark (page caches included), when the library is shared.

    ``None`` when Python's sqlite3 is statically linked and the figure cannot be read.
    """
    if _SQLITE is None:
        return None
    return int(_SQLITE.sqlite3_memory_highwater(1 if reset else 0))


def mib(size: int | None) -> float | None:
    return None if size is None else size / 2**20
