"""Admin: viewsets (hooks registered on import)."""
