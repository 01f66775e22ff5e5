"""The XLIFF versions Tarjima writes and reads, translate-toolkit's stores for them, and the
attributes and patterns of Tarjima's files."""

from __future__ import annotations

import re

from translate.storage import xliff, xliff2

from publisher.services.exchange.inline import (
    TARJIMA_NAMESPACE,
    XliffVersion,
)

VERSIONS: tuple[XliffVersion, ...] = ("2.0", "1.2")
MEDIA_TYPE = "application/xliff+xml"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: Tarjima's own attributes (the article's id on an XLIFF 1.2 ``<file>``).
ARTICLE_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}article"
#: The translation's version when exported: an import that would replace a translation
#: someone changed since then is refused for that unit (kept), never applied blindly.
VERSION_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}version"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Hex digits of the content hash in a unit id (48 bits: no two sentences of an
#: article share one in practice, and a clash would only report a unit as changed).
UNIT_HASH_CHARS = 12
FILE_ID = re.compile(r"article-([1-9][0-9]{0,9})")
ARTICLE_NUMBER = re.compile(r"([1-9][0-9]{0,9})")
#: The largest id the database's integer columns hold.
MAX_ID = 2**31 - 1
ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xliff\b[^>]*>")
VERSION = re.compile(rb"""\bversion\s*=\s*["']([^"']*)["']""")
SHOWN_IDS = 8
SHOWN_CHARS = 60


class Xliff12Unit(xliff.Xliff1Unit):
    namespace = XLIFF12_NAMESPACE


class Xliff12File(xliff.Xliff1File[Xliff12Unit]):
    """translate-toolkit's XLIFF 1.x store, writing version 1.2 (its default is 1.1)."""

    UnitClass = Xliff12Unit
    namespace = XLIFF12_NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF12_NAMESPACE}' xmlns:tarjima='{TARJIMA_NAMESPACE}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


class Xliff20File(xliff2.Xliff2File):
    """translate-toolkit's XLIFF 2.0 store, with Tarjima's namespace declared once."""

    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='2.0' xmlns='{xliff2.Xliff2File.namespace}' xmlns:tarjima='{TARJIMA_NAMESPACE}'
 srcLang='en'>
<file id='f1'>
</file>
</xliff>"""
