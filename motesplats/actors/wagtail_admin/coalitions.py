"""Admin for coalitions (Wagtail viewsets registered with hooks)."""
