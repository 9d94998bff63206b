"""The terminal UI: browse statistics, revisions and discrepancies, and travel in time."""
