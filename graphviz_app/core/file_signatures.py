"""What a file that is not text is, from its first bytes: a person who opens a picture by
mistake reads "this is a PNG picture", never a byte's code."""

from __future__ import annotations

# (first bytes, what a person calls such a file); checked in order, the first that matches wins
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF87a", "a GIF picture"),
    (b"GIF89a", "a GIF picture"),
    (b"%PDF-", "a PDF document"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\xff\xfe", "UTF-16 text (a diagram file is UTF-8)"),
    (b"\xfe\xff", "UTF-16 text (a diagram file is UTF-8)"),
)
RIFF_KINDS = {b"WEBP": "a WebP picture", b"WAVE": "a WAV sound", b"AVI ": "an AVI video"}


def binary_kind(data: bytes) -> str | None:
    """What the file is, if its first bytes say so ("a PNG picture"); None if they do not."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in RIFF_KINDS:
        return RIFF_KINDS[data[8:12]]
    return None


def looks_binary(data: bytes) -> bool:
    """Not text at all (a NUL byte near the start), rather than text with one damaged byte."""
    return b"\x00" in data[:8192]
