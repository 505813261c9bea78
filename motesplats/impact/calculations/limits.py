"""Bounds that keep one calculation small, shared by the API and the calculator pages.

An analysis over more than a century, or with more lines or runs than any real one, is
refused with a message, not computed. The web pages also run sensitivity analysis
(break-even by bisection, one-way ranges, Monte Carlo) on every request, so their value
maps are bounded more tightly than the API's.
"""

MAX_YEARS = 100
MAX_LINES = 200
MAX_RUNS = 10_000

# The calculator pages: lines per value map or cost table, and the probabilistic runs.
FORM_MAX_LINES = 20
FORM_RUNS = 2_000
FORM_SEED = 2024
