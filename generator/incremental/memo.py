"""Results of pure, costly steps remembered from one build to the next, by the digest of what
they were computed from: most of an archive's files and texts are the same as last time.

A memo is used only under the key it was made with (the code and settings the results depend
on); the build record (build_record.py) keeps memos between builds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Remembered:
    """What a memo held at the end of a build, and the key it was made under."""

    key: str
    found: dict[bytes, Any]


def code_key(*sources: str, settings: str = "") -> str:
    """A key for results computed by the code in the files `sources`, with these `settings`."""
    digest = hashlib.sha256(settings.encode())
    for source in sources:
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def text_digest(*parts: str) -> bytes:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).digest()


class Memo:
    def __init__(self, key: str, remembered: Remembered | None = None):
        self.key = key
        self.remembered = remembered.found if remembered is not None and remembered.key == key else {}
        self.found: dict[bytes, Any] = {}

    def get(self, digest: bytes, compute: Callable[[], Any]) -> Any:
        """The result remembered under `digest`, else `compute()` (not remembered if it raises)."""
        found = self.found.get(digest)
        if found is None:
            found = self.remembered.get(digest)
            if found is None:
                found = compute()
            self.found[digest] = found
        return found

    def knows(self, digest: bytes) -> bool:
        return digest in self.found or digest in self.remembered

    def add(self, digest: bytes, result: Any) -> None:
        self.found[digest] = result

    def to_remember(self) -> Remembered | None:
        """What to keep for the next build (this build's results only), or None if that is what
        was remembered already."""
        if self.found.keys() == self.remembered.keys():
            return None
        return Remembered(self.key, self.found)
