"""Admin for surveys (Wagtail viewsets registered with hooks)."""
