"""Fixtures for the tests of ``/fred``: a live server and the real fredapi client.

As tests/web/native/conftest.py says: with tests/ on sys.path, tests/web would
make ``import web`` a namespace package; the project root first fixes it.
tests/web goes on the path after it, for ``server``.
"""

from __future__ import annotations

import functools
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
for package in ("cli", "web"):
    if getattr(sys.modules.get(package), "__file__", None) is None:
        sys.modules.pop(package, None)
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests" / "web") not in sys.path:
    sys.path.append(str(ROOT / "tests" / "web"))


def fred_client(url: str):
    """fredapi's client, pointed at ``url`` (the server's root), with any key."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fredapi import Fred

    client = Fred(api_key="any-key-at-all")
    client.root_url = f"{url}/fred"
    # fredapi parses every date of an answer with pandas, one at a time: most of a
    # test's time. Its parse is a pure function of the text, so it is remembered.
    client._parse = functools.lru_cache(maxsize=None)(client._parse)
    return client


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests never go through a proxy the environment names."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
