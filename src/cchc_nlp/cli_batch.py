"""``cchc batch``: analyse a whole archive into tables (registered on the ``cchc`` app on import).

Exit status: ``0`` every file was analysed; ``2`` a usage error, or some files could not be
analysed (counted in one line on stderr; their reasons are in the failures table);
``130`` stopped by Ctrl-C (``143`` by SIGTERM), finished files kept for the next run.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import app, error_line, require_choice
from .errors import CchcError


class _RichBar:
    """A rich progress bar on stderr with the ``update``/``close`` shape :func:`cchc_nlp.batch.analyze` uses."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("cchc batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("batch", total=total)
        self.progress.start()

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` files."""
        self.progress.advance(self.task, n)

    def close(self) -> None:
        """Stop the live display."""
        self.progress.stop()


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


@app.command("batch")
def batch_command(
    sources: Annotated[
        list[str],
        typer.Argument(metavar="DIR_OR_GLOB", help="Thư mục (tìm đệ quy), mẫu glob hoặc tệp / folder, glob or files"),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Thư mục ghi các bảng kết quả / output folder")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Số tiến trình song song / worker processes")] = 1,
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p", help="Tên hồ sơ (so-ket-2021-2025, bao-cao-nam) hoặc tệp YAML"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet | csv")] = "parquet",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="local | tcp://HOST:PORT: chạy trên cụm Dask / run on a Dask cluster"),
    ] = None,
) -> None:
    """Phân tích cả kho báo cáo thành bảng. Analyse a whole archive into Parquet/CSV tables.

    A re-run with the same --output skips unchanged files and resumes an interrupted run.
    Exit status: 0 all files analysed, 2 usage error or some files failed, 130 interrupted.
    """
    from . import batch

    require_choice("--format", fmt, ("parquet", "csv"), what="format")
    if jobs < 1:
        error_line(f"--jobs: '{jobs}' phải là số nguyên dương (jobs must be a positive integer)")
        raise typer.Exit(2)
    if scheduler is not None and scheduler != "local" and not scheduler.startswith("tcp://"):
        error_line(f"--scheduler: '{scheduler}' không hợp lệ, dùng local hoặc tcp://HOST:PORT (invalid scheduler)")
        raise typer.Exit(2)
    finished = 0

    def count(outcome: batch.FileOutcome) -> None:
        nonlocal finished
        if outcome.status != "failed":
            finished += 1

    from .checks import load_profile, project_settings

    try:
        settings = project_settings()
        prof = load_profile(profile or settings.get("profile")).with_overrides(
            select=settings.get("select"), ignore=list(settings.get("ignore", [])), severity=settings.get("severity")
        )
    except CchcError as exc:
        error_line(exc.one_line())
        raise typer.Exit(2) from None
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        result = batch.analyze(
            sources[0] if len(sources) == 1 else sources,
            jobs=jobs,
            profile=prof,
            output=output,
            format=fmt,
            scheduler=scheduler,
            progress=_RichBar if sys.stderr.isatty() else False,
            on_file=count,
        )
    except KeyboardInterrupt as exc:
        code = 143 if isinstance(exc, _Terminated) else 130
        error_line(
            f"Đã dừng: kết quả của {finished} tệp đã xong được giữ trong {output / '.parts'}; chạy lại đúng lệnh "
            f"này để tiếp tục (interrupted; {finished} finished files kept, run the same command again to resume)"
        )
        raise typer.Exit(code) from None
    except CchcError as exc:
        error_line(exc.one_line())
        raise typer.Exit(2) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    typer.echo(result.summary())
    if result.failed:
        n = len(result.failed)
        error_line(
            f"{n} tệp không phân tích được, lý do trong {output / ('failures.' + fmt)} "
            f"({n} files could not be analysed; reasons in the failures table)"
        )
        raise typer.Exit(2)
