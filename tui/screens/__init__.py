"""The places of the UI: one screen per file, modals in ``modals.py``."""
