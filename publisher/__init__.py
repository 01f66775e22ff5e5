"""Tarjima publisher: the domain, storage, assembly and command line."""
