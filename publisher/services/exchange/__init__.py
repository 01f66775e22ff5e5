"""Exchange with CAT tools: XLIFF (2.0 and 1.2) for one locale of an article, TMX for
the translation memory. Files are written and read with translate-toolkit's storage
classes; every import is checked as a whole before anything is written."""

from publisher.services.exchange.files import ExportedFile
from publisher.services.exchange.tmx import MemoryImport, export_tmx, import_tmx
from publisher.services.exchange.xliff import VERSIONS, XliffImport, export_xliff, import_xliff

__all__ = [
    "VERSIONS",
    "ExportedFile",
    "MemoryImport",
    "XliffImport",
    "export_tmx",
    "export_xliff",
    "import_tmx",
    "import_xliff",
]
