"""Localize for each locale: Babel formats, hand-written forms, quotes, scripts, catalogs.

Babel formatting, per-locale patterns, quotation marks, datelines, transliteration and
the gettext catalogs of page chrome.
"""
