"""File formats in and out: pure readers and writers, no storage."""
