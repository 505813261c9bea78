"""The API's read resources, one module per family; each has a `router`."""
