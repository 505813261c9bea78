"""Admin for organisations (Wagtail viewsets registered with hooks)."""
