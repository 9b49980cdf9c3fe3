"""What an uploaded file is, from its bytes: refused when it is a program, typed by sniffing, safely named.

The name and the content type a client sends are not trusted: a program is refused by its first bytes
(ELF, PE/MZ, Mach-O, a shebang script, Java class files) and, for a zip, by what it holds (a jar or an
Android package), as well as by its extension; the stored type is what `filetype` reads in the bytes, or
text/plain for UTF-8 text, else application/octet-stream.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import filetype

MAX_NAME = 200
EXECUTABLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable (PE/MZ)"),
    (b"\xfe\xed\xfa\xce", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O universal binary or a Java class file"),
    (b"#!", "a script (it starts with #!)"),
    (b"dex\n", "an Android executable"),
)
EXECUTABLE_EXTENSIONS = frozenset(
    [
        "apk",
        "app",
        "bat",
        "bin",
        "cmd",
        "com",
        "cpl",
        "dll",
        "dmg",
        "elf",
        "exe",
        "gadget",
        "hta",
        "jar",
        "class",
        "jse",
        "lnk",
        "msc",
        "msi",
        "msp",
        "pif",
        "ps1",
        "psm1",
        "reg",
        "scr",
        "sct",
        "sh",
        "shb",
        "so",
        "vb",
        "vbe",
        "vbs",
        "ws",
        "wsc",
        "wsf",
        "wsh",
        "run",
        "out",
    ]
)
ZIPPED_PROGRAM = ("META-INF/MANIFEST.MF", "classes.dex", "AndroidManifest.xml")
TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}


def holds_path(name: str) -> bool:
    """Whether a file's name is a path (`../x`, `a/b`, `C:\\x`): refused, not guessed at."""
    return "/" in name or "\\" in name or name.strip() in {".", ".."}


def clean_name(name: str) -> str:
    """The name to keep: without control or format characters (NUL, newlines, bidi overrides), NFC, trimmed
    to 200 characters (the extension kept); "" when nothing is left."""
    kept = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    kept = kept.strip().strip(".").strip()
    if len(kept) > MAX_NAME:
        stem, dot, extension = kept.rpartition(".")
        keep = extension[:20] if dot and stem else ""
        kept = kept[: MAX_NAME - len(keep) - 1].rstrip() + "." + keep if keep else kept[:MAX_NAME]
    return kept


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def program_by_name(name: str) -> str | None:
    """Why a file of this name is refused as a program, or None."""
    extension = extension_of(name)
    if extension in EXECUTABLE_EXTENSIONS:
        return f"files named .{extension} are programs and are not accepted"
    return None


def program_by_bytes(head: bytes, path: Path) -> str | None:
    """Why the file (its first bytes, and the whole of it at `path`) is refused as a program, or None."""
    for magic, what in EXECUTABLE_MAGIC:
        if head.startswith(magic):
            return f"the file is {what}; programs are not accepted"
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if any(program in names for program in ZIPPED_PROGRAM) or any(n.endswith(".class") for n in names):
            return "the file is a Java or Android package; programs are not accepted"
    return None


def content_type(head: bytes) -> str:
    """The type the bytes show (never the one the client claimed)."""
    guessed = filetype.guess(head)
    if guessed is not None:
        return str(guessed.mime)
    return "text/plain" if _is_text(head) else "application/octet-stream"


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # only a character cut at the end of the head is allowed
            return False
        text = head[: error.start].decode("utf-8")
    return bool(text) and not any(ord(c) in TEXT_CONTROLS for c in text)
