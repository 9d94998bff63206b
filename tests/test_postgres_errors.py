"""A PostgreSQL server that cannot be used is one line naming the ledger, never the password."""

from __future__ import annotations

import backends
import pytest
from sqlalchemy.engine import make_url

from ledger.bootstrap import open_ledger
from ledger.errors import StorageError

pytestmark = pytest.mark.postgres_only


def _url(**parts) -> str:
    return make_url(backends.SERVER).set(**parts).render_as_string(hide_password=False)


def test_a_missing_database_says_how_to_make_it() -> None:
    with pytest.raises(StorageError) as refused:
        open_ledger(_url(database="recount_no_such_database"))
    assert str(refused.value).endswith(
        ": the server has no database 'recount_no_such_database' "
        "(createdb recount_no_such_database, then recount init)"
    )
    assert str(refused.value).startswith("no ledger at postgresql+psycopg://")


def test_a_server_that_is_not_there_is_named_without_its_password() -> None:
    with pytest.raises(StorageError) as refused:
        open_ledger(_url(port=1, password="sekret", database="x"))
    message = str(refused.value)
    assert message.startswith("cannot connect to the ledger at postgresql+psycopg://")
    assert ":***@" in message and "sekret" not in message
    assert "\n" not in message


def test_an_unknown_role_is_the_servers_own_words() -> None:
    with pytest.raises(StorageError) as refused:
        open_ledger(_url(username="recount_nobody", password="sekret"), create=True)
    assert str(refused.value).endswith(': role "recount_nobody" does not exist')
    assert "sekret" not in str(refused.value)
