"""Localize: Babel formatting, per-locale patterns, quotation marks, datelines,
transliteration and the gettext catalogs of page chrome."""
