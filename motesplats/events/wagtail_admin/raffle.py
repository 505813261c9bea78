"""Admin: raffle (hooks registered on import)."""
