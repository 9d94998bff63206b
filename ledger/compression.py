"""Stored event states, compressed: raw deflate with a preset dictionary.

Every event of the ledger repeats the same JSON: the timestamp's wrapper,
the aggregate's topic, the field names, ``null`` and the vocabularies. A
state is a few hundred bytes, too short for deflate to find those repeats
in itself; a preset dictionary (``zdict``) that holds them lets the first
occurrence already be a short back-reference (issue 11: a third of the
bytes).

A stored state is one of:

- ``{…``: plain JSON, as every ledger wrote before compression (and as
  Recount still writes with ``COMPRESSOR_TOPIC`` set empty): read as it is;
- ``\\x01`` then raw deflate (no zlib header or checksum: the hash chain
  already covers every stored byte) with :data:`DICTIONARY` as ``zdict``.

The mark byte names the dictionary: a better one later goes under a new
mark, and states written under ``\\x01`` keep reading. The level, memory
level and window are the writer's choice alone (inflate reads any of them),
so they may change without a new mark.

The library's :class:`~eventsourcing.persistence.Mapper` calls this for
every event it stores and loads (``COMPRESSOR_TOPIC``); the batched writer
and the projections' reader of the log call the same functions.
"""

from __future__ import annotations

import zlib

from eventsourcing.persistence import Compressor

PLAIN = ord("{")  # the first byte of every uncompressed state
MARK = b"\x01"  # raw deflate with DICTIONARY

# NEVER CHANGE THIS DICTIONARY: every state stored under MARK can only be read
# with these very bytes (tests/write/test_compression.py pins their sha256).
# A new dictionary goes under a new mark, beside this one.
#
# Deflate reaches the end of a dictionary with the shortest distances, so the
# most common event comes last: a figure's Published event, then the later
# figure events, then the rarer aggregates. Values of the closed vocabularies
# (ledger.semantics.vocabulary) are in; recorded data is not.
DICTIONARY = b"".join((
    b'"originator_topic":"ledger.domain.discrepancy:Discrepancy","statistic":"","period":"',
    b'","by":"","kind":"definition","kind":"scope","kind":"timing","kind":"rounding",',
    b'"kind":"error","kind":"unknown","note":"',
    b'"originator_topic":"ledger.domain.source:Source","source_id":"","name":"',
    b'","organisation":null,"organisation":"","kind":"official","kind":"agency",',
    b'"kind":"media","kind":"secondary","kind":"unattributed","by":"',
    b'"originator_topic":"ledger.domain.statistic:Statistic","code":"","name":"","unit":"',
    b'","definition":null,"definition":"","scope":null,"scope":"","by":"',
    b'"originator_topic":"ledger.domain.release:Release","source":"","key":"","title":"',
    b'","url":null,"url":"https://","published":"","by":"',
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-01T00:00:00.000000+00:00"},',
    b'"text":null,"grain":null,"period":null,"source":null,"published":null,"reason":"","by":"',
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-01T00:00:00.000000+00:00"},',
    b'"text":"","grain":null,"published":"","reason":"","by":"',
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-01T00:00:00.000000+00:00"},',
    b'"published":"","reason":"","by":"',
    b'"status":"provisional","status":"estimated","status":"forecast","status":"target",',
    b'","grain":"1","release":"","url":"https://","quote":"","note":"',
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-01T00:00:00.000000+00:00"},',
    b'"originator_topic":"ledger.domain.figure:Figure","statistic":"","period":"',
    b'","source":"","text":"","grain":null,"status":"normal","published":"20',
    b'","release":null,"url":null,"quote":null,"note":null,"by":"',
))  # fmt: skip

# Chosen by measuring on 10^5 synthetic Published events (~325 bytes of JSON;
# issue 11), CPU time per state, best of rounds on a loaded 2-core machine:
# zlib's defaults (level 6, memLevel 8, 32 KiB window) 13-17 µs, for 77.3
# bytes; a compressor copied from a primed one with a 4 KiB window (it still
# holds the whole dictionary and a state) and memLevel 4, 10 µs at level 6,
# 8.2 µs at level 2 for 78.6 bytes. Level 1 costs the same and gives 86 bytes.
LEVEL = 2
MEM_LEVEL = 4
WINDOW_BITS = 12  # raw deflate, so passed negated; inflate reads with 15, the widest


class UnreadableState(ValueError):
    """A stored state in no format this Recount reads."""


# Copying a compressor primed with the dictionary skips setting it again each time.
_primed = zlib.compressobj(
    LEVEL, zlib.DEFLATED, -WINDOW_BITS, MEM_LEVEL, zlib.Z_DEFAULT_STRATEGY, DICTIONARY
)


def compress(state: bytes) -> bytes:
    """``state`` (JSON) as stored: the mark, then raw deflate with the dictionary."""
    compressor = _primed.copy()
    return MARK + compressor.compress(state) + compressor.flush()


def decompress(stored: bytes) -> bytes:
    """The JSON of a stored state: plain JSON as it is, a compressed one inflated."""
    if not stored:
        raise UnreadableState("the stored state is empty")
    first = stored[0]
    if first == PLAIN:
        return stored
    if first != MARK[0]:
        raise UnreadableState(
            f"the stored state starts with byte 0x{first:02x}: neither JSON ('{{') nor "
            f"compressed by this Recount (0x{MARK[0]:02x})"
        )
    # A new inflater costs less than a copy of a primed one (1.4 µs against 2.1).
    decompressor = zlib.decompressobj(-15, zdict=DICTIONARY)
    try:
        state = decompressor.decompress(memoryview(stored)[1:])
    except zlib.error as error:
        raise UnreadableState(f"the compressed state does not inflate: {error}") from None
    if not decompressor.eof or decompressor.unused_data:
        raise UnreadableState("the compressed state is cut short or has bytes after its end")
    return state


class StateCompressor(Compressor):
    """The library's compressor hook (``COMPRESSOR_TOPIC``) over :func:`compress`."""

    def compress(self, data: bytes) -> bytes:
        return compress(data)

    def decompress(self, data: bytes) -> bytes:
        return decompress(data)
