"""Test package (distinct module names across folders)."""
