"""Legacy Word (.doc) reader: converts through LibreOffice, then reads the .docx.

The input is copied into a private temporary folder and converted there by
``soffice --headless --convert-to docx`` with a LibreOffice profile of its own
(``-env:UserInstallation``), so parallel conversions never share a profile or a lock file,
the input (and its folder) is never touched, and everything is deleted afterwards. A
conversion that runs past the timeout is killed with its whole process group. Without
LibreOffice on ``PATH`` the file is refused with that reason. A ".doc" that is really a
.docx package is read directly.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..document import Document
from ..errors import UnreadableDocument

TIMEOUT_SECONDS = 180.0
_EXECUTABLES = ("soffice", "libreoffice")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Word 6/95
_WORD_MAGICS = (OLE_MAGIC, b"{\\rtf", b"\xdb\xa5", b"\x31\xbe\x00\x00")  # + RTF, Word 2, Word 1/DOS


def _check_content(path: Path) -> None:
    """Refuse a binary file that no Word version wrote (LibreOffice would import it as text).

    Word binaries, RTF and text-like files (HTML or text saved as .doc) go on to LibreOffice."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(_WORD_MAGICS):
        return
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise UnreadableDocument(
            path,
            "tệp .doc không phải văn bản Word (nội dung nhị phân không nhận ra)",
            "not a Word document: unrecognised binary content",
        )


def find_soffice() -> str | None:
    """Path of the LibreOffice command (``soffice`` or ``libreoffice``) on ``PATH``, or ``None``."""
    for name in _EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def convert_to_docx(path: Path, outdir: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert the .doc ``path`` into ``outdir`` with LibreOffice and return the .docx written.

    ``outdir`` must be an empty private folder: it also holds the copy of the input and the
    throw-away LibreOffice profile. Raises :class:`UnreadableDocument` naming ``path`` when
    LibreOffice is missing, fails, or runs past ``timeout`` seconds.
    """
    exe = find_soffice()
    if exe is None:
        raise UnreadableDocument(
            path,
            "tệp .doc cần LibreOffice để chuyển đổi; chưa cài LibreOffice",
            "legacy .doc needs LibreOffice, which is not installed",
        )
    work = outdir / "in"
    out = outdir / "out"
    profile = outdir / "profile"
    work.mkdir()
    out.mkdir()
    src = work / "input.doc"
    shutil.copyfile(path, src)
    cmd = [
        exe,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(src),
    ]
    env = dict(os.environ, HOME=str(outdir))
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=outdir,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        raise UnreadableDocument(
            path, f"không chạy được LibreOffice: {exc.strerror or exc}", "cannot start LibreOffice"
        ) from None
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise UnreadableDocument(
            path,
            f"LibreOffice chuyển đổi tệp .doc quá {timeout:g} giây, đã dừng",
            f"LibreOffice conversion timed out after {timeout:g} s",
        ) from None
    result = out / "input.docx"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        errors = [ln for ln in stderr.decode("utf-8", errors="replace").splitlines() if "rror" in ln]
        detail = " ".join(" ".join(errors).split())[:160]
        raise UnreadableDocument(
            path,
            "LibreOffice không chuyển đổi được tệp .doc (tệp hỏng, có mật khẩu hoặc không phải văn bản Word)"
            + (f": {detail}" if detail else ""),
            "LibreOffice could not convert the .doc file",
        )
    return result


def read_doc(path: Path, timeout: float = TIMEOUT_SECONDS) -> Document:
    """Read a legacy Word ``.doc`` file (converted to .docx by LibreOffice in a temporary folder)."""
    from .docx import read_docx

    if zipfile.is_zipfile(path):  # a .docx saved under the old name
        doc = read_docx(path)
        doc.format = "doc"
        return doc
    _check_content(path)
    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as tmp:
        converted = convert_to_docx(path, Path(tmp), timeout=timeout)
        try:
            doc = read_docx(converted)
        except UnreadableDocument as exc:
            raise UnreadableDocument(path, exc.reason, exc.reason_en) from None
    doc.source = str(path)
    doc.format = "doc"
    return doc
