"""Demo actors: organisations and people first, then what builds on them."""

from . import coalitions, needs, organisations, surveys


def actors_demo_load() -> None:
    """Load the demo actors on an empty database; does nothing when they exist."""
    organisations.load()
    coalitions.load()
    needs.load()
    surveys.load()
