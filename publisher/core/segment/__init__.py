"""Segment: blocks -> sentence-sized segments and back (the pipeline's second stage)."""
