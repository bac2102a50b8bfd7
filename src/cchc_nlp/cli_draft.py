"""``cchc consolidate`` and ``cchc suggest``: drafting commands, registered on the main app.

``cchc consolidate FILE... --output DRAFT.docx`` merges the submissions into one draft;
a file that cannot be read is reported on one line, left out of the draft (and listed in
its "danh sách cần bổ sung"), and the run ends with exit status 2.
``cchc suggest TEXT_OR_FILE --archive DIR`` lists past shortcomings like the given one
(or like each shortcoming of the given report) with the solutions their reports gave.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import app, error_line, require_choice
from .errors import CchcError


@app.command("consolidate")
def consolidate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Báo cáo của các đơn vị / the units' submissions")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp dự thảo .docx / the draft to write")],
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p", help="Tên hồ sơ (so-ket-2021-2025, bao-cao-nam) hoặc tệp YAML"),
    ] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="Tên cơ quan tổng hợp / the consolidating body")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Trích yếu của báo cáo / the report's title")] = None,
    suggest_archive: Annotated[
        Path | None,
        typer.Option("--suggest-archive", help="Thư mục báo cáo cũ để gợi ý giải pháp / archive for suggestions"),
    ] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Thư mục mô hình khác / another model")] = None,
) -> None:
    """Tổng hợp báo cáo các đơn vị thành dự thảo. Merge the submissions into one report draft (.docx).

    Exit status: 0 written; 2 usage error, or some file could not be read (the draft is
    still made from the others).
    """
    from . import analyze
    from .checks import load_profile
    from .draft import consolidate
    from .io import write_bytes_atomic

    if output.suffix.lower() != ".docx":
        error_line(f"{output}: --output phải là tệp .docx (the draft is a .docx file)")
        raise typer.Exit(2)
    out_resolved = output.resolve()
    if any(f.resolve() == out_resolved for f in files):
        error_line(
            f"{output}: --output trùng với một tệp đầu vào; tệp gốc không được ghi đè (would overwrite an input)"
        )
        raise typer.Exit(2)
    try:
        prof = load_profile(profile)
    except CchcError as exc:
        error_line(exc.one_line())
        raise typer.Exit(2) from None
    status = 0
    reports: list[Any] = []
    unreadable: list[tuple[str, str]] = []
    for f in files:
        try:
            reports.append(analyze(f, prof, model))
        except CchcError as exc:
            error_line(exc.one_line())
            unreadable.append((str(f), exc.reason))
            status = 2
    if not reports:
        error_line("Không có báo cáo nào đọc được, không lập dự thảo (no readable submission)")
        raise typer.Exit(2)
    try:
        document = consolidate(
            reports, profile=prof, agency=agency, title=title, suggest_archive=suggest_archive, unreadable=unreadable
        )
        buf = io.BytesIO()
        document.save(buf)
        write_bytes_atomic(output, buf.getvalue())
    except CchcError as exc:
        error_line(exc.one_line())
        raise typer.Exit(2) from None
    need = sum(1 for r in reports if r.errors())
    typer.echo(
        f"Đã ghi dự thảo {output}: {len(reports)} đơn vị, {need} đơn vị cần bổ sung"
        + (f", {len(unreadable)} tệp không đọc được" if unreadable else "")
        + f" (draft written from {len(reports)} submissions)"
    )
    raise typer.Exit(status)


def _queries(source: str, model: Path | None) -> tuple[list[dict[str, Any]], str | None]:
    """The texts to look up: a file's shortcomings, or the text itself."""
    path = Path(source)
    if len(source) < 4096 and path.suffix.lower() in (".docx", ".txt", ".md", ".pdf") and path.is_file():
        from . import analyze

        rep = analyze(path, None, model)
        qs = [
            {"paragraph": p.index, "text": p.text}
            for p in rep.paragraphs
            if p.label == "shortcoming" and not p.heading and p.zone in ("body", "footnote")
        ]
        return qs, path.name
    return [{"paragraph": None, "text": source}], None


@app.command("suggest")
def suggest_cmd(
    text_or_file: Annotated[
        str, typer.Argument(help="Đoạn hạn chế, hoặc tệp báo cáo / a shortcoming, or a report file")
    ],
    archive: Annotated[Path, typer.Option("--archive", "-a", help="Thư mục báo cáo cũ / archive folder")],
    top: Annotated[int, typer.Option("--top", "-k", help="Số gợi ý / how many suggestions")] = 5,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    model: Annotated[Path | None, typer.Option("--model", help="Thư mục mô hình khác / another model")] = None,
) -> None:
    """Gợi ý từ báo cáo cũ: hạn chế tương tự và giải pháp đã nêu. Similar past shortcomings and their solutions.

    The archive is indexed on first use (ARCHIVE/.cchc-index/) and re-indexed when its files change.
    """
    from .suggestions import build_index, suggest

    require_choice("--format", fmt, ("text", "json"), what="format")
    if top < 1:
        error_line(f"--top: {top} không hợp lệ, phải từ 1 trở lên (must be at least 1)")
        raise typer.Exit(2)
    if not text_or_file.strip():
        error_line("Nội dung cần tra cứu trống (empty query)")
        raise typer.Exit(2)
    try:
        index = build_index(archive, progress=error_line)
        for rel, reason in index.skipped.items():
            error_line(f"bỏ qua / skipped: {reason if reason.startswith(str(archive)) else rel + ': ' + reason}")
        queries, name = _queries(text_or_file, model)
        results = []
        for q in queries:
            found = suggest(q["text"], archive=index, top=top, exclude_files=[name] if name else ())
            results.append({**q, "suggestions": [s.to_dict() for s in found]})
    except CchcError as exc:
        error_line(exc.one_line())
        raise typer.Exit(2) from None
    if fmt == "json":
        typer.echo(json.dumps(results, ensure_ascii=False, indent=1))
        return
    if name and not queries:
        typer.echo(f"{name}: không có đoạn hạn chế nào (no shortcoming found)")
        return
    for r in results:
        where = f"¶{r['paragraph']} " if r["paragraph"] is not None else ""
        typer.echo(f"== Hạn chế {where}“{r['text']}”")
        if not r["suggestions"]:
            typer.echo("   (không có hạn chế tương tự trong lưu trữ / nothing similar)")
        for n, s in enumerate(r["suggestions"], 1):
            typer.echo(f"{n:>3}. [{s['score']:.2f}] {s['unit']} — {s['file']} ¶{s['paragraph']}: “{s['shortcoming']}”")
            for sol in s["solutions"][:3]:
                mark = "giải pháp liên quan" if sol["linked"] else "giải pháp khác"
                typer.echo(f"       → ({mark}, ¶{sol['index']}) {sol['text']}")
