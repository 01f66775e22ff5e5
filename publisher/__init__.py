"""Tarjima publisher: the pure core, storage, newsroom services, command line and web app."""
