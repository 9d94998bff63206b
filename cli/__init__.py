"""The ``recount`` command line: thin over :class:`ledger.service.Ledger`."""
