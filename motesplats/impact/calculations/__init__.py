"""Impact calculations: pure Python with exact decimals, no Django. Each result carries
the conventions it was computed with (rounding, discounting, timing)."""
