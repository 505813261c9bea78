"""Export, erasure and retention of organisations data."""
