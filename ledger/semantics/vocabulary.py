"""The ledger's closed vocabularies (DESIGN.md, "Vocabulary")."""

#: Who said it.
SOURCE_KINDS = ("official", "agency", "media", "secondary", "unattributed")

#: A figure's observation status, as SDMX's; a target is never compared with a count.
STATUSES = ("normal", "provisional", "estimated", "forecast", "target")

#: What an archivist says explains a discrepancy.
EXPLANATION_KINDS = ("definition", "scope", "timing", "rounding", "error", "unknown")

#: How bad a discrepancy is, and where the archivist has taken it.
SEVERITIES = ("hard", "soft")
DISCREPANCY_STATES = ("open", "explained", "resolved")
