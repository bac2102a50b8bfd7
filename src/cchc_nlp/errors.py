"""Exceptions a user can act on: each carries the path and a human reason.

The command line turns them into one line on stderr and exit status 2; tracebacks are
for bugs only.
"""

from __future__ import annotations

from pathlib import Path


class CchcError(Exception):
    """Base class of the library's user-facing errors."""

    def __init__(self, path: str | Path | None, reason: str, reason_en: str | None = None) -> None:
        self.path = None if path is None else str(path)
        self.reason = reason
        self.reason_en = reason_en
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``<path>: <lý do> (<reason>)`` on one line."""
        msg = self.reason if not self.reason_en else f"{self.reason} ({self.reason_en})"
        msg = " ".join(msg.split())
        return f"{self.path}: {msg}" if self.path else msg


class UnreadableDocument(CchcError):
    """A file that cannot be read as a report (missing, empty, corrupt, encrypted, a scan…)."""


class ProfileError(CchcError):
    """A check profile that is missing, not YAML, or names an unknown key, code or value."""


class ModelIntegrityError(CchcError):
    """A model file whose checksum fails or that holds types outside the allowed set."""


class OutputError(CchcError):
    """An output path that cannot be written."""
