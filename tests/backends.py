"""Where the suite's ledgers live: SQLite files (the default) or PostgreSQL databases.

``make test`` runs the suite twice: once on SQLite, once with
``RECOUNT_TEST_BACKEND=postgresql``, where every ledger a test makes is a
database of its own on the server named by ``RECOUNT_TEST_POSTGRES`` (the
project's machines run one on 127.0.0.1:5432). A test asks for a ledger with
:func:`new_db` or :func:`copy_db` and never spells a path or URL itself, so the
same test runs on both. Databases are made with an ICU ``en-US`` collation, not
``C``: queries must not depend on the server's collation to sort by bytes.

Without a server the PostgreSQL pass is skipped with the reason; with
``RECOUNT_REQUIRE_POSTGRES=1`` (``.ci/run`` sets it) an unreachable server fails it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

BACKEND = os.environ.get("RECOUNT_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    raise SystemExit(f"RECOUNT_TEST_BACKEND must be sqlite or postgresql, not {BACKEND!r}")
ON_POSTGRES = BACKEND == "postgresql"
SERVER = os.environ.get(
    "RECOUNT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRED = os.environ.get("RECOUNT_REQUIRE_POSTGRES") == "1"
PREFIX = "recount_test_"
# A new database: a copy of template0 (nothing in it) sorting text as people do.
COLLATION = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"

_numbers = itertools.count(1)
_made: list[str] = []  # databases made for the running test: dropped after it
_lasting: list[str] = []  # templates a session fixture made: dropped when the session ends


def _server_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(SERVER).set(database=database).render_as_string(hide_password=False)


def _admin():
    """An autocommit psycopg connection to the server's maintenance database."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(SERVER)
    return psycopg.connect(
        host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
        password=url.password, dbname=url.database or "postgres", autocommit=True,
        connect_timeout=5,
    )  # fmt: skip


def unreachable() -> str | None:
    """Why the PostgreSQL server cannot be used, or None when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    try:
        with _admin() as admin:
            admin.execute("SELECT 1")
    except Exception as error:  # any failure to reach it is the reason to skip
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"no PostgreSQL server at {_shown(SERVER)}: {first}"
    return None


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _new_database(clause: str, lasting: bool) -> str:
    name = f"{PREFIX}{os.getpid()}_{next(_numbers)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" {clause}')
    (_lasting if lasting else _made).append(name)
    return name


def unmade_database() -> str:
    """A name for a database the test itself creates (as a README's ``createdb`` does);
    dropped after the test like the ones :func:`new_db` makes."""
    name = f"{PREFIX}{os.getpid()}_{next(_numbers)}"
    _made.append(name)
    return name


def new_db(tmp_path: Path, name: str = "ledger.db", *, lasting: bool = False) -> str:
    """Where a new, empty ledger goes: what ``--db`` and ``open_ledger`` take.

    ``lasting=True`` is for a session fixture's template, kept until the session ends.
    """
    if not ON_POSTGRES:
        return str(tmp_path / name)
    return _server_url(_new_database(COLLATION, lasting))


def copy_db(template: str, tmp_path: Path, name: str = "ledger.db") -> str:
    """A copy of the ledger at ``template``, for a test to change as it likes.

    Nothing may hold the template open: a SQLite copy would miss what its
    write-ahead log holds, and PostgreSQL refuses to copy a database in use.
    """
    if not ON_POSTGRES:
        source = Path(template)
        with closing(sqlite3.connect(source)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target = tmp_path / name
        shutil.copyfile(source, target)
        return str(target)
    from sqlalchemy.engine import make_url

    return _server_url(_new_database(f'TEMPLATE "{make_url(template).database}"', False))


def exists(db: str) -> bool:
    """Whether the ledger at ``db`` was made (a SQLite file is made on first write)."""
    if not ON_POSTGRES or "://" not in db:
        return Path(db).exists()
    return True


def drop_made(*, lasting: bool = False) -> None:
    """Drop the databases made for the test that ended (``lasting``: the session's too)."""
    names = _made + _lasting if lasting else _made
    if not names:
        return
    with _admin() as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _made.clear()
    if lasting:
        _lasting.clear()


def drop_abandoned() -> None:
    """Drop test databases whose process has ended (a run that was killed)."""
    with _admin() as admin:
        names = [row[0] for row in admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)
        )]  # fmt: skip
        for name in names:
            pid = name[len(PREFIX):].split("_", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
