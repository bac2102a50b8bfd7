"""The ``cchc`` command line.

Every command takes files, prints to stdout, and reports a file it cannot read as one
line on stderr (``<file>: <lý do> (<reason>)``) before going on with the others; such a
run exits with status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .errors import CchcError

app = typer.Typer(
    name="cchc",
    help="Đọc, gán nhãn, kiểm tra và tổng hợp báo cáo cải cách hành chính (CCHC).\n\n"
    "Read, label, check and consolidate Vietnamese administrative-reform reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cchc-nlp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản / show the version."),
    ] = False,
) -> None:
    """cchc-nlp."""


def error_line(message: str) -> None:
    """Print one line on stderr."""
    sys.stderr.write(" ".join(message.split()) + "\n")
    sys.stderr.flush()


def emit(text: str, output: Path | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .io import write_text_atomic

    write_text_atomic(output, text)


def _section_tree(doc: Any) -> list[str]:
    lines = []
    for p in doc.paragraphs:
        if p.heading and p.zone == "body":
            lines.append("  " * ((p.level or 1) - 1) + f"¶{p.index} {p.text[:100]}")
    return lines


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Tệp báo cáo .docx/.txt/.md/.pdf")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi ra tệp / write to a file")
    ] = None,
) -> None:
    """Đọc báo cáo: siêu dữ liệu, cây đề mục, số liệu. Show what is read: metadata, sections, figures."""
    from . import load

    if fmt not in ("text", "json"):
        error_line(f"--format: '{fmt}' không hợp lệ, chọn text hoặc json (invalid format)")
        raise typer.Exit(2)
    status = 0
    results: list[dict[str, Any]] = []
    chunks: list[str] = []
    for f in files:
        try:
            doc = load(f)
        except CchcError as exc:
            error_line(exc.one_line())
            status = 2
            continue
        if fmt == "json":
            results.append(
                {
                    "file": str(f),
                    "metadata": doc.metadata.to_dict(),
                    "paragraphs": [
                        {k: v for k, v in p.to_dict().items() if k not in ("label", "confidence")}
                        | {"zone": p.zone}
                        for p in doc.paragraphs
                    ],
                }
            )
            continue
        m = doc.metadata
        out = [f"== {f}", f"Số: {m.number or '-'}   Ngày: {m.date or '-'}   Nơi ban hành: {m.place or '-'}"]
        out.append(f"Loại văn bản: {m.doc_type or '-'}   Cơ quan: {m.agency or '-'}")
        out.append(f"Trích yếu: {m.title or '-'}")
        if m.signer:
            out.append(f"Người ký: {m.signer_role or ''} {m.signer}".strip())
        kinds: dict[str, int] = {}
        for p in doc.paragraphs:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        out.append(
            f"Đoạn / paragraphs: {len(doc.paragraphs)} "
            + " ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
        )
        out.append("Đề mục / sections:")
        out.extend("  " + x for x in _section_tree(doc) or ["(không có đề mục / no headings)"])
        figs = [(p.index, fig) for p in doc.paragraphs for fig in p.figures]
        out.append(f"Số liệu / figures: {len(figs)}")
        for idx, fig in figs[:200]:
            cmp = f" (so với {fig.compared_with})" if fig.compared_with else ""
            out.append(f"  ¶{idx} {fig.kind:<8} {fig.text}{cmp}")
        if len(figs) > 200:
            out.append(f"  … {len(figs) - 200} more")
        chunks.append("\n".join(out))
    if fmt == "json":
        emit(json.dumps(results, ensure_ascii=False, indent=1), output)
    elif chunks:
        emit("\n\n".join(chunks), output)
    raise typer.Exit(status)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except CchcError as exc:
        error_line(exc.one_line())
        sys.exit(2)
    except KeyboardInterrupt:
        error_line("Đã dừng theo yêu cầu (interrupted)")
        sys.exit(130)
