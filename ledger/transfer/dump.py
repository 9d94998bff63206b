"""``dump`` and ``restore``: the whole log as NDJSON, and back (docs/dump-format.md).

A dump is the ledger's full-fidelity backup: every stored event with its
notification id and its link of the chain (DESIGN.md, "The chain over the
log"), so a restore gives the same log, the same chain and, once the read
models have caught up, the same read models. The read models are not in the
dump: they are derived from the log.

Both directions stream: the dump reads the log in batches through one cursor
(one statement, so one consistent snapshot), the restore reads its lines one
by one and inserts them in batches, all inside one writer transaction, so a
dump refused at its last line writes nothing. Memory stays flat either way.
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any
from uuid import UUID

import orjson
from sqlalchemy import Connection, Table, func, select, text

from ledger.errors import Conflict, InvalidInput
from ledger.projections.log import last_position
from ledger.transfer.parts import LedgerParts
from ledger.write import chain

FORMAT = 1
HEADER = {"recount_dump": FORMAT, "chain": "sha256"}
BATCH = 5_000  # events a fetch, and rows an insert

Progress = Callable[[int, int], None]

EVENT_FIELDS = ("position", "id", "originator_id", "originator_version", "topic", "hash")
STATE_FIELDS = ("state", "state_base64")
END_FIELDS = ("end", "events", "head")
MAX_VERSION = 2**63 - 1  # the chain writes a version in 8 bytes; BigInteger holds as much


@dataclass(frozen=True)
class DumpReport:
    events: int
    head_position: int
    head: str  # the hash of the latest event, in hex; GENESIS's when there is none

    def shown_head(self) -> str:
        """The head as people are shown it: ``12345:3fa4c0de91b2…``."""
        return f"{self.head_position}:{_short(self.head)}"


# -- dump -----------------------------------------------------------------------


def dump(parts: LedgerParts, out: IO[Any], progress: Progress | None = None) -> DumpReport:
    """Write the whole log to ``out`` (a text or a binary stream) as a dump.

    Each stored link of the chain is checked against the hash recomputed from
    the events while they stream: a dump that a restore would refuse is never
    finished. A ledger whose chain is broken is refused at the first bad
    link, with the lines before it written and no last line, so what was
    written cannot pass for a whole dump.
    """
    write = _writer(out)
    events = parts.projections.events
    write(orjson.dumps(HEADER) + b"\n")
    position, previous = 0, chain.GENESIS
    with parts.engines.reader.connect() as db:
        total = _chained(db) if progress is not None else 0
        result = db.execution_options(yield_per=BATCH).execute(_log_query(events))
        dumps, b64, sha256 = orjson.dumps, base64.b64encode, chain.next_hash
        ascii_json = functools.partial(json.dumps, ensure_ascii=True, separators=(",", ":"))
        while batch := result.fetchmany(BATCH):
            lines = bytearray()  # what orjson gives is copied in and freed at once
            for event_id, originator_id, version, topic, state, linked, stored in batch:
                state = bytes(state)
                position += 1
                previous = sha256(previous, originator_id, version, topic, state)
                if linked != position or stored is None or bytes(stored) != previous:
                    raise _broken_ledger(event_id, position, linked, stored, previous)
                line = {
                    "position": position,
                    "id": event_id,
                    "originator_id": str(originator_id),
                    "originator_version": version,
                    "topic": topic,
                }
                shown = _json_text(state)
                if shown is not None:
                    line["state"] = shown
                else:
                    line["state_base64"] = b64(state).decode("ascii")
                line["hash"] = previous.hex()
                encoded = dumps(line)
                if not encoded.isascii():
                    # A dump is ASCII: every other character is a \uXXXX escape, so
                    # a dump shown on a terminal obeys nothing (C1 controls and
                    # bidirectional overrides pass through orjson as they are).
                    encoded = ascii_json(line).encode("ascii")
                lines += encoded
                lines += b"\n"
            write(bytes(lines))
            if progress is not None:
                progress(position, max(total, position))
    head = previous.hex()
    write(dumps({"end": True, "events": position, "head": head}) + b"\n")
    return DumpReport(position, position, head)


def _json_text(state: bytes) -> str | None:
    """A plain JSON state as text; None for any other bytes, which travel as base64:
    a compressed state (ledger.compression) even where its bytes happen to be
    UTF-8, and a state that is not UTF-8."""
    if state[:1] != b"{":
        return None
    try:
        return state.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _log_query(events: Table):
    links = chain.chain
    return (
        select(events.c.id, events.c.originator_id, events.c.originator_version,
               events.c.topic, events.c.state, links.c.position, links.c.hash)
        .select_from(events.outerjoin(links, links.c.event_id == events.c.id))
        .order_by(events.c.id)
    )  # fmt: skip


def _chained(db: Connection) -> int:
    return chain.tail(db)[0]


def _writer(out: IO[Any]) -> Callable[[bytes], Any]:
    if isinstance(out, io.TextIOBase):
        return lambda data: out.write(data.decode("utf-8"))
    return out.write


def _broken_ledger(event_id: int, position: int, linked: int | None, stored: Any,
                   computed: bytes) -> Conflict:
    if stored is None:
        why = f"event {event_id} has no link in the chain"
    elif linked != position:
        why = f"event {event_id} is linked at position {linked}, where {position} was due"
    else:
        why = (f"the stored hash of event {event_id} is {_short(bytes(stored).hex())}, "
               f"the events give {_short(computed.hex())}")
    return Conflict(
        f"cannot dump this ledger: its chain breaks at position {position}: {why} "
        "(recount verify says more); the dump was not finished"
    )


# -- restore --------------------------------------------------------------------


def restore(
    parts: LedgerParts,
    lines: Iterable[bytes | str],
    progress: Progress | None = None,
    size: int | None = None,
    shown: str = "this ledger",
) -> DumpReport:
    """Write the events of a dump into an empty ledger, with their ids and chain.

    Every line is checked before the transaction commits: its JSON and
    fields, its position (consecutive from 1), its id (increasing), its hash
    (recomputed from the events) and, at the end, the last line's count and
    head. Any refusal is one line naming the dump's line, and writes nothing.
    The caller lets the read models catch up afterwards. Given the dump's
    ``size`` in bytes, ``progress`` is called after each batch with the bytes
    read so far and ``size``.
    """
    events = parts.projections.events
    with parts.engines.writer.begin() as db:
        chain.lock_log(db, events)
        _require_empty(db, events, shown)
        reader = _DumpReader()
        rows: list[dict[str, Any]] = []
        links: list[tuple[int, int, bytes]] = []
        number, consumed, ended = 0, 0, False
        for number, raw in enumerate(lines, start=1):
            consumed += len(raw)
            if ended:
                raise InvalidInput(f"line {number}: follows the dump's last line")
            if number == 1:
                reader.header(raw)
                continue
            event = reader.line(number, raw)
            if event is None:
                ended = True
                continue
            rows.append(event)
            links.append((reader.position, event["id"], reader.previous))
            if len(rows) >= BATCH:
                _insert(db, events, rows, links)
                rows, links = [], []
                if progress is not None and size:
                    progress(min(consumed, size), size)
        if number == 0:
            raise InvalidInput("the dump is empty: not even its first line")
        if not ended:
            raise InvalidInput(f"the dump ends at line {number} without its last line: "
                               "it was cut short")
        _insert(db, events, rows, links)
        _advance_ids(db, events)
        chain.notify_log(db, events)
    if progress is not None and size:
        progress(size, size)
    return DumpReport(reader.position, reader.position, reader.previous.hex())


def _require_empty(db: Connection, events: Table, shown: str) -> None:
    held = db.execute(select(func.count()).select_from(events)).scalar_one()
    if held:
        raise Conflict(f"the ledger at {shown} already holds {held:,} events; "
                       "restore writes into an empty ledger only")
    if chain.tail(db)[0]:
        raise Conflict(f"the ledger at {shown} already holds links of a chain; "
                       "restore writes into an empty ledger only")


def _insert(db: Connection, events: Table, rows: list[dict[str, Any]],
            links: list[tuple[int, int, bytes]]) -> None:
    if rows:
        db.execute(events.insert(), rows)
        chain.insert_links(db, links)


def _advance_ids(db: Connection, events: Table) -> None:
    """On PostgreSQL, move the ids' sequence past the restored ids, or the next save
    would be given an id the log already holds (SQLite takes max(id) + 1 itself)."""
    if db.dialect.name != "postgresql":
        return
    if last_position(db, events):
        db.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{events.name}', 'id'), "
            f"(SELECT max(id) FROM {events.name}))"
        ))  # fmt: skip


class _DumpReader:
    """Reads a dump's lines in order, checking each against those before it."""

    def __init__(self) -> None:
        self.position = 0
        self.previous = chain.GENESIS
        self.last_id = 0

    def header(self, raw: bytes | str) -> None:
        found = _object(1, raw, "the header")
        if "recount_dump" not in found:
            raise InvalidInput('line 1: not a Recount dump: its first line must be the header '
                               '{"recount_dump": 1, "chain": "sha256"}')
        version = found["recount_dump"]
        if version != FORMAT or type(version) is not int:
            raise InvalidInput(f"line 1: a dump of format {_shown(version)}; "
                               f"this Recount reads format {FORMAT}")
        if found.get("chain") != "sha256":
            raise InvalidInput(f"line 1: a dump chained with {_shown(found.get('chain'))}; "
                               "this Recount reads 'sha256'")

    def line(self, number: int, raw: bytes | str) -> dict[str, Any] | None:
        """The stored-event row of an event line; None for the last line."""
        found = _object(number, raw, "an event")
        if "end" in found:
            self._end(number, found)
            return None
        _fields(number, found, EVENT_FIELDS, STATE_FIELDS)
        position = _integer(number, found, "position", 1)
        if position != self.position + 1:
            raise InvalidInput(_out_of_order(number, position, self.position))
        event_id = _integer(number, found, "id", 1)
        if event_id <= self.last_id:
            raise InvalidInput(f"line {number}: event id {event_id} does not follow id "
                               f"{self.last_id}: ids must increase")
        originator = found["originator_id"]
        try:
            if type(originator) is not str:
                raise ValueError
            originator_id = UUID(originator)
        except ValueError:
            raise InvalidInput(f"line {number}: originator_id {_shown(originator)} is not "
                               "a UUID") from None
        version = _integer(number, found, "originator_version", 0)
        topic = found["topic"]
        if type(topic) is not str:
            raise InvalidInput(f"line {number}: topic {_shown(topic)} is not a string")
        state = _state(number, found)
        stated = found["hash"]
        if type(stated) is not str or len(stated) != 64 or not _is_hex(stated):
            raise InvalidInput(f"line {number}: hash {_shown(stated)} is not 64 hex digits")
        computed = chain.next_hash(self.previous, originator_id, version, topic, state)
        if computed.hex() != stated.lower():
            raise InvalidInput(
                f"line {number}: the chain breaks at position {position}: its hash is "
                f"{_short(stated)}, its event and those before it give {_short(computed.hex())}"
            )
        self.position, self.previous, self.last_id = position, computed, event_id
        return {
            "id": event_id,
            "originator_id": originator_id,
            "originator_version": version,
            "topic": topic,
            "state": state,
        }

    def _end(self, number: int, found: dict[str, Any]) -> None:
        _fields(number, found, END_FIELDS, ())
        if found["end"] is not True:
            raise InvalidInput(f"line {number}: 'end' is {_shown(found['end'])}, not true")
        count = _integer(number, found, "events", 0)
        if count != self.position:
            raise InvalidInput(f"line {number}: the last line counts {count:,} events, "
                               f"the dump holds {self.position:,}")
        head = found["head"]
        if type(head) is not str or head.lower() != self.previous.hex():
            raise InvalidInput(f"line {number}: the last line gives the head {_short(str(head))}, "
                               f"the events give {_short(self.previous.hex())}")


def _object(number: int, raw: bytes | str, what: str) -> dict[str, Any]:
    try:
        found = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        reason = str(error).split(":")[0]
        raise InvalidInput(f"line {number}: not JSON ({reason})") from None
    if type(found) is not dict:
        raise InvalidInput(f"line {number}: {_shown(found)} is not {what} (a JSON object)")
    return found


def _fields(number: int, found: dict[str, Any], fields: tuple[str, ...],
            one_of: tuple[str, ...]) -> None:
    for name in fields:
        if name not in found:
            raise InvalidInput(f"line {number}: no field '{name}'")
    if one_of and sum(name in found for name in one_of) != 1:
        raise InvalidInput(f"line {number}: needs exactly one of the fields "
                           + " and ".join(f"'{name}'" for name in one_of))
    for name in found:
        if name not in fields and name not in one_of:
            raise InvalidInput(f"line {number}: unknown field {_shown(name)}")


def _integer(number: int, found: dict[str, Any], name: str, least: int) -> int:
    value = found[name]
    if type(value) is not int or not least <= value <= MAX_VERSION:
        raise InvalidInput(f"line {number}: {name} {_shown(value)} is not a whole number "
                           f"from {least}")
    return value


def _state(number: int, found: dict[str, Any]) -> bytes:
    if "state" in found:
        state = found["state"]
        if type(state) is not str:
            raise InvalidInput(f"line {number}: state is not a string")
        return state.encode("utf-8")
    encoded = found["state_base64"]
    try:
        if type(encoded) is not str:
            raise ValueError
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise InvalidInput(f"line {number}: state_base64 is not base64") from None


def _out_of_order(number: int, position: int, previous: int) -> str:
    if position == previous:
        problem = f"position {position} comes twice: a line is duplicated"
    elif position > previous + 1:
        problem = (f"position {position} follows position {previous}: "
                   "a line is missing or out of order")
    else:
        problem = (f"position {position} follows position {previous}: "
                   "a line is out of order or repeated")
    return f"line {number}: {problem}"


def _is_hex(value: str) -> bool:
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def _short(digest: str) -> str:
    return f"{digest[:12]}…"


def _shown(value: Any) -> str:
    """A value from the file, quoted and cut short: a line names it, never dumps it."""
    text = orjson.dumps(value).decode("utf-8") if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else f"{text[:37]}…"
