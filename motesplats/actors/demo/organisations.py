"""Demo organisations."""


def load() -> None:
    """Filled in with the organisations demo."""
