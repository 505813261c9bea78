"""Demo needs."""


def load() -> None:
    """Filled in with the needs demo."""
