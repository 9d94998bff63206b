"""Fixtures for the tests of ``/recount``: the demo ledger, read through the web face.

One demo ledger a module (it is only read), with one note on its discrepancy so
that the notes have something to show; the app is the one ``recount serve`` runs.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import backends
import pytest
from native_support import REMOVALS

from ledger.bootstrap import open_ledger
from ledger.demo import load_demo
from ledger.service import Ledger

# As tests/cli/conftest.py says: with tests/ on sys.path, tests/web and tests/cli would
# make `import web` and `import cli` namespace packages; the project root first fixes it.
ROOT = Path(__file__).resolve().parents[3]
for package in ("cli", "web"):
    if getattr(sys.modules.get(package), "__file__", None) is None:
        sys.modules.pop(package, None)
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Where the demo ledger is, with an explanation of its discrepancy."""
    db = backends.new_db(tmp_path_factory.mktemp("demo"), "demo.db", lasting=True)
    with open_ledger(db, by="tester", create=True) as ledger:
        load_demo(ledger)
        ledger.explain(REMOVALS, "2010", "definition", "two counting rules")
    return db


@pytest.fixture(scope="module")
def demo(demo_db: str) -> Iterator[Ledger]:
    with open_ledger(demo_db, by="reader") as ledger:
        yield ledger


@pytest.fixture(scope="module")
def client(demo: Ledger):
    """A client of the app ``recount serve`` runs, on the demo ledger."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Using `httpx`")  # starlette would like httpx2
        from starlette.testclient import TestClient
    from web.app import create_app

    with TestClient(create_app(demo)) as test_client:
        yield test_client
