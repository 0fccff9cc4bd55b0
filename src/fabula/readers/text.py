"""Bytes to text: encoding detection, binary refusal and newline normalisation.

Stories arrive as UTF-8 (with or without BOM), UTF-16 (often BOM-less from Windows tools)
or Windows-1252 (older fan fiction and e-texts, with smart quotes in 0x91-0x94). Getting
the encoding wrong mangles the quotation marks the quote stage depends on, so we decide
explicitly instead of trusting a detector on short English text.
"""

from __future__ import annotations

import re

from ..errors import InputError

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Magic numbers of binary formats people hand us by mistake.
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document (convert it to text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive that is not an EPUB"),
    (b"\xd0\xcf\x11\xe0", "an old Word document (save it as text first)"),
)
#: Controls that never occur in prose (everything below 0x20 except tab, LF, FF, CR).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Encodings a detector may report for Latin-script text whose 0x80-0x9F bytes are really
#: Windows-1252 punctuation (Latin-1 would make them invisible C1 controls).
_LATIN_FAMILY = {"ascii", "latin_1", "iso8859_15", "cp1252", "cp1250", "cp1254", "cp1257", "mac_roman", "cp850", "cp437"}


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one byte parity, as ASCII-range UTF-16 text does."""
    if len(sample) < 4:
        return None
    odd = sample[1::2].count(0) / (len(sample) // 2)
    even = sample[0::2].count(0) / ((len(sample) + 1) // 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None if it may be text."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding into text; refuse empty and binary data."""
    if not data.strip():
        raise InputError("the input is empty")
    kind = binary_kind(data)
    if kind:
        raise InputError(f"the input is {kind}, not a story text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):], encoding), encoding
    sample = data[:4096]
    encoding = _utf16_without_bom(sample) if b"\x00" in sample else None
    if encoding:
        return _checked(data, encoding), encoding
    if b"\x00" in sample:
        raise InputError("the input looks like a binary file, not text")
    try:
        return _checked(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_single_byte(data)
    return _checked(data, encoding), encoding


def _guess_single_byte(data: bytes) -> str:
    """Windows-1252 for Latin-script text, else what charset_normalizer finds."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _LATIN_FAMILY:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    if guess is None:
        raise InputError("the input's text encoding could not be detected; save it as UTF-8")
    return guess


def _checked(data: bytes, encoding: str) -> str:
    """Decode strictly and refuse text full of control characters (a binary file in disguise)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8":
            raise
        raise InputError(f"the input is not valid {encoding} text") from None
    controls = len(_CONTROL.findall(text[:4096]))
    if controls > max(2, len(text[:4096]) // 100):
        raise InputError("the input looks like a binary file, not text")
    return text.lstrip("\ufeff")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets and blank-line paragraphs mean one thing."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
