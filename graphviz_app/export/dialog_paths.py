"""The file File → Export… writes, from what is typed in its File field: a name without a folder
is in the folder the dialog offered, a folder typed ending in "/" gets the document's file inside it, a name without the format's suffix gets it (the rule
of formats.named_for), and what cannot be written is said before anything is exported."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import UserError
from .formats import check_folder, check_name, named_for


def file_to_write(text: str, base_name: str, fmt: str, folder: str | os.PathLike) -> Path:
    """text as typed; base_name the document's; fmt the format chosen; folder the one the dialog
    offered, which a name typed without a folder (slide.png, talks/slide.png) is in, never the
    program's working folder (launched from a desktop, / or home: the file would be lost). Raises
    UserError saying what is wrong with the text."""
    text = text.strip()
    if not text:
        raise UserError("choose the file to write")
    check_name(text)  # (before anything asks the system about the file)
    path = Path(folder).expanduser() / os.path.expanduser(text)  # (an absolute path typed stays as it is)
    typed_folder = text.endswith(("/", os.sep))
    if path.is_dir():  # a folder typed ending in "/": the document's file in it; else say what it is
        if not typed_folder:
            raise UserError(f'"{path}" is a folder: name the file to write in it, e.g. {path / base_name}.{fmt}')
        path = path / base_name
    elif typed_folder:  # a folder that is not there (or a file): never <folder>.png beside it
        check_folder(path / f"{base_name}.{fmt}")
    return named_for(path, fmt)
