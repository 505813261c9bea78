"""Text for cells that people open in a spreadsheet.

A cell that starts like a formula (=, +, -, @, a tab or a carriage return) would be run
by Excel or LibreOffice (OWASP: CSV injection); it is kept as text by a leading
apostrophe. Every CSV the platform writes passes its cells through `csv_safe`.
"""

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
