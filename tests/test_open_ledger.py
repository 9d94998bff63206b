"""Opening a ledger from a script: a missing file is not made by accident, and a
database that fails says so in one line that names it and shows no SQL."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import backends
import pytest
from sqlalchemy.exc import OperationalError

from ledger.bootstrap import open_ledger
from ledger.errors import StorageError
from ledger.storage import Location, locate, storage_failure


def dump(db: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{db}?immutable=1", uri=True)) as connection:
        return list(connection.iterdump())


def made(tmp_path: Path) -> Path:
    """A ledger with one statistic, its write-ahead log folded into the file."""
    db = tmp_path / "l.db"
    with open_ledger(str(db), "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Jobs", "people")
    return db


@pytest.mark.sqlite_only
def test_a_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    # A typo in the path: the script is told, and no empty ledger appears.
    db = tmp_path / "nope.db"
    with pytest.raises(StorageError) as refused:
        open_ledger(str(db))
    assert str(refused.value) == f"no ledger at {db} (recount init creates one)"
    assert not db.exists()


def test_create_true_makes_the_ledger(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "new.db")
    with open_ledger(db, create=True) as ledger:
        assert ledger.statistics() == []
    assert backends.exists(db)
    # Once made, it opens without asking to create.
    with open_ledger(db) as ledger:
        assert ledger.statistics() == []


@pytest.mark.backend_free
@pytest.mark.parametrize("url", ["mysql://x", "oracle://u:secret@h/d", "postgresql+nosuch://h/d"])
def test_a_url_of_another_database_names_the_supported_ones(url: str) -> None:
    with pytest.raises(StorageError) as refused:
        open_ledger(url)
    message = str(refused.value)
    assert message.startswith("cannot use '")
    assert message.endswith(
        "Recount stores ledgers in SQLite (a path or sqlite:///…) "
        "or PostgreSQL (postgresql+psycopg://…)")
    assert "secret" not in message


@pytest.mark.backend_free
@pytest.mark.skipif(importlib.util.find_spec("psycopg2") is not None,
                    reason="the default PostgreSQL driver is installed here")
def test_a_postgres_url_without_its_driver_masks_the_password() -> None:
    with pytest.raises(StorageError) as refused:
        open_ledger("postgresql://user:secret@host/db")
    message = str(refused.value)
    assert "secret" not in message
    assert message.startswith("cannot open the ledger at postgresql://user:***@host/db: ")
    assert "recount[postgres]" in message


# A ledger in a folder that can be written: what the driver said is all there is to go on.
WHERE = Location("sqlite:////tmp/l-never-made.db", Path("/tmp/l-never-made.db"), "/data/l.db")


@pytest.mark.backend_free
@pytest.mark.parametrize(("said", "expected"), [
    ("attempt to write a readonly database",
     "cannot write to the ledger at /data/l.db: it is read-only (reads still work)"),
    ("database or disk is full",
     "cannot write to the ledger at /data/l.db: the disk is full"),
    ("database is locked",
     "the ledger at /data/l.db stayed locked by another writer for more than 30 s; "
     "try again when it has finished"),
    ("file is not a database",
     "/data/l.db is not a Recount ledger: not a SQLite database"),
    ("unable to open database file",
     "cannot create the ledger at /data/l.db: the file or its folder cannot be opened"),
    ("disk I/O error", "the database at /data/l.db failed: disk I/O error"),
])
def test_each_sqlite_failure_gets_its_own_line_without_sql(said: str, expected: str) -> None:
    # As SQLAlchemy raises it: the statement and its parameters ride along.
    error = OperationalError("INSERT INTO recount_events VALUES (?)", (b"secret-bytes",),
                             sqlite3.OperationalError(said))
    assert "[SQL:" in str(error)
    message = str(storage_failure(error, WHERE))
    assert message == expected
    assert "INSERT" not in message and "secret-bytes" not in message


@pytest.mark.backend_free
def test_a_failure_wrapped_by_the_event_store_is_read_at_its_root() -> None:
    from eventsourcing.persistence import OperationalError as StoreError

    driver = sqlite3.OperationalError("database or disk is full")
    wrapped = OperationalError("INSERT", {}, driver)
    try:
        try:
            raise wrapped
        except OperationalError as error:
            raise StoreError(error) from error
    except StoreError as store:
        message = str(storage_failure(store, WHERE))
    assert message == "cannot write to the ledger at /data/l.db: the disk is full"


# -- a ledger that cannot be written ------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A ledger the library sees as read-only (tests run as root, which chmod cannot stop)."""
    db = made(tmp_path)
    monkeypatch.setattr(Location, "read_only", lambda self: "the file is read-only")
    yield db


@pytest.mark.sqlite_only
def test_a_read_only_ledger_is_read_and_not_written(read_only: Path) -> None:
    before = dump(read_only)
    with open_ledger(str(read_only)) as ledger:
        # Reads answer.
        assert [s.code for s in ledger.statistics()] == ["jobs"]
        # A write is refused at once, in one line that names the file and why.
        with pytest.raises(StorageError) as refused:
            ledger.add_source("bls", "BLS")
        assert str(refused.value) == (
            f"cannot write to the ledger at {read_only}: the file is read-only (reads still work)")
        # A rebuild, which drops the read models first, is refused in the same words.
        with pytest.raises(StorageError) as refused:
            ledger.rebuild()
        assert str(refused.value) == (
            f"cannot write to the ledger at {read_only}: the file is read-only (reads still work)")
    assert dump(read_only) == before


@pytest.mark.sqlite_only
def test_a_read_only_folder_cannot_hold_a_new_ledger(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(Location, "read_only", lambda self: "its folder is read-only")
    db = tmp_path / "new.db"
    with pytest.raises(StorageError) as refused:
        open_ledger(str(db), create=True)
    assert str(refused.value) == f"cannot create the ledger at {db}: its folder is read-only"
    assert not db.exists()


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """The kernel's immutable flag: a file or folder that even root cannot write."""
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def immutable_file(tmp_path: Path) -> Iterator[Path]:
    db = made(tmp_path)
    with immutable(db):
        yield db


@pytest.fixture
def immutable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be created in, as on a read-only mount."""
    db = made(tmp_path)
    with immutable(tmp_path):
        yield db


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("fixture", "why"), [
    ("immutable_file", "the file is read-only"),
    ("immutable_folder", "its folder is read-only"),
])
def test_a_truly_read_only_ledger_reads_and_refuses_writes(request, fixture: str,
                                                           why: str) -> None:
    db = request.getfixturevalue(fixture)
    before = dump(db)
    assert locate(str(db)).read_only() == why
    with open_ledger(str(db)) as ledger:
        assert [s.code for s in ledger.statistics()] == ["jobs"]
        with pytest.raises(StorageError) as refused:
            ledger.add_source("bls", "BLS")
    assert str(refused.value) == f"cannot write to the ledger at {db}: {why} (reads still work)"
    assert dump(db) == before
