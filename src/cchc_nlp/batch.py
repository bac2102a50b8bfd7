"""Batch analysis of report archives: every report under a folder, as tables.

>>> from cchc_nlp import batch
>>> res = batch.analyze("luu-tru/", jobs=2, output="ket-qua/")   # doctest: +SKIP
>>> res.documents.groupby("year")["errors"].sum()                 # doctest: +SKIP

Each file goes through :func:`cchc_nlp.analyze` (read, label, figures, checks). With an
``output`` folder the results of every finished file are written at once, atomically, to
``OUTDIR/.parts/<sha256>.<key>.json`` (``key`` names the profile, model and library
version), so that

* a re-run skips every file whose content is unchanged (same hash, same key);
* an interrupted run (Ctrl-C, ``kill``) keeps every finished file and the next run goes on
  from there;
* memory does not grow with the archive: paragraphs are streamed to the parts and the
  parts are merged in bounded chunks into ``documents``, ``paragraphs``, ``figures``,
  ``findings`` and ``failures`` (Parquet, or CSV on request).

A file that cannot be analysed (unreadable, permission denied, symlink loop, vanished,
empty, a crash inside the worker …) becomes a row of ``failures`` and the batch goes on.
Files are spread over a process pool (``jobs``), or over a Dask cluster
(``scheduler="local"`` or ``"tcp://HOST:PORT"``, needs ``dask[distributed]``; the workers
must see the input files and the output folder at the same paths).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import CchcError
from .labels import LABELS

if TYPE_CHECKING:
    import pandas as pd

    from .checks import Profile
    from .checks.report import Report

__all__ = [
    "SUFFIXES",
    "TABLES",
    "BatchError",
    "BatchResult",
    "FileOutcome",
    "analyze",
    "discover",
    "process_file",
]

SUFFIXES: tuple[str, ...] = (".docx", ".doc", ".txt", ".md", ".pdf")
"""File suffixes collected when a folder is searched."""

TABLES: tuple[str, ...] = ("documents", "paragraphs", "figures", "findings", "failures")
"""The tables of a batch, in the order they are written."""

PART_VERSION = 1
_CHUNK_ROWS = 20_000

# Column names and types of every table. Types: str, int, float, bool.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("path", "str"),
        ("sha256", "str"),
        ("format", "str"),
        ("office", "str"),
        ("parent", "str"),
        ("date", "str"),
        ("year", "int"),
        ("doc_type", "str"),
        ("number", "str"),
        ("title", "str"),
        ("paragraphs", "int"),
        *((f"n_{lab}", "int") for lab in LABELS),
        ("figures", "int"),
        ("errors", "int"),
        ("warnings", "int"),
        ("infos", "int"),
        ("profile", "str"),
    ),
    "paragraphs": (
        ("path", "str"),
        ("sha256", "str"),
        ("index", "int"),
        ("label", "str"),
        ("confidence", "float"),
        ("heading", "bool"),
        ("level", "int"),
        ("kind", "str"),
        ("zone", "str"),
        ("section", "str"),
        ("text", "str"),
        ("n_figures", "int"),
    ),
    "figures": (
        ("path", "str"),
        ("sha256", "str"),
        ("paragraph", "int"),
        ("text", "str"),
        ("value", "float"),
        ("unit", "str"),
        ("kind", "str"),
        ("total", "float"),
        ("compared_with", "str"),
        ("label", "str"),
    ),
    "findings": (
        ("path", "str"),
        ("sha256", "str"),
        ("code", "str"),
        ("severity", "str"),
        ("paragraph", "int"),
        ("message", "str"),
        ("message_en", "str"),
    ),
    "failures": (
        ("path", "str"),
        ("sha256", "str"),
        ("reason", "str"),
    ),
}

Status = Literal["analysed", "skipped", "failed"]


class BatchError(CchcError):
    """A batch that cannot start: nothing to analyse, a bad output folder, a missing extra."""


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a batch.

    Attributes:
        path: the file as found.
        sha256: the hash of its content, or ``None`` when it could not be read.
        status: ``analysed`` (now), ``skipped`` (an earlier run's part was reused) or ``failed``.
        reason: why it failed (Vietnamese, English in parentheses), else ``None``.
        paragraphs: the number of paragraphs analysed (0 when skipped or failed).
    """

    path: str
    sha256: str | None
    status: Status
    reason: str | None = None
    paragraphs: int = 0


class ProgressBar(Protocol):
    """What :func:`analyze` needs of a progress bar (``tqdm`` has it)."""

    def update(self, n: int = 1) -> Any:
        """Advance by ``n`` files."""

    def close(self) -> Any:
        """Finish the bar."""


# --------------------------------------------------------------------------- discovery


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


class _NotRegularFile(OSError):
    """A path that is neither a file nor a folder (a FIFO, a device, a socket)."""


def _reason(exc: OSError) -> str:
    """A Vietnamese + English reason for an OS error met while reading a file."""
    code = exc.errno
    if code == errno.ELOOP:
        return "vòng lặp liên kết tượng trưng (symlink loop)"
    if code in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc (permission denied)"
    if code == errno.ENOENT and exc.filename and os.path.islink(exc.filename):
        return "liên kết trỏ tới tệp không tồn tại (broken symbolic link)"
    if code == errno.ENOENT:
        return "tệp không còn tồn tại, có thể đã bị xóa hoặc di chuyển (file vanished or missing)"
    if isinstance(exc, _NotRegularFile):
        return "không phải tệp thông thường, có thể là thiết bị hoặc ống dẫn (not a regular file)"
    if code == errno.EISDIR:
        return "đây là thư mục, không phải tệp báo cáo (is a directory)"
    return f"lỗi đọc tệp: {exc.strerror or exc} (I/O error)"


def _walk(root: Path, skip: set[tuple[int, int]], failures: list[tuple[str, str]]) -> Iterator[Path]:
    """Report files under ``root``, depth first in name order, following directory links
    but refusing a link back to one of its own ancestors (recorded as a failure)."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path]:
        try:
            st = d.stat()
        except OSError as exc:
            failures.append((str(d), _reason(exc)))
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            failures.append((str(d), "vòng lặp liên kết tượng trưng tới thư mục cha (symlink loop)"))
            return
        if key in seen or key in skip:
            return
        seen.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            reason = _reason(exc)
            if exc.errno in (errno.EACCES, errno.EPERM):
                reason = "không có quyền đọc thư mục (permission denied)"
            failures.append((str(d), reason))
            return
        inner = ancestors | {key}
        for e in entries:
            if e.name.startswith((".", "~$")):  # hidden files, Word lock files
                continue
            path = Path(e.path)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(path, inner)
            elif path.suffix.lower() in SUFFIXES:
                yield path

    yield from visit(root, frozenset())


def discover(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], exclude: Path | None = None
) -> tuple[list[Path], list[tuple[str, str]]]:
    """The report files named by ``paths``, and the ``(path, reason)`` of what could not be searched.

    ``paths`` is a folder (searched recursively for ``.docx``, ``.doc``, ``.txt``, ``.md``
    and ``.pdf``; hidden files and Word lock files ``~$…`` are left out), a file, a glob
    pattern (``luu-tru/**/*.docx``) or a list of these. ``exclude`` is a folder not to
    search (the output folder). A single name that matches nothing raises
    :class:`BatchError`; in a list it is recorded as a failure.
    """
    single = isinstance(paths, str | os.PathLike)
    items: list[str | os.PathLike[str]] = [paths] if single else list(paths)  # type: ignore[list-item]
    skip: set[tuple[int, int]] = set()
    if exclude is not None:
        with contextlib.suppress(OSError):
            st = exclude.stat()
            skip.add((st.st_dev, st.st_ino))
    files: list[Path] = []
    failures: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        if str(p) not in seen:
            seen.add(str(p))
            files.append(p)

    for item in items:
        p = Path(item)
        if p.is_dir():
            for f in _walk(p, skip, failures):
                add(f)
        elif p.exists() or p.is_symlink():
            add(p)
        elif _has_magic(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches and single:
                raise BatchError(item, "không có tệp nào khớp mẫu", "no file matches the pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, skip, failures):
                        add(f)
                else:
                    add(mp)
        elif single:
            raise BatchError(item, "không tìm thấy tệp hoặc thư mục", "no such file or folder")
        else:
            failures.append((str(p), "không tìm thấy tệp (no such file)"))
    return files, failures


# --------------------------------------------------------------------------- one file


def _model_folder() -> Path:
    """The bundled model's folder (``cchc_nlp.classify.default_model_path()``, without importing the classifier)."""
    from importlib import resources

    return Path(str(resources.files("cchc_nlp") / "data" / "model"))


@functools.lru_cache(maxsize=1)
def _model_digest() -> str:
    h = hashlib.sha256()
    folder = _model_folder()
    for name in sorted(os.listdir(folder)):
        with contextlib.suppress(OSError):
            h.update(name.encode() + (folder / name).read_bytes())
    return h.hexdigest()


def _key(profile: Profile) -> str:
    """A short key naming what a part depends on besides the file: profile, model, version."""
    from . import __version__

    text = f"{PART_VERSION}|{__version__}|{_model_digest()}|{profile!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _hash_file(path: Path) -> str:
    """The sha256 of a regular file's content; raises ``OSError`` for what cannot be read."""
    import stat as _stat

    st = os.stat(path)  # follows links: ELOOP, ENOENT (dangling or vanished)

    if _stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not _stat.S_ISREG(st.st_mode):
        raise _NotRegularFile(errno.EINVAL, "not a regular file", str(path))
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def part_path(parts_dir: str | os.PathLike[str], sha256: str, key: str) -> Path:
    """Where the part of content ``sha256`` analysed under ``key`` lives."""
    return Path(parts_dir) / f"{sha256}.{key}.json"


def _rows(report: Report) -> dict[str, Any]:
    """The tables of one report, without ``path`` and ``sha256`` (added at merge time)."""
    doc = report.document
    md = doc.metadata
    counts = dict.fromkeys(LABELS, 0)
    for p in doc.paragraphs:
        if p.label in counts:
            counts[p.label] += 1
    sev = {"error": 0, "warning": 0, "info": 0}
    for f in report.findings:
        sev[f.severity] = sev.get(f.severity, 0) + 1
    year = None
    if md.date and md.date[:4].isdigit():
        year = int(md.date[:4])
    document = [
        doc.format,
        md.agency,
        md.parent,
        md.date,
        year,
        md.doc_type,
        md.number,
        md.title,
        len(doc.paragraphs),
        *(counts[lab] for lab in LABELS),
        sum(len(p.figures) for p in doc.paragraphs),
        sev["error"],
        sev["warning"],
        sev["info"],
        report.profile.name,
    ]
    paragraphs = [
        [
            p.index,
            p.label,
            None if p.confidence is None else round(float(p.confidence), 4),
            bool(p.heading),
            p.level,
            p.kind,
            p.zone,
            " › ".join(p.section),
            p.text,
            len(p.figures),
        ]
        for p in doc.paragraphs
    ]
    figures = [
        [p.index, f.text, float(f.value), f.unit, f.kind, f.total, f.compared_with, p.label]
        for p in doc.paragraphs
        for f in p.figures
    ]
    findings = [[f.code, f.severity, f.paragraph, f.message, f.message_en] for f in report.findings]
    return {
        "version": PART_VERSION,
        "source": doc.source,
        "documents": [document],
        "paragraphs": paragraphs,
        "figures": figures,
        "findings": findings,
    }


def _write_part(path: Path, payload: dict[str, Any]) -> None:
    from .io import write_bytes_atomic

    write_bytes_atomic(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


_TRIM_EVERY = 16
_since_trim = 0


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` on other C libraries."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def _release_memory() -> None:
    """Every few files, collect cyclic garbage and hand freed heap pages back to the system.

    A read document is full of reference cycles (python-docx proxies point to their
    parents), which only the rare full collection frees, and glibc keeps freed pages: without
    this the resident memory of a long-lived worker creeps up file after file.
    """
    global _since_trim
    _since_trim += 1
    if _since_trim >= _TRIM_EVERY:
        _since_trim = 0
        import gc

        gc.collect()
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


def process_file(path: str, parts_dir: str, profile: Profile, key: str) -> FileOutcome:
    """Analyse one file and write its part; the unit of work of every scheduler.

    The file is hashed first; when ``parts_dir`` already holds a part for that hash and
    ``key`` the file is skipped. Every failure, including an unexpected exception inside
    the analysis, is returned as a ``failed`` outcome rather than raised.
    """
    from .api import analyze as _analyze_one

    p = Path(path)
    try:
        sha = _hash_file(p)
    except OSError as exc:
        return FileOutcome(path, None, "failed", _reason(exc))
    target = part_path(parts_dir, sha, key)
    if target.exists():
        return FileOutcome(path, sha, "skipped")
    if _in_worker or _freeze_on_load:
        _ensure_loaded()
    try:
        report = _analyze_one(p, profile=profile)
        payload = _rows(report)
        del report
    except CchcError as exc:
        reason = exc.reason if not exc.reason_en else f"{exc.reason} ({exc.reason_en})"
        return FileOutcome(path, sha, "failed", " ".join(reason.split()))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a bug or a resource error inside the analysis of this one file
        msg = " ".join(str(exc).split())[:300]
        return FileOutcome(
            path, sha, "failed", f"lỗi nội bộ khi phân tích: {type(exc).__name__}: {msg} (internal error)"
        )
    try:
        _write_part(target, payload)
    except CchcError as exc:
        return FileOutcome(path, sha, "failed", f"không ghi được kết quả: {exc.one_line()} (cannot write result)")
    finally:
        _release_memory()
    return FileOutcome(path, sha, "analysed", paragraphs=len(payload["paragraphs"]))


# --------------------------------------------------------------------------- schedulers


def _preload() -> None:
    """Import the analysis and load the bundled model in this process."""
    from . import api  # noqa: F401
    from .checks import check  # noqa: F401
    from .classify import default_model

    default_model()


_in_worker = False  # this process is a pool worker
_freeze_on_load = False  # a 1-job batch runs in this process
_loaded = False  # _ensure_loaded has loaded the analysis and frozen the heap (gc.get_freeze_count walks it: slow)


@contextlib.contextmanager
def _one_job_heap() -> Iterator[None]:
    """While a 1-job batch runs in this process, let :func:`_ensure_loaded` freeze the heap once the
    model is loaded; unfreeze it at the end. Left alone when the caller freezes objects itself."""
    global _freeze_on_load, _loaded
    import gc

    if gc.get_freeze_count():  # counts the frozen objects one by one: once per batch, not per file
        yield
        return
    _freeze_on_load = True
    try:
        yield
    finally:
        _freeze_on_load = False
        if _loaded:
            _loaded = False
            gc.unfreeze()


def _worker_init() -> None:
    """Pool worker start-up: ignore Ctrl-C (the parent handles it). Nothing is loaded yet: a worker
    that only meets unchanged files only hashes them (see :func:`_ensure_loaded`)."""
    import signal

    global _in_worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _in_worker = True


def _ensure_loaded() -> None:
    """Before the first analysis of a pool worker or of a 1-job batch: import the analysis, load
    the model (one BLAS thread in a worker), then freeze what is alive out of the cyclic garbage
    collector, so that the full collections of :func:`_release_memory` stay cheap; without it each
    walks every object of scikit-learn, pandas and scipy (0.1 s).

    Pool workers load in parallel, each on its own CPU, while their parent stays light: it
    imports neither scikit-learn nor pandas, and a re-run where nothing changed loads nothing.
    """
    global _loaded
    if _loaded:
        return
    import gc

    _preload()
    if _in_worker:
        with contextlib.suppress(Exception):
            from threadpoolctl import threadpool_limits

            threadpool_limits(1)
    gc.freeze()
    _loaded = True


def _pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool whose workers are forked where the platform allows it (Linux), else spawned."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, mp_context=ctx)


def _run_inline(files: list[Path], parts: str, profile: Profile, key: str) -> Iterator[FileOutcome]:
    for f in files:
        yield process_file(str(f), parts, profile, key)


_CRASHED = "tiến trình phân tích bị dừng đột ngột khi xử lý tệp này (worker process crashed)"


def _run_isolated(path: Path, parts: str, profile: Profile, key: str) -> FileOutcome:
    """Run one file alone in a fresh worker, to tell the file that crashed a pool from its neighbours."""
    with _pool(1) as ex:
        try:
            return ex.submit(process_file, str(path), parts, profile, key).result()
        except BrokenProcessPool:
            return FileOutcome(str(path), None, "failed", _CRASHED)


def _stored(path: Path, parts: str, key: str) -> FileOutcome | None:
    """A ``skipped`` outcome when this process can see that ``path`` already has a part.

    Lets the Dask runner skip unchanged files without sending them to the cluster; any
    problem is left to the worker, which reports it.
    """
    try:
        sha = _hash_file(path)
    except OSError:
        return None
    if part_path(parts, sha, key).exists():
        return FileOutcome(str(path), sha, "skipped")
    return None


def _run_pool(files: list[Path], parts: str, profile: Profile, key: str, jobs: int) -> Iterator[FileOutcome]:
    """Spread the files over ``jobs`` worker processes, a few files in flight per worker.

    The workers hash the files, skip the unchanged ones and load the model themselves: this
    process only hands out paths and collects outcomes, so that it leaves the CPUs to them.
    """
    todo = iter(files)
    window = 2 * jobs
    ex: ProcessPoolExecutor | None = None
    inflight: dict[Any, Path] = {}
    try:
        while True:
            while len(inflight) < window:
                f = next(todo, None)
                if f is None:
                    break
                if ex is None:
                    ex = _pool(jobs)
                inflight[ex.submit(process_file, str(f), parts, profile, key)] = f
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            suspects: list[Path] = []
            for fut in done:
                f = inflight.pop(fut)
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    suspects.append(f)
                    continue
                except Exception as exc:  # e.g. a result that could not be sent back
                    outcome = FileOutcome(
                        str(f), None, "failed", f"lỗi nội bộ: {type(exc).__name__}: {exc} (internal error)"
                    )
                yield outcome
            if suspects:
                # a worker died: every file still in flight is suspect; retry each alone
                suspects.extend(inflight.values())
                inflight.clear()
                if ex is not None:
                    ex.shutdown(wait=False, cancel_futures=True)
                ex = None
                for f in sorted(suspects):
                    yield _run_isolated(f, parts, profile, key)
    finally:
        if ex is not None:
            ex.shutdown(wait=True, cancel_futures=True)


def _dask_task(path: str, parts: str, profile: Profile, key: str) -> FileOutcome:
    from .classify import default_model

    default_model()  # cached per worker process
    return process_file(path, parts, profile, key)


def _run_dask(
    files: list[Path], parts: str, profile: Profile, key: str, jobs: int, scheduler: Any
) -> Iterator[FileOutcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BatchError(
            None,
            "--scheduler cần gói dask: pip install 'cchc-nlp[dask]'",
            "the dask scheduler needs dask[distributed] installed",
        ) from None
    cluster = None
    own_client = True
    if isinstance(scheduler, Client):
        client, own_client = scheduler, False
    elif scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    elif isinstance(scheduler, str) and "://" in scheduler:
        try:
            client = Client(scheduler, timeout=20)
        except OSError as exc:
            raise BatchError(
                scheduler, f"không kết nối được tới bộ lập lịch Dask: {exc}", "cannot reach the Dask scheduler"
            ) from None
    else:
        raise BatchError(
            None,
            f"--scheduler '{scheduler}' không hợp lệ; dùng local hoặc tcp://HOST:PORT",
            "invalid scheduler",
        )
    todo = iter(files)
    window = max(2 * jobs, 2 * sum(client.nthreads().values()) or 2)
    futs: dict[Any, Path] = {}
    ready: list[FileOutcome] = []

    def submit() -> Any:
        while (f := next(todo, None)) is not None:
            stored = _stored(f, parts, key)
            if stored is not None:
                ready.append(stored)
                continue
            fut = client.submit(_dask_task, str(f), parts, profile, key, pure=False)
            futs[fut] = f
            return fut
        return None

    try:
        ac = as_completed([x for x in (submit() for _ in range(window)) if x is not None])
        yield from ready
        ready.clear()
        for fut in ac:
            f = futs.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:  # KilledWorker and friends: this file brought a worker down
                outcome = FileOutcome(
                    str(f), None, "failed", f"tiến trình Dask lỗi: {type(exc).__name__}: {exc} (Dask worker failed)"
                )
            yield outcome
            nxt = submit()
            yield from ready
            ready.clear()
            if nxt is not None:
                ac.add(nxt)
    finally:
        with contextlib.suppress(Exception):
            client.cancel(list(futs))
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- merge


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(name, types[t]) for name, t in COLUMNS[table]])


def _to_pandas(table: Any) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    mapping = {
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    return table.to_pandas(types_mapper=mapping.get)


def _empty_frame(table: str) -> pd.DataFrame:
    import pandas as pd

    dtypes = {"str": "object", "int": "Int64", "float": "Float64", "bool": "boolean"}
    return pd.DataFrame({n: pd.Series(dtype=dtypes[t]) for n, t in COLUMNS[table]})


class _Sink:
    """Receives the rows of one table in chunks."""

    def write(self, rows: list[list[Any]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the table."""

    def abort(self) -> None:
        """Drop what was written."""


class _ParquetSink(_Sink):
    def __init__(self, table: str, path: Path) -> None:
        import pyarrow.parquet as pq

        self.table, self.path = table, path
        self.schema = _arrow_schema(table)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.writer = pq.ParquetWriter(str(self.tmp), self.schema, compression="zstd")

    def write(self, rows: list[list[Any]]) -> None:
        import pyarrow as pa

        cols = list(zip(*rows, strict=True))
        arrays = [pa.array(list(c), type=f.type) for c, f in zip(cols, self.schema, strict=True)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


class _CsvSink(_Sink):
    def __init__(self, table: str, path: Path) -> None:
        import csv

        self.path = path
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.fh)
        self.writer.writerow([n for n, _ in COLUMNS[table]])

    def write(self, rows: list[list[Any]]) -> None:
        self.writer.writerows(rows)

    def close(self) -> None:
        self.fh.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.fh.close()
        self.tmp.unlink(missing_ok=True)


class _MemorySink(_Sink):
    def __init__(self, table: str) -> None:
        self.table = table
        self.rows: list[list[Any]] = []

    def write(self, rows: list[list[Any]]) -> None:
        self.rows.extend(rows)

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return _empty_frame(self.table)
        try:
            import pyarrow as pa
        except ImportError:  # pragma: no cover - pyarrow is a test dependency
            import pandas as pd

            return pd.DataFrame(self.rows, columns=[n for n, _ in COLUMNS[self.table]])
        schema = _arrow_schema(self.table)
        cols = list(zip(*self.rows, strict=True))
        arrays = [pa.array(list(c), type=f.type) for c, f in zip(cols, schema, strict=True)]
        return _to_pandas(pa.Table.from_arrays(arrays, schema=schema))


def _merge(
    manifest: list[tuple[str, str]],
    failures: list[tuple[str, str | None, str]],
    parts: str,
    key: str,
    sinks: dict[str, _Sink],
) -> list[str]:
    """Stream every part named in ``manifest`` into the sinks, ``_CHUNK_ROWS`` rows at a time.

    Returns the paths whose stored part could not be read (they are added to ``failures``).
    """
    lost: list[str] = []
    buffers: dict[str, list[list[Any]]] = {t: [] for t in TABLES if t != "failures"}
    try:
        for path, sha in manifest:
            try:
                with open(part_path(parts, sha, key), encoding="utf-8") as fh:
                    payload = json.load(fh)
            except (OSError, ValueError) as exc:  # a part removed or damaged by hand
                failures.append((path, sha, f"không đọc được phần kết quả đã lưu: {exc} (stored part unreadable)"))
                lost.append(path)
                continue
            for table, buf in buffers.items():
                buf.extend([path, sha, *row] for row in payload[table])
                if len(buf) >= _CHUNK_ROWS:
                    sinks[table].write(buf)
                    buf.clear()
        for table, buf in buffers.items():
            if buf:
                sinks[table].write(buf)
        if failures:
            sinks["failures"].write([list(f) for f in failures])
        for table in TABLES:
            sinks[table].close()
        return lost
    except BaseException:
        for s in sinks.values():
            s.abort()
        raise


# --------------------------------------------------------------------------- result


@dataclass
class BatchResult:
    """The tables of a batch, as :class:`pandas.DataFrame` objects.

    ``documents`` (a row per analysed file: path, sha256, office, date, year, doc_type,
    number, counts per label ``n_<label>``, figures, errors, warnings, infos, profile),
    ``paragraphs``, ``figures``, ``findings`` and ``failures`` (path, reason). With an
    output folder the tables are read from its files when first used.

    Attributes:
        output: the output folder, or ``None`` for an in-memory batch.
        format: ``parquet`` or ``csv``.
        analysed: the files analysed in this run.
        skipped: the files whose stored results were reused (content unchanged).
        failed: the files that could not be analysed.
        seconds: wall-clock time of the run.
    """

    output: Path | None = None
    format: str = "parquet"
    analysed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (one of :data:`TABLES`)."""
        if name not in TABLES:
            raise KeyError(name)
        if name not in self._frames:
            if self.output is None:
                return _empty_frame(name)
            path = self.output / f"{name}.{self.format}"
            if self.format == "csv":
                import pandas as pd

                dtypes = {"int": "Int64", "float": "Float64", "bool": "boolean"}
                df = pd.read_csv(path, dtype={n: dtypes[t] for n, t in COLUMNS[name] if t in dtypes})
            else:
                import pyarrow.parquet as pq

                df = _to_pandas(pq.read_table(path))
            self._frames[name] = df
        return self._frames[name]

    @property
    def documents(self) -> pd.DataFrame:
        """A row per analysed file."""
        return self.table("documents")

    @property
    def paragraphs(self) -> pd.DataFrame:
        """A row per paragraph: label, confidence, heading, kind, section, text, n_figures."""
        return self.table("paragraphs")

    @property
    def figures(self) -> pd.DataFrame:
        """A row per figure: paragraph, text, value, unit, kind, compared_with, label of its paragraph."""
        return self.table("figures")

    @property
    def findings(self) -> pd.DataFrame:
        """A row per finding: code, severity, paragraph, message."""
        return self.table("findings")

    @property
    def failures(self) -> pd.DataFrame:
        """A row per file that could not be analysed: path, reason."""
        return self.table("failures")

    def __repr__(self) -> str:
        return f"BatchResult({self.summary()})"

    def summary(self) -> str:
        """One line: how many files were analysed, reused and failed."""
        where = f" → {self.output}" if self.output else ""
        return (
            f"{len(self.analysed) + len(self.skipped) + len(self.failed)} tệp: {len(self.analysed)} đã phân tích, "
            f"{len(self.skipped)} dùng lại kết quả cũ, {len(self.failed)} lỗi{where} "
            f"({len(self.analysed)} analysed, {len(self.skipped)} unchanged, {len(self.failed)} failed; "
            f"{self.seconds:.1f} s)"
        )


# --------------------------------------------------------------------------- entry point


def _make_bar(progress: bool | Callable[[int], ProgressBar], total: int) -> ProgressBar | None:
    if progress is False or progress is None:
        return None
    if callable(progress):
        return progress(total)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="tệp", desc="cchc batch")


def _prepare_output(output: Path) -> Path:
    try:
        output.mkdir(parents=True, exist_ok=True)
        parts = output / ".parts"
        parts.mkdir(exist_ok=True)
        probe = parts / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        stale = time.time() - 3600
        for tmp in parts.glob(".*.tmp"):  # left by a worker killed while writing, an hour ago or more
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < stale:
                    tmp.unlink()
    except OSError as exc:
        raise BatchError(
            output, f"không ghi được vào thư mục kết quả: {exc.strerror or exc}", "cannot write to the output folder"
        ) from None
    return parts


def analyze(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    jobs: int = 1,
    profile: Profile | str | os.PathLike[str] | None = None,
    output: str | os.PathLike[str] | None = None,
    *,
    format: str = "parquet",
    scheduler: Any = None,
    progress: bool | Callable[[int], ProgressBar] = False,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> BatchResult:
    """Analyse every report named by ``paths`` and return the tables as a :class:`BatchResult`.

    Args:
        paths: a folder (searched recursively), a file, a glob pattern or a list of these.
        jobs: worker processes (``1`` runs in this process), or Dask workers for ``scheduler="local"``.
        profile: the check profile (name, YAML path or object); default ``so-ket-2021-2025``.
        output: a folder for the tables and the per-file parts; a re-run with the same
            folder skips unchanged files and resumes an interrupted run. ``None`` keeps
            everything in memory (and nothing is reused).
        format: ``parquet`` (needs pyarrow) or ``csv`` for the merged tables.
        scheduler: ``None`` (process pool), ``"local"`` (a local Dask cluster),
            ``"tcp://HOST:PORT"`` or a ``distributed.Client``.
        progress: ``True`` for a tqdm bar (a widget in Jupyter), or a factory
            ``total -> bar`` with ``update`` and ``close``.
        on_file: called in this process with each file's :class:`FileOutcome` as it finishes.

    Raises:
        BatchError: nothing to analyse, an output folder that cannot be written, a bad
            ``format``/``scheduler``/``jobs``. ``ProfileError`` for a bad profile.
        KeyboardInterrupt: after stopping cleanly; finished files stay in ``OUTDIR/.parts``.
    """
    from .checks import load_profile

    t0 = time.perf_counter()
    if format not in ("parquet", "csv"):
        raise BatchError(None, f"--format: '{format}' không hợp lệ, chọn parquet hoặc csv", "invalid format")
    if not isinstance(jobs, int) or jobs < 1:
        raise BatchError(None, f"--jobs: '{jobs}' phải là số nguyên dương", "jobs must be a positive integer")
    if format == "parquet" and output is not None:
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise BatchError(
                None,
                "ghi Parquet cần gói pyarrow: pip install 'cchc-nlp[parquet]', hoặc dùng --format csv",
                "parquet output needs pyarrow",
            ) from None
    prof = load_profile(profile)  # type: ignore[arg-type]
    key = _key(prof)
    out = Path(output) if output is not None else None
    tmpdir = None
    if out is not None:
        parts = str(_prepare_output(out))
    else:
        tmpdir = tempfile.mkdtemp(prefix="cchc-batch-")
        parts = tmpdir
    try:
        files, search_failures = discover(paths, exclude=out)
        if not files and not search_failures:
            raise BatchError(
                paths if isinstance(paths, str | os.PathLike) else None,
                "không tìm thấy báo cáo nào (.docx, .doc, .txt, .md, .pdf)",
                "no report files found",
            )
        result = BatchResult(output=out, format=format)
        failures: list[tuple[str, str | None, str]] = [(p, None, r) for p, r in search_failures]
        result.failed.extend(p for p, _ in search_failures)
        manifest: list[tuple[str, str]] = []
        heap: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
        if scheduler is not None:
            runner = _run_dask(files, parts, prof, key, jobs, scheduler)
        elif jobs == 1:
            heap = _one_job_heap()
            runner = _run_inline(files, parts, prof, key)
        else:
            runner = _run_pool(files, parts, prof, key, jobs)
        # the bar (a thread, for rich) starts once the runner has forked its workers
        bar: ProgressBar | None = None
        try:
            with heap, contextlib.closing(runner):
                for outcome in runner:
                    if bar is None:
                        bar = _make_bar(progress, len(files))
                    if outcome.status == "failed":
                        failures.append((outcome.path, outcome.sha256, outcome.reason or ""))
                        result.failed.append(outcome.path)
                    else:
                        manifest.append((outcome.path, outcome.sha256 or ""))
                        (result.analysed if outcome.status == "analysed" else result.skipped).append(outcome.path)
                    if bar is not None:
                        bar.update(1)
                    if on_file is not None:
                        on_file(outcome)
            if bar is None:
                bar = _make_bar(progress, len(files))
        finally:
            if bar is not None:
                bar.close()
        manifest.sort()
        failures.sort(key=lambda f: f[0])
        if out is not None:
            sink_cls = _ParquetSink if format == "parquet" else _CsvSink
            sinks: dict[str, _Sink] = {}
            try:
                for t in TABLES:
                    sinks[t] = sink_cls(t, out / f"{t}.{format}")
            except OSError as exc:
                for s in sinks.values():
                    s.abort()
                raise BatchError(out, f"không ghi được bảng kết quả: {exc.strerror or exc}", "cannot write") from None
            lost = _merge(manifest, failures, parts, key, sinks)
        else:
            mem = {t: _MemorySink(t) for t in TABLES}
            lost = _merge(manifest, failures, parts, key, dict(mem))
            result._frames = {t: s.frame() for t, s in mem.items()}
        for path in lost:
            for done in (result.analysed, result.skipped):
                if path in done:
                    done.remove(path)
            result.failed.append(path)
        result.seconds = time.perf_counter() - t0
        return result
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
