"""Export, erasure and retention of profiles data."""
