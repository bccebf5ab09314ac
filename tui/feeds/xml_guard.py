"""Refusing XML that declares entities, before any feed parser sees it.

feedparser's fallback (loose) parser expands internal entities itself, so
billion-laughs and the quadratic blow-up get through it, and an external entity
(``SYSTEM "file:///etc/passwd"``) is a classic XXE. Declarations can only appear in
the prolog, so expat (a real XML parser, as defusedxml uses) reads just the prolog
with handlers that refuse any entity declaration or internal DTD subset, and stops
at the root element. A plain ``<!DOCTYPE rss PUBLIC ...>`` (old RSS 0.91 feeds) is
allowed: expat never loads external DTDs here.

The encoding is forced to Latin-1 (or UTF-16 for a UTF-16 document) for this scan:
markup is ASCII, Latin-1 decodes any byte, and expat would otherwise stop at an
encoding it does not know (windows-1251, ...) before reaching the declarations.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Only for prologs expat cannot read at all: be strict there.
_DECLARES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)


class UnsafeXMLError(ValueError):
    """The document declares entities or a DTD subset; it is not parsed."""


class _RootReached(Exception):
    pass


def _refuse_entity(*_: object) -> None:
    raise UnsafeXMLError("the XML declares entities (refused: entity expansion attack)")


def _doctype(_name: str, _sysid: str | None, _pubid: str | None, internal: int) -> None:
    if internal:
        raise UnsafeXMLError(
            "the XML has an internal DTD subset (refused: it may declare entities)"
        )


def _root(*_: object) -> None:
    raise _RootReached


def _encoding_for(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        return "UTF-16"
    if data[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a BOM
        return "UTF-16LE" if data[0] == 0x3C else "UTF-16BE"
    return "ISO-8859-1"


def check_xml(data: bytes) -> None:
    """Raises UnsafeXMLError if the document declares entities or an internal DTD subset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    encoding = _encoding_for(data)
    parser = expat.ParserCreate(encoding)
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity  # type: ignore[assignment]
    parser.StartElementHandler = _root
    try:
        parser.Parse(data, True)
    except _RootReached:
        return
    except expat.ExpatError:
        # Not well-formed before the root (an HTML page, garbage): the parsers that come
        # next may still try it, so refuse anything that looks like a declaration at all.
        text = data.decode("utf-16", "replace").encode() if encoding != "ISO-8859-1" else data
        if _DECLARES.search(text):
            raise UnsafeXMLError(
                "the document declares entities (refused: entity expansion attack)"
            ) from None
