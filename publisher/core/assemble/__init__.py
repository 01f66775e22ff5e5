"""Assemble: render an article's blocks in one locale into an edition page."""
