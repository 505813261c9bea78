"""Security and privacy tests that span the apps."""
