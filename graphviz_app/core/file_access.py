"""Reaching a diagram file, whatever is in it: only regular files up to MAX_FILE_BYTES are read
(the size is checked before reading), and a file is written atomically (a temporary file in the
same folder, flushed, synced, renamed), removing what a killed save left behind.
A file that cannot be reached raises FileAccessError: a UserError worded in one line naming the
file as given (cannot_read, cannot_save), and the OSError it comes from.
The format itself (what the text says) is fileformat's. See docs/file-format.md.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .errors import FileAccessError, FileFormatError, UserError
from .file_signatures import binary_kind, looks_binary
from .values import size_text

MAX_FILE_BYTES = 64_000_000  # a larger file takes too long and too much memory to load
NEAR_CHARS = 40  # the longest word a misencoded file's refusal quotes, the bad letter in its second half
TEMP_PATTERN = re.compile(r"\..+\.json\.[a-z0-9_]{8}\.tmp")  # write_atomically's own temporaries (mkstemp names)
TEMP_MAX_AGE = 60.0  # seconds: a younger temporary may belong to a save running right now


def file_path(path: object) -> str:
    """path as text: a str or an os.PathLike naming a file. Anything else is refused with a
    UserError (os.stat and open would take an int as a file descriptor: reading stdin, closing stdout)."""
    if isinstance(path, (str, os.PathLike)):
        text = os.fspath(path)
        if isinstance(text, str):
            return text
    raise UserError(f"a file is named by its path (text or a pathlib.Path), not {type(path).__name__} {path!r}")


# ------------------------------------------------------------------ reading
def check_file(path: str | os.PathLike) -> int:
    """The size of the diagram file at path, checked before anything is read.

    FileAccessError (an OSError) when it cannot be looked at (missing, no permission);
    FileFormatError when it is not a regular file (a folder, a pipe, a device) or
    larger than MAX_FILE_BYTES.
    """
    path = file_path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileAccessError(cannot_read(exc, path), exc, path) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileFormatError(f"{path}: is a folder, not a diagram file")
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError(
            f"{path}: is {_file_kind(info.st_mode)}, not a diagram file (only regular files are read)"
        )
    if info.st_size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{path}: the file is {size_text(info.st_size)}; diagrams larger than "
            f"{size_text(MAX_FILE_BYTES)} are not read"
        )
    return info.st_size


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_text(path: str | os.PathLike) -> str:
    """The file's text, refusing what check_file refuses and never reading past the limit
    (a file that grows meanwhile is refused too)."""
    path = file_path(path)
    check_file(path)
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # (replaced since the check)
                raise FileFormatError(f"{path}: not a regular file")
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileAccessError(cannot_read(exc, path), exc, path) from None
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{path}: the file is larger than {size_text(MAX_FILE_BYTES)}; such diagrams are not read"
        )
    kind = binary_kind(data)
    if kind is not None:  # (a PDF starts with text: its first bytes say what it is before decoding)
        raise FileFormatError(f"{path}: this is {kind}, not a diagram file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if looks_binary(data):
            raise FileFormatError(f"{path}: not a text file, so not a diagram file (those are JSON text)") from None
        raise FileFormatError(f"{path}: {not_utf8(data, exc.start)}") from None


def not_utf8(data: bytes, at: int) -> str:
    """Why text with a byte at `at` that UTF-8 cannot read is refused, in a person's words: an
    editor saved it in another encoding (Latin-1: `été` as one byte a letter), with the line and
    the word as that encoding would show it, never the byte's code."""
    start = max(data.rfind(b"\n", 0, at) + 1, at - NEAR_CHARS)  # a window, not the whole line: a regex
    end = data.find(b"\n", at, at + NEAR_CHARS)  # over a long (minified) line takes time growing with its square
    text = data[start : end if end >= 0 else at + NEAR_CHARS].decode("cp1252", errors="replace")  # (1 byte a char)
    column = at - start
    before = re.search(r'[^\s"\',:\[\]{}]*\Z', text[:column]).group()
    word = before[-NEAR_CHARS // 2 :] + re.match(r'[^\s"\',:\[\]{}]*', text[column:]).group()
    near = f' (near "{word[:NEAR_CHARS]}")' if word.strip() else ""
    line = data.count(b"\n", 0, at) + 1
    return (
        f"line {line}{near}: the file is not saved as UTF-8; a text editor saved it "
        "in another encoding (such as Latin-1), or it is damaged. Save it as UTF-8 in your editor and open it again"
    )


# ------------------------------------------------------------------ writing
def check_size(text: str) -> None:
    """What is written can be read again: text beyond MAX_FILE_BYTES is not written."""
    size = len(text.encode("utf-8")) if len(text) * 4 > MAX_FILE_BYTES else len(text)
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"the diagram would be a file of {size_text(size)}; files larger than {size_text(MAX_FILE_BYTES)} "
            "cannot be opened, so it is not saved: make its values smaller"
        )


def write_atomically(path: str | os.PathLike, text: str) -> None:
    """Write text as UTF-8: a temporary file in the same folder, flushed, synced, then renamed.

    On any failure the previous file is untouched and the temporary file is removed.
    Temporaries an earlier save left behind (killed mid-way) are removed first.
    Raises FileAccessError (an OSError) naming path, never the temporary file, for file system
    problems; a folder at path is refused before anything is written.
    A symbolic link stays a link: the file it points to is the one replaced (with its mode).
    """
    path = Path(file_path(path))
    if path.is_dir():
        refusal = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise FileAccessError(cannot_save(refusal, path), refusal, path)
    target = real_path(path)
    folder = target.parent
    remove_stale_temporaries(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileAccessError(cannot_save(exc, path), exc, path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FileAccessError(cannot_save(exc, path), exc, path) from None
        raise
    _sync_folder(folder)


def real_path(path: str | os.PathLike) -> Path:
    """The file a write must replace: path with its symbolic links followed (a link, even one to a
    file not made yet, is kept as a link; replacing the link itself would leave the file it names
    unchanged)."""
    return Path(os.path.realpath(path))


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete what a killed save left in folder: only files named as write_atomically names its
    temporaries (.NAME.json.XXXXXXXX.tmp) and older than TEMP_MAX_AGE. Returns what was removed."""
    removed = []
    cutoff = time.time() - TEMP_MAX_AGE
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_PATTERN.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # (another program's, or gone meanwhile: not ours to insist on)
    return removed


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return new_file_mode()


def new_file_mode() -> int:
    """The mode a newly created file usually gets: 0666 minus the process's umask (which can only
    be read by setting it, so it is set back at once)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ------------------------------------------------------------------ wording
def cannot_read(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """A file that cannot be read, told in one line for every way in (the editor's FILE, grad,
    export): "no such file" only when it is missing, never for a folder one may not enter."""
    if isinstance(exc, FileAccessError):  # (worded already, when it was raised)
        return exc.message
    name = path if path is not None else exc.filename
    if name is None:
        return exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        return f'no such file: "{name}"'
    return f'cannot read "{name}": {exc.strerror or exc}'


def cannot_save(exc: OSError, path: str | os.PathLike) -> str:
    """A diagram that cannot be written to path, told in one line naming path as given (never
    the temporary file the save writes first)."""
    if isinstance(exc, FileAccessError):  # (worded already, when it was raised)
        return exc.message
    path = Path(path)
    if isinstance(exc, IsADirectoryError) and os.path.isdir(path):
        return f'cannot save "{path}": it is a folder; name the file to write in it'
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        problem = folder_problem(path)
        if problem:
            return f'cannot save "{path}": {problem}'
        return f'cannot save "{path}": the folder "{path.parent}" {why_no_new_file(exc)}'
    return f'cannot save "{path}": {exc.strerror or exc}'


def why_no_new_file(exc: OSError) -> str:
    """Why no file can be made in an existing folder, in words (a folder of the system such as
    /proc answers "No such file or directory", which reads as if the folder were missing)."""
    if exc.errno == errno.ENOENT:
        return "does not take new files (a folder of the system): choose another folder"
    if exc.errno == errno.EROFS:
        return "is on a read-only disk: choose another folder"
    return f"cannot take the file: {exc.strerror or exc}"


def folder_problem(path: str | os.PathLike, verb: str = "save") -> str | None:
    """Why no file can be saved (verb "write": written) at path for want of its folder: a folder
    that does not exist, a folder on the way that cannot be entered, or a file in the way
    (notes.txt/a.json); None when the folder is there. The one wording of g.save, Save As,
    `train -o` and the exports. Never raises: a lookup the system refuses counts as not there."""
    done = {"save": "saved", "write": "written"}[verb]
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if os.path.isdir(folder):  # (os.path: False, not PermissionError, under a folder not entered)
        return None
    # the nearest part of the path there: a file is no folder, a folder without x cannot be entered
    found = next((p for p in (folder, *folder.parents) if os.path.lexists(p)), None)
    if found is not None and not os.path.isdir(found):
        return f'"{found}" is a file, not a folder: "{path.name}" cannot be {done} inside it'
    if found is not None and found != folder and not os.access(found, os.X_OK):
        return (
            f'the folder "{found}" cannot be opened (permission denied), so "{path.name}" cannot be {done} '
            f"in {folder}: {verb} in a folder you can open"
        )
    return f'the folder "{folder}" does not exist: create it first, or {verb} in a folder that exists'
