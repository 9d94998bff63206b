"""Analyses of the ledger's figures: pure computations on the rows and spans the reads give."""
