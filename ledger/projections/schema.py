"""The read models' tables (DESIGN.md, "Projections").

The catalogue keeps dates as ISO text (``2011-01-21``) and recorded times as
fixed-width UTC text (``2011-01-21T10:00:00.000000Z``), so both sort as text on
every database; the figures' tables, which hold a row or two per figure, keep
them as integers (:mod:`ledger.projections.codec`). Intervals are stored as
text in bracket notation (``(59000,]``: an empty end is unbounded), which
keeps open and closed ends without four extra columns.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, MetaData, Table, Text

# Log positions and the counters beside them are PostgreSQL's bigint, as the log's
# own ids are; on SQLite an INTEGER primary key stays the rowid (a BIGINT one would
# be an extra index), and SQLite's integers are 64-bit anyway.
POSITION = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

# Raise when a table's shape or content rule changes: a ledger opened with older
# read models rebuilds them from the log (they hold nothing the log does not).
# 7: no revision rows known for no time, gaps written without trailing zeros.
# 8: catalogue_history, every definition of a statistic and of a source.
# 9: a discrepancy's explanation is its latest explain note; resolve and reopen
#    notes are kept in discrepancy_notes only.
# 10: one integer-keyed bitemporal table (versions) with slots, readings and
#     archivists, in place of figures-as-text, revisions and figure_history
#     (a statistic's history is read from the log); a version keeps its figure's id
#     and status.
# 11: a source's drop-outs (values a later vintage lacks) counted apart from its
#     withdrawals (catalogue_sources.dropped); a drop-out's retraction says so.
# 12: log positions and the seq counters bigint on PostgreSQL, as the log's ids are.
SCHEMA_VERSION = 12

schema_version = Table(
    "projection_schema",
    metadata,
    Column("version", Integer, primary_key=True),
)

positions = Table(
    "projection_positions",
    metadata,
    Column("projection", Text, primary_key=True),
    Column("position", POSITION, nullable=False),
)

# The event the read models stopped at because they cannot fold it (issue 15):
# at most one row, current while its position is past the positions above.
# Rebuild drops it with the rest and finds the event again if it is still bad.
halt = Table(
    "projection_halt",
    metadata,
    Column("position", POSITION, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),  # "Figure.Corrected"
    Column("originator_id", Text, nullable=False),  # hex
    Column("reason", Text, nullable=False),  # one line
)

statistics = Table(
    "catalogue_statistics",
    metadata,
    Column("code", Text, primary_key=True),
    Column("aggregate_id", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("definition", Text),
    Column("scope", Text),
    Column("defined", Text, nullable=False),
    Column("defined_by", Text, nullable=False),
    # Counts as known now, kept in step by the projections so that listing
    # 10^5 statistics is one indexed read, not a scan of every figure.
    Column("periods", Integer, nullable=False, server_default="0"),
    Column("figures", Integer, nullable=False, server_default="0"),
    Column("last_published", Text),
    Column("hard", Integer, nullable=False, server_default="0"),
    Column("soft", Integer, nullable=False, server_default="0"),
)

sources = Table(
    "catalogue_sources",
    metadata,
    Column("source_id", Text, primary_key=True),
    Column("aggregate_id", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("organisation", Text),
    Column("kind", Text, nullable=False),
    Column("registered", Text, nullable=False),
    Column("registered_by", Text, nullable=False),
    # Its figures as known now: all, later revised by the source itself,
    # corrected, retracted (withdrawn by the source), dropped (no longer in a
    # vintage: ledger.semantics.drop_outs). Kept by deltas as figure events arrive.
    Column("figures", Integer, nullable=False, server_default="0"),
    Column("revised", Integer, nullable=False, server_default="0"),
    Column("corrected", Integer, nullable=False, server_default="0"),
    Column("retracted", Integer, nullable=False, server_default="0"),
    Column("dropped", Integer, nullable=False, server_default="0"),
)

# Every definition of a statistic and every registration of a source, in log
# order: the catalogue's own history (``statistic history``, ``source history``).
catalogue_history = Table(
    "catalogue_history",
    metadata,
    Column("seq", POSITION, primary_key=True, autoincrement=False),
    Column("entry", Text, nullable=False),  # "statistic" or "source"
    Column("key", Text, nullable=False),  # the statistic's code, the source's id
    Column("event", Text, nullable=False),  # defined, described, registered, updated
    Column("name", Text, nullable=False),
    Column("unit", Text),  # a statistic's
    Column("definition", Text),
    Column("scope", Text),
    Column("organisation", Text),  # a source's
    Column("kind", Text),
    Column("recorded", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Index("catalogue_history_key", "entry", "key", "seq"),
)

releases = Table(
    "catalogue_releases",
    metadata,
    Column("aggregate_id", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("published", Text, nullable=False),
    Index("catalogue_releases_source", "source", "key"),
)

# Where a figure stands: (statistic, period, source), numbered in the order the
# log first names it. Versions and figures refer to a slot by its number; the
# key's index is in replay's output order (a period's bounds sort it), so a
# read of one statistic, or of the whole ledger, walks it without sorting.
slots = Table(
    "slots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("statistic", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("period_start", Text, nullable=False),
    Column("period_end", Text, nullable=False),
    Column("source", Text, nullable=False),
    Index("slots_key", "statistic", "period_start", "period_end", "period", "source",
          unique=True),
)

# How the ledger reads each verbatim text (with the grain it was given, '' for
# none), worked out once per distinct text: vintage files repeat their values.
readings = Table(
    "readings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("given", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("qualifier", Text, nullable=False),
    Column("grain", Text, nullable=False),
    Column("tight", Text, nullable=False),
    Column("wide", Text, nullable=False),
    Index("readings_key", "text", "given", unique=True),
)

archivists = Table(
    "archivists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False, unique=True),
)

# Every figure's folded state as known now, keyed by ``seq``, the log position
# of its Published event, so new figures append. Dates are day ordinals and
# recorded times microseconds (ledger.projections.codec). The figure's id has
# no index here: the log's own index on (originator_id, version) finds it
# (``log.published_positions``); an index on random ids cost a 10^6-figure
# rebuild 11 s of page writes (issue 4 note).
figures = Table(
    "figures",
    metadata,
    Column("seq", POSITION, primary_key=True, autoincrement=False),
    Column("figure", LargeBinary, nullable=False),  # its UUID's 16 bytes
    Column("slot", Integer, nullable=False),
    Column("published", Integer, nullable=False),
    Column("recorded", BigInteger, nullable=False),
    Column("recorded_by", Integer, nullable=False),
    Column("reading", Integer, nullable=False),  # its text as published or amended
    Column("status", Text, nullable=False),
    Column("release", Text),
    Column("url", Text),
    Column("quote", Text),
    Column("note", Text),
    Column("corrections", Text),  # JSON list, NULL for none
    Column("retraction", Text),  # JSON object or NULL; see DROPPED_RETRACTION
    Column("amendments", Integer, nullable=False),
    Index("figures_slot", "slot"),
)

# A drop-out's retraction object is written with "dropped" as its first key and
# a withdrawal's without it, so that SQL on any database counts drop-outs with
# this LIKE on the text's start (a reason can never sit in front of that key).
DROPPED_RETRACTION = '{"dropped": true, %'

# The one bitemporal table: each version of a slot's value, valid over
# [pub_from, pub_to) in published time (day ordinals) and [rec_from, rec_to) in
# recorded time (microseconds); NULL is open. ``published`` and ``recorded``
# say when its value was published and recorded (a correction's own); ``kind``
# is 0 for a value as published, 1 for a correction.
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("slot", Integer, nullable=False),
    # The figure's id and status, kept here as well as in figures: as-of reads every row
    # of a statistic, and a join to figures for them made it twice as slow (issue 11 note).
    Column("figure", LargeBinary, nullable=False),
    Column("status", Text, nullable=False),
    Column("kind", Integer, nullable=False),
    Column("reading", Integer, nullable=False),
    Column("published", Integer, nullable=False),
    Column("recorded", BigInteger, nullable=False),
    Column("recorded_by", Integer, nullable=False),
    Column("pub_from", Integer, nullable=False),
    Column("pub_to", Integer),
    Column("rec_from", BigInteger, nullable=False),
    Column("rec_to", BigInteger),
    # A slot's versions in published time: as-of reads and the projector's loads.
    Index("versions_slot", "slot", "pub_from"),
)
KINDS = ("published", "corrected")  # by ``versions.kind``

# The current figure of each slot is its version still open in both times: a
# view, so that no write keeps a second copy in step. Declared in its own
# MetaData: create_all makes tables.
views = MetaData()
CURRENT_COLUMNS = (
    "slot", "statistic", "period", "period_start", "period_end", "source", "figure", "kind",
    "text", "value", "qualifier", "grain", "tight", "wide", "status", "published", "recorded",
    "recorded_by",
)  # fmt: skip
CURRENT_VIEW = """CREATE VIEW current_figures AS
SELECT s.id AS slot, s.statistic, s.period, s.period_start, s.period_end, s.source,
       v.figure, v.kind, r.text, r.value, r.qualifier, r.grain, r.tight, r.wide, v.status,
       v.published, v.recorded, a.name AS recorded_by
FROM versions v JOIN slots s ON s.id = v.slot
JOIN readings r ON r.id = v.reading JOIN archivists a ON a.id = v.recorded_by
WHERE v.rec_to IS NULL AND v.pub_to IS NULL"""

discrepancies = Table(
    "discrepancies",
    metadata,
    Column("statistic", Text, primary_key=True),
    Column("period", Text, primary_key=True),
    Column("period_start", Text, nullable=False),
    Column("period_end", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("internal", Integer, nullable=False),
    Column("gap", Text, nullable=False),
    Column("figures", Text, nullable=False),  # JSON list of figure ids
    Column("sources", Text, nullable=False),  # JSON list of source ids
    Column("state", Text, nullable=False),
    Column("explanation_kind", Text),
    Column("explanation_note", Text),
)

# Every event of each discrepancy in log order: "tracked", then each note
# ("explained" with its kind, "resolved", "reopened"), who and when. The
# register folds them (register.explanations); reads list them as a history.
discrepancy_notes = Table(
    "discrepancy_notes",
    metadata,
    Column("seq", POSITION, primary_key=True),
    Column("aggregate_id", Text, nullable=False),
    Column("statistic", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("kind", Text),
    Column("note", Text),
    Column("recorded", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Index("discrepancy_notes_key", "statistic", "period", "seq"),
)

# Tables of older read models that no table of this version replaces by name:
# dropped with the rest when an older ledger is opened.
RETIRED = ("revisions", "figure_history")

PROJECTIONS = ("catalogue", "current", "revisions", "discrepancies")
