"""Admin: organiser (hooks registered on import)."""
