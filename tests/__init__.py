"""Tarjima's tests (a package, so that bench/ can import tests.support)."""
