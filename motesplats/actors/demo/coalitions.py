"""Demo coalitions."""


def load() -> None:
    """Filled in with the coalitions demo."""
