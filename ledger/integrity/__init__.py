"""Checks that a ledger's history is the one that was recorded (``recount verify``)."""
