"""Export, erasure and retention of coalitions data."""
