"""What the numbers were measured on: cores, CPU, memory, load, versions."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys


def describe() -> list[tuple[str, str]]:
    cores = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    facts = [
        ("cores", f"{cores} ({usable} usable by this process)"),
        ("cpu", _cpu_model() or platform.processor() or platform.machine()),
        ("memory", _memory() or "unknown"),
        ("load average", _load()),
        ("python", sys.version.split()[0]),
        ("sqlite", sqlite3.sqlite_version),
        ("platform", platform.platform()),
    ]
    for name in ("eventsourcing", "eventsourcing-sqlalchemy", "SQLAlchemy"):
        facts.append((name, _version(name)))
    return facts


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _memory() -> str | None:
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError):
        pass
    return None


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"
