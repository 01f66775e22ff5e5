"""XLIFF exchange with CAT tools: one locale of one article out, translations back in.

Export writes XLIFF 2.0 (or 1.2 for older tools) with translate-toolkit's storage
classes. Each unit's source is the segment as translators see it on the review screen,
masked: its dates, numbers, amounts and links are placeholders the translation must
keep. In the file they are inline codes (``<ph>``/``<pc>`` in XLIFF 2.0, ``<x/>``/``<g>``
in 1.2, saying what they stand for; see ``publisher.services.exchange.inline`` for the choice),
in the source and in the exported target, so that CAT tools protect them; a note lists
them too (``⟦1⟧ = July 18, 2021``). The file names its article: XLIFF 2.0 as
``<file id="article-42" original="slug">`` with ``srcLang``/``trgLang`` on the root;
XLIFF 1.2 as ``<file original="slug" source-language target-language tarjima:article="42">``.

A unit's id comes from its sentence, not from the database: ``u`` and 12 hex digits of
a hash of the masked source and its spans' meaning (their kind, text and value, not
their offsets), then ``-2``, ``-3``... for a sentence repeated in the article. An editor's
update of the article deletes and re-inserts its segments, but a sentence that did not
change keeps its unit id, so a file exported before the update still imports: the units
of unchanged sentences are imported, and those of sentences changed or removed since
are reported (``XliffImport.outdated``) and not imported. Files exported before these
ids had ``s123`` (the segment's database id): those are still accepted for segments
that exist with the same source, and reported like changed ones otherwise.

Import reads the inline codes back into ``⟦N⟧`` placeholders (and still accepts ``⟦N⟧``
typed as text). It is all or nothing for a file that cannot be right: too large, a DTD,
not well-formed, another article or locale, a unit id twice, no unit of a sentence the
article has, a translation too long or with a placeholder bracket broken, or an inline
code its source does not have or used twice (each named with its unit). Otherwise the
importable units are written in one transaction. Imported text is a human translation
needing review, or approved when the file marks it final (XLIFF 2.0 ``state="final"``;
XLIFF 1.2 ``state="final"`` on the target or ``approved="yes"``) and the importer may
approve. An import that does not approve never replaces an approved translation: it
keeps it and says so. Approved imports go to the translation memory and the edition
is assembled again.
"""

from publisher.services.exchange.inline import XliffVersion
from publisher.services.exchange.xliff.export import export_xliff
from publisher.services.exchange.xliff.formats import MEDIA_TYPE, VERSIONS
from publisher.services.exchange.xliff.ids import unit_ids
from publisher.services.exchange.xliff.importer import OutdatedUnit, XliffImport, import_xliff
from publisher.services.exchange.xliff.read import XliffDocument, XliffUnit, read_xliff

__all__ = [
    "MEDIA_TYPE",
    "VERSIONS",
    "OutdatedUnit",
    "XliffDocument",
    "XliffImport",
    "XliffUnit",
    "XliffVersion",
    "export_xliff",
    "import_xliff",
    "read_xliff",
    "unit_ids",
]
