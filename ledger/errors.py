"""The errors the ledger raises on purpose.

Every one carries a single line meant for the person who typed the bad
value: the CLI prints ``str(error)`` and exits 1, the UI shows it in a notice.
"""


class RecountError(Exception):
    """Base of every refusal the ledger makes on purpose."""


class InvalidInput(RecountError, ValueError):
    """A value that cannot be read: a number, date, period, code or kind."""


class NotFound(RecountError, LookupError):
    """A statistic, source, figure or discrepancy that the ledger does not hold."""


class Conflict(RecountError):
    """A command that contradicts what the ledger already holds."""


class StorageError(RecountError):
    """The database could not be opened or written."""


class NeedsAttention(RecountError):
    """The log holds an event the read models cannot fold: nothing more is recorded
    until it is repaired, as what is recorded after it could not be folded either."""
