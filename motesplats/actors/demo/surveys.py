"""Demo surveys."""


def load() -> None:
    """Filled in with the surveys demo."""
