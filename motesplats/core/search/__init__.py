"""Site search in Swedish and English, on SQLite and PostgreSQL alike.

See `text.py` for how words become terms, `index.py` for what is indexed and when,
`backend.py` for matching and ranking, and docs/adr/0008 for why it is built this way.
"""

from .backend import Hit, SearchResult, search
from .documents import SearchDocument, page_text, plain_text
from .index import index_object, rebuild, register_model, remove_object

__all__ = [
    "Hit",
    "SearchDocument",
    "SearchResult",
    "index_object",
    "page_text",
    "plain_text",
    "rebuild",
    "register_model",
    "remove_object",
    "search",
]
