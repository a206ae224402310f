"""Content-addressed file storage under MEDIA_ROOT, written atomically.

A file is stored once under the SHA-256 of its bytes: `<root>/<kind>/<ab>/<sha256>.<ext>`. Names
are generated here, never taken from a user. Writes go to a temporary file in the same folder,
are flushed to disk, then renamed into place, so a crash never leaves half a file under a real name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

KINDS = frozenset({"logos", "photos", "renditions", "packs", "templates"})
EXTENSIONS = frozenset({"png", "jpg", "webp", "heic", "zip", "json", "xlsx"})
NAME = re.compile(r"^(?P<digest>[0-9a-f]{32,64})\.(?P<ext>[a-z]{3,4})$")


def media_store() -> MediaStore:
    """The current app's store (MEDIA_ROOT)."""
    from flask import current_app

    return MediaStore(current_app.config["MEDIA_ROOT"])


class MediaError(ValueError):
    """A stored-file name or kind is not one this store generates."""


class MediaStore:
    """Files under one root folder, addressed by their content hash."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, kind: str, name: str) -> Path:
        """Return where the file called name of kind lives; refuse any name we did not make."""
        match = NAME.match(name or "")
        if kind not in KINDS or match is None or match["ext"] not in EXTENSIONS:
            raise MediaError(f"not a stored file: {kind}/{name!r}")
        return self.root / kind / match["digest"][:2] / name

    def save(self, kind: str, data: bytes, ext: str) -> str:
        """Store data (once) and return its generated name, '<sha256>.<ext>'."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(kind, f"{digest}.{ext}")
        if target.exists() and target.stat().st_size == len(data):
            return target.name
        return self.save_as(kind, digest, data, ext)

    def exists(self, kind: str, name: str) -> bool:
        """Return True when the file is stored."""
        try:
            return self.path(kind, name).is_file()
        except MediaError:
            return False

    def read(self, kind: str, name: str) -> bytes:
        """Return the stored bytes."""
        return self.path(kind, name).read_bytes()

    def save_as(self, kind: str, key: str, data: bytes, ext: str) -> str:
        """Store data under a cache key (a hex digest of its inputs) and return its name."""
        name = f"{key}.{ext}"
        target = self.path(kind, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as tmp:
            try:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                os.unlink(tmp.name)
                raise
        os.replace(tmp.name, target)
        return name

    def temporary(self, kind: str, tag: str = "") -> tempfile._TemporaryFileWrapper:
        """Open a temporary file inside kind's folder, to be adopted once complete; tag names
        what writes it (".tmp-<tag>-..."), so leftovers of a dead writer can be found."""
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        prefix = f".tmp-{tag}-" if tag else ".tmp-"
        return tempfile.NamedTemporaryFile(dir=folder, prefix=prefix, delete=False)

    def leftovers(self, kind: str, tag: str) -> list[Path]:
        """The temporary files of kind tagged tag (".tmp-<tag>-...")."""
        folder = self.root / kind
        return sorted(folder.glob(f".tmp-{tag}-*")) if folder.is_dir() else []

    def adopt(self, kind: str, temporary_path: str | os.PathLike[str], ext: str) -> str:
        """Move a finished temporary file to its content-addressed name; return the name."""
        digest = hashlib.sha256()
        with open(temporary_path, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
            os.fsync(handle.fileno())
        name = f"{digest.hexdigest()}.{ext}"
        target = self.path(kind, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary_path, target)
        return name
