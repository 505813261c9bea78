"""Export, erasure and retention of needs data."""
