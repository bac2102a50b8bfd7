"""The ``cchc`` command line.

Every command takes files, prints to stdout, and reports a file it cannot read as one
line on stderr (``<file>: <lý do> (<reason>)``) before going on with the others; such a
run exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
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


def require_choice(option: str, value: str, choices: tuple[str, ...], what: str = "value") -> None:
    """Exit with status 2 and one line naming ``option`` unless ``value`` is one of ``choices``."""
    if value in choices:
        return
    listed = ", ".join(choices[:-1]) + " hoặc " + choices[-1] if len(choices) > 1 else choices[0]
    error_line(f"{option}: '{value}' không hợp lệ, chọn {listed} (invalid {what})")
    raise typer.Exit(2)


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

    require_choice("--format", fmt, ("text", "json"), what="format")
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


def labelled_documents(files: list[Path], model: Any, failed: list[Path]) -> Iterator[tuple[Path, Any]]:
    """Read and label each file in turn; a file that cannot be read is reported in one line
    on stderr, appended to ``failed`` and skipped."""
    from . import load
    from .classify import label

    for f in files:
        try:
            doc = label(load(f), model)
        except CchcError as exc:
            error_line(exc.one_line())
            failed.append(f)
            continue
        yield f, doc


def _progress(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def _corpus_dir(corpus: Path) -> Path:
    from .corpus import iter_reports

    if not corpus.exists():
        raise CchcError(corpus, "không tìm thấy thư mục kho ngữ liệu", "corpus folder not found")
    if not iter_reports(corpus):
        raise CchcError(
            corpus, "thư mục không chứa báo cáo đã gán nhãn (*.meta.json)", "no labelled reports found"
        )
    return corpus


@app.command()
def train(
    corpus: Annotated[Path, typer.Argument(help="Thư mục kho ngữ liệu (corpora)")] = Path("corpora"),
    output: Annotated[Path, typer.Option("--output", "-o", help="Thư mục ghi mô hình / model folder")] = Path(
        "model"
    ),
    exclude: Annotated[
        str,
        typer.Option(
            "--exclude",
            help="Mã các báo cáo để ngoài, cách nhau bằng dấu phẩy (để thử trên báo cáo mô hình chưa thấy) / "
            "report ids to leave out, comma-separated (to test on reports the model never saw)",
        ),
    ] = "",
) -> None:
    """Huấn luyện mô hình gán nhãn đoạn. Train the paragraph role model on a corpus."""
    import datetime as _dt
    import json as _json

    from .classify import ParagraphRoleClassifier, corpus_frame
    from .corpus import corpus_hash

    corpus = _corpus_dir(corpus)
    X, y, groups, metas = corpus_frame(corpus)
    left_out = {x.strip() for x in exclude.split(",") if x.strip()}
    unknown = sorted(left_out - {m["id"] for m in metas})
    if unknown:
        raise CchcError(
            corpus,
            f"không có báo cáo mã {', '.join(unknown)} trong kho",
            f"no report with id {', '.join(unknown)} in the corpus",
        )
    if left_out:
        keep = ~X["doc_id"].isin(left_out).to_numpy()
        X, y, groups = X[keep].reset_index(drop=True), y[keep].reset_index(drop=True), groups[keep]
        metas = [m for m in metas if m["id"] not in left_out]
        if not metas:
            raise CchcError(corpus, "không còn báo cáo nào để huấn luyện", "no report left to train on")
    _progress(f"training on {len(X)} paragraphs from {len(metas)} reports ...")
    model = ParagraphRoleClassifier().fit(X, y)
    chash = corpus_hash(corpus)
    training: dict[str, Any] = {
        "corpus_sha256": chash,
        "date": _dt.date.today().isoformat(),
        "paragraphs": len(X),
        "reports": len(metas),
        "offices": int(groups.nunique()),
        "report_ids": sorted(m["id"] for m in metas),
    }
    if left_out:
        training["excluded_ids"] = sorted(left_out)
    summary = corpus / "evaluation.json"
    if summary.exists():
        ev = _json.loads(summary.read_text(encoding="utf-8"))
        if ev.get("corpus_sha256") == chash:
            training["scores"] = ev.get("summary")
    model.save(output, training=training)
    typer.echo(f"model written to {output}")


@app.command()
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Thư mục kho ngữ liệu (corpora)")] = Path("corpora"),
    model: Annotated[
        Path | None, typer.Option("--model", help="Thư mục mô hình: dùng tham số của nó / use its settings")
    ] = None,
    folds: Annotated[int, typer.Option("--folds", help="Số fold nhóm theo cơ quan / grouped folds")] = 5,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="EVALUATION.md (mặc định: CORPUS/EVALUATION.md)")
    ] = None,
    checks: Annotated[
        bool, typer.Option("--checks/--no-checks", help="Đánh giá cả phần kiểm tra / checks too")
    ] = True,
) -> None:
    """Đánh giá chéo theo nhóm cơ quan, so với hai baseline. Grouped cross-validation vs baselines."""
    import json as _json

    from .classify import ParagraphRoleClassifier, corpus_frame, load_model
    from .classify.evaluate import cross_validate, to_markdown
    from .corpus import corpus_hash
    from .io import write_text_atomic

    corpus = _corpus_dir(corpus)
    est = ParagraphRoleClassifier(**load_model(model).get_params()) if model else ParagraphRoleClassifier()
    X, y, groups, metas = corpus_frame(corpus)
    _progress(f"grouped {folds}-fold cross-validation on {len(X)} paragraphs, {groups.nunique()} offices ...")
    fold_models: dict[str, Any] = {}
    res = cross_validate(X, y, groups, est, n_splits=folds, progress=_progress, fold_models=fold_models)
    chash = corpus_hash(corpus)
    cmd = "cchc evaluate " + str(corpus) + (f" --model {model}" if model else "")
    text = to_markdown(res, chash, cmd)
    check_res = None
    if checks:
        from .checks.evaluate import checks_markdown, evaluate_checks

        check_res = evaluate_checks(metas, fold_models, progress=_progress)
        text += "\n".join(checks_markdown(check_res))
    write_text_atomic(output or corpus / "EVALUATION.md", text)
    summary = {
        "macro_f1": res["model/with_headings"]["macro_f1"],
        "macro_f1_without_headings": res["model/without_headings"]["macro_f1"],
        "heading_rules_macro_f1": res["heading_rules/with_headings"]["macro_f1"],
        "keyword_rules_macro_f1": res["keyword_rules/with_headings"]["macro_f1"],
        "cause_objective_f1": res["model/with_headings"]["per_label"]["cause_objective"]["f1"],
        "cause_subjective_f1": res["model/with_headings"]["per_label"]["cause_subjective"]["f1"],
        "ece": res["ece"],
    }
    if check_res is not None:
        summary |= {
            "findings_precision": check_res["precision"],
            "findings_recall": check_res["recall"],
            "omissions_caught": check_res["cut_rate"],
            "originals_clean": check_res["originals_clean"],
        }
    write_text_atomic(
        corpus / "evaluation.json", _json.dumps({"corpus_sha256": chash, "summary": summary}, indent=1)
    )
    for k, v in summary.items():
        typer.echo(f"{k:32s} {v:.3f}")
    typer.echo(f"written: {output or corpus / 'EVALUATION.md'}")


@app.command()
def classify(
    files: Annotated[list[Path], typer.Argument(help="Tệp báo cáo")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json | csv")] = "text",
    model: Annotated[
        Path | None, typer.Option("--model", help="Thư mục mô hình khác / another model")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Giải thích nhãn / show why")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Gán nhãn vai trò cho từng đoạn. Label every paragraph with its role and confidence."""
    import csv
    import io as _io

    from .classify import explain as _explain
    from .classify import resolve_model

    require_choice("--format", fmt, ("text", "json", "csv"), what="format")
    m = resolve_model(model)
    failed: list[Path] = []
    records: list[dict[str, Any]] = []
    for f, doc in labelled_documents(files, m, failed):
        why = _explain(doc, model=m) if explain else None
        for p in doc.paragraphs:
            rec = {
                "file": str(f),
                "index": p.index,
                "label": p.label,
                "confidence": round(p.confidence or 0.0, 4),
                "heading": p.heading,
                "kind": p.kind,
                "text": p.text,
            }
            if why is not None:
                rec["explain"] = [[k, round(v, 3)] for k, v in why[p.index]]
            records.append(rec)
    if fmt == "json":
        emit(json.dumps(records, ensure_ascii=False, indent=1), output)
    elif fmt == "csv":
        buf = _io.StringIO()
        cols = ["file", "index", "label", "confidence", "heading", "kind", "text"] + (
            ["explain"] if explain else []
        )
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow(r | ({"explain": "; ".join(f"{k}={v}" for k, v in r["explain"])} if explain else {}))
        emit(buf.getvalue(), output)
    elif records:
        lines = []
        for r in records:
            mark = "#" if r["heading"] else " "
            text = r["text"].replace("\n", " / ")
            lines.append(
                f"{r['file']}:¶{r['index']:<4}{mark} {r['label']:<17} {r['confidence']:.2f}  {text[:110]}"
            )
            if explain:
                lines.append("        ← " + ", ".join(f"{k} ({v:+.2f})" for k, v in r["explain"]))
        emit("\n".join(lines), output)
    raise typer.Exit(2 if failed else 0)


def _split_codes(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _prepare_annotate_dir(folder: Path) -> None:
    from .errors import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".cchc-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            folder,
            f"không ghi được vào thư mục --annotate: {exc.strerror or exc}",
            "cannot write to the --annotate folder",
        ) from None


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Tệp báo cáo cần kiểm tra")],
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p", help="Tên hồ sơ (so-ket-2021-2025, bao-cao-nam) hoặc tệp YAML"),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="text | json | html")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi kết quả ra tệp / write to a file")
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="Thư mục ghi bản sao .docx có nhận xét / annotated copies"),
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="error | warning: mức gây mã thoát 1")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="Chỉ chạy các mã này (phân cách bằng dấu phẩy)")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Bỏ qua các mã này")] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Thư mục mô hình khác / another model")
    ] = None,
) -> None:
    """Kiểm tra báo cáo trước khi tổng hợp. Check submissions before consolidation.

    Exit status: 0 no error finding, 1 at least one (or warning with --fail-on warning),
    2 usage error or an unreadable file.
    """
    from .checks import check as run_check
    from .checks import load_profile, project_settings
    from .classify import resolve_model

    settings = project_settings()
    fmt = fmt or settings.get("format", "text")
    fail_on = fail_on or settings.get("fail-on", "error")
    require_choice("--format", fmt, ("text", "json", "html"), what="format")
    require_choice("--fail-on", fail_on, ("error", "warning"))
    prof = load_profile(profile or settings.get("profile"))
    prof = prof.with_overrides(
        select=_split_codes(select) or settings.get("select"),
        ignore=_split_codes(ignore) + list(settings.get("ignore", [])),
        severity=settings.get("severity"),
    )
    if annotate is not None:
        _prepare_annotate_dir(annotate)
    m = resolve_model(model)
    status = 0
    reports = []
    used_names: set[str] = set()
    failed: list[Path] = []
    for f, doc in labelled_documents(files, m, failed):
        rep = run_check(doc, prof)
        reports.append(rep)
        if annotate is not None:
            if f.suffix.lower() != ".docx":
                error_line(
                    f"{f}: bỏ qua --annotate, chỉ ghi nhận xét vào tệp .docx (annotation needs a .docx)"
                )
            else:
                name = f"{f.stem}.checked.docx"
                k = 2
                while name in used_names:
                    name = f"{f.stem}-{k}.checked.docx"
                    k += 1
                used_names.add(name)
                try:
                    rep.save_annotated(annotate / name)
                except CchcError as exc:
                    error_line(exc.one_line())
                    status = 2
    if fmt == "json":
        emit(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1), output)
    elif fmt == "html":
        from .render.html import render_reports

        emit(render_reports(reports), output)
    else:
        from .render.text import render_text

        lines = render_text(reports)
        if output is not None:
            emit("\n".join(t for t, _ in lines), output)
        else:
            from rich.console import Console
            from rich.text import Text

            console = Console(highlight=False, soft_wrap=True)
            for text, style in lines:
                console.print(Text(text, style=style or ""))
    failing = ("error",) if fail_on == "error" else ("error", "warning")
    if failed:
        status = 2
    if status != 2 and any(f.severity in failing for r in reports for f in r.findings):
        status = 1
    raise typer.Exit(status)


@app.command()
def sample(
    name: Annotated[str, typer.Argument(help="Tên mẫu / sample name")] = "bao-cao-so-ket.docx",
) -> None:
    """In đường dẫn báo cáo mẫu đi kèm gói. Print the path of a bundled sample report."""
    from importlib import resources

    folder = resources.files("cchc_nlp") / "samples"
    path = folder / name
    if not path.is_file():
        names = ", ".join(sorted(p.name for p in folder.iterdir() if not p.name.startswith(("_", "."))))
        error_line(f"{name}: không có mẫu này; các mẫu: {names} (unknown sample)")
        raise typer.Exit(2)
    typer.echo(str(path))


@app.command()
def rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | markdown")] = "text",
) -> None:
    """Liệt kê các quy tắc kiểm tra. List the check rules and their codes."""
    from .checks import RULES
    from .docs import rules_markdown

    if fmt == "markdown":
        typer.echo(rules_markdown(), nl=False)
        return
    for code, r in RULES.items():
        typer.echo(f"{code:28s} {r.severity:8s} {r.scope:9s} {r.message}")


corpus_app = typer.Typer(help="Kho ngữ liệu gán nhãn / the annotated corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("stats")
def corpus_stats(
    corpus: Annotated[Path, typer.Argument(help="Thư mục kho ngữ liệu")] = Path("corpora"),
) -> None:
    """Số liệu của kho ngữ liệu và các ngưỡng. Corpus counts and thresholds (exit 1 if one fails)."""
    from .corpus.stats import compute, format_stats

    s = compute(_corpus_dir(corpus))
    typer.echo(format_stats(s))
    raise typer.Exit(0 if all(s["checks"].values()) else 1)


@corpus_app.command("build")
def corpus_build(
    corpus: Annotated[Path, typer.Argument(help="Thư mục kho ngữ liệu")] = Path("corpora"),
) -> None:
    """Dựng .docx và nhãn từ tệp nguồn. Build the .docx files and labels from the sources."""
    from .corpus.build import build_all

    if not (corpus / "src").is_dir():
        raise CchcError(corpus, "không có thư mục src/ chứa tệp nguồn", "no src/ folder")
    metas, errors = build_all(corpus / "src", corpus / "reports")
    for e in errors:
        error_line(e)
    typer.echo(f"built {len(metas)} reports, {len(errors)} errors")
    raise typer.Exit(1 if errors else 0)


def _register_optional_commands() -> None:
    """Commands that live in their own modules (``cli_<name>.py``) register themselves on import."""
    import importlib

    for name in ("cli_batch", "cli_draft"):
        try:
            importlib.import_module(f"cchc_nlp.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cchc_nlp.{name}":
                raise


_register_optional_commands()


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
