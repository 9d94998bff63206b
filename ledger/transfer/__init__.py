"""Moving files into and out of the ledger: native and vintage import, export."""
