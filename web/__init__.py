"""The web face: the ledger over HTTP, FRED/ALFRED-compatible (``web.fred``) and in
Recount's own JSON (``web.native``). Read-only; it reaches the ledger only through
its door, :class:`ledger.service.Ledger`, as the CLI and the UI do."""
