"""Keyword-only reads and writes over a DuckDB connection; every write is logged in change_log."""
