"""Export, erasure and retention of surveys data."""
