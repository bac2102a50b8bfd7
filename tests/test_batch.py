"""Batch analysis of an archive: tables, failures, incremental and resumable runs, CLI, plots, Dask."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import cchc_nlp.api
from cchc_nlp import batch
from cchc_nlp.batch import COLUMNS, TABLES, BatchError

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "reports"
GOOD = ["nd-ptp-2025-q1.docx", "ls-dx-2024-q1.docx", "tl-lqd-2023-q3.docx"]
MORE = ["hn-xa-2024-q3.docx", "dh-ttdv-2021-q3.docx", "ks-ttcamha-2024-q3.docx", "bg-hoalac-2023-quy3.docx"]
TXT_REPORT = """BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính năm 2024
I. KẾT QUẢ ĐẠT ĐƯỢC
Đã giải quyết 1.234 hồ sơ, đạt 98,5% kế hoạch năm.
II. HẠN CHẾ
Một số hồ sơ còn trễ hạn do thiếu nhân lực.
III. NHIỆM VỤ NĂM 2025
Bổ sung nhân lực cho bộ phận một cửa.
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _archive(root: Path, names: list[str] = GOOD) -> Path:
    arch = root / "luu-tru"
    (arch / "2024" / "quy").mkdir(parents=True)
    for i, name in enumerate(names):
        sub = arch if i == 0 else arch / "2024" if i == 1 else arch / "2024" / "quy"
        shutil.copy(CORPUS / name, sub / name)
    return arch


def _add_bad_files(arch: Path) -> dict[str, str]:
    """Bad files and the words their failure reason must contain."""
    bad = arch / "hong"
    bad.mkdir()
    (bad / "rong.docx").write_bytes(b"")
    (bad / "khong-phai-zip.docx").write_bytes(b"Day khong phai la tep zip")
    os.symlink("vong.docx", bad / "vong.docx")  # a link to itself
    os.symlink(bad / "khong-ton-tai.docx", bad / "treo.docx")  # dangling
    os.symlink("..", bad / "len")  # a folder link back to an ancestor
    os.mkfifo(bad / "ong.docx")  # not a regular file: even root cannot read it as a report
    expect = {
        "rong.docx": "rỗng",
        "khong-phai-zip.docx": "zip",
        "vong.docx": "symlink loop",
        "treo.docx": "broken symbolic link",
        "len": "symlink loop",
        "ong.docx": "not a regular file",
    }
    if os.geteuid() != 0:  # root reads a chmod 000 file, so this case only holds for other users
        locked = bad / "khoa.docx"
        shutil.copy(CORPUS / GOOD[0], locked)
        locked.chmod(0)
        expect["khoa.docx"] = "permission denied"
    (arch / ".an.docx").write_bytes(b"hidden")  # hidden files and Word lock files are not reports
    (arch / "~$khoa.docx").write_bytes(b"lock")
    return expect


@pytest.fixture(scope="module")
def archive_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("batch")
    arch = _archive(root)
    expect = _add_bad_files(arch)
    before = {p: _sha(p) for p in arch.rglob("*.docx") if p.is_file() and not p.is_symlink() and os.access(p, os.R_OK)}
    result = batch.analyze(arch, jobs=1, output=root / "ket-qua")
    return root, arch, expect, before, result


def test_tables_have_the_documented_columns_and_a_row_per_item(archive_run):
    root, arch, _, _, res = archive_run
    for t in TABLES:
        assert list(res.table(t).columns) == [n for n, _ in COLUMNS[t]]
        assert (root / "ket-qua" / f"{t}.parquet").is_file()
    docs = res.documents
    assert sorted(Path(p).name for p in docs["path"]) == sorted(GOOD)
    assert docs["paragraphs"].sum() == len(res.paragraphs)
    assert docs["figures"].sum() == len(res.figures)
    assert (docs["errors"] + docs["warnings"] + docs["infos"]).sum() == len(res.findings)
    label_cols = [c for c in docs.columns if c.startswith("n_")]
    assert (docs[label_cols].sum(axis=1) == docs["paragraphs"]).all()
    assert set(docs["profile"]) == {"so-ket-2021-2025"}
    assert docs["year"].notna().all() and docs["office"].notna().all()
    # rows agree with a direct analysis of the same file
    one = arch / GOOD[0]
    direct = cchc_nlp.api.analyze(one)
    paras = res.paragraphs[res.paragraphs["path"] == str(one)]
    assert list(paras["label"]) == [p.label for p in direct.paragraphs]
    assert list(paras["text"]) == [p.text for p in direct.paragraphs]
    codes = sorted(res.findings.loc[res.findings["path"] == str(one), "code"])
    assert codes == sorted(f.code for f in direct.findings)
    figs = res.figures[res.figures["path"] == str(one)]
    assert list(figs["text"]) == [f.text for f in direct.document.figures]
    assert set(res.documents["sha256"]) == {_sha(arch / n) for n in (GOOD[0], f"2024/{GOOD[1]}", f"2024/quy/{GOOD[2]}")}


def test_bad_files_are_recorded_as_failures_with_reasons_and_the_batch_goes_on(archive_run):
    _, _, expect, before, res = archive_run
    fails = dict(zip(res.failures["path"].map(lambda p: Path(p).name), res.failures["reason"], strict=True))
    assert set(fails) == set(expect)
    for name, words in expect.items():
        assert words in fails[name], (name, fails[name])
        assert "\n" not in fails[name]
    assert len(res.documents) == len(GOOD)
    # input files are never modified
    assert {p: _sha(p) for p in before} == before


def test_rerun_skips_unchanged_files_and_reanalyses_a_changed_one(tmp_path):
    arch = _archive(tmp_path)
    out = tmp_path / "out"
    first = batch.analyze(arch, output=out)
    assert len(first.analysed) == 3 and not first.skipped
    second = batch.analyze(arch, output=out)
    assert second.analysed == [] and sorted(second.skipped) == sorted(first.analysed)
    assert len(second.documents) == 3
    changed = arch / GOOD[0]
    shutil.copy(CORPUS / MORE[0], changed)
    third = batch.analyze(arch, output=out)
    assert third.analysed == [str(changed)]
    row = third.documents[third.documents["path"] == str(changed)].iloc[0]
    assert row["sha256"] == _sha(CORPUS / MORE[0])
    # a different profile is a different analysis: nothing is reused
    fourth = batch.analyze(arch, output=out, profile="bao-cao-nam")
    assert len(fourth.analysed) == 3 and set(fourth.documents["profile"]) == {"bao-cao-nam"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_run_keeps_finished_files_and_the_next_run_resumes(tmp_path, jobs):
    arch = _archive(tmp_path, GOOD + MORE[:2])
    out = tmp_path / "out"
    seen: list[str] = []

    def stop_after_two(outcome: batch.FileOutcome) -> None:
        seen.append(outcome.path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.analyze(arch, jobs=jobs, output=out, on_file=stop_after_two)
    parts = list((out / ".parts").glob("*.json"))
    assert len(parts) >= 2  # files in flight when stopping may finish too; none is half-written
    assert not (out / "documents.parquet").exists()
    assert not list((out / ".parts").glob("*.tmp"))
    res = batch.analyze(arch, jobs=jobs, output=out)
    assert set(seen) <= set(res.skipped)
    assert len(res.skipped) == len(parts)
    assert len(res.analysed) + len(res.skipped) == 5
    assert len(res.documents) == 5 and res.failures.empty


def test_a_file_that_vanishes_mid_run_is_a_failure(tmp_path):
    arch = _archive(tmp_path)
    victim = arch / "2024" / "quy" / GOOD[2]

    def delete_later_file(outcome: batch.FileOutcome) -> None:
        victim.unlink(missing_ok=True)

    res = batch.analyze(arch, output=tmp_path / "out", on_file=delete_later_file)
    assert list(res.failures["path"]) == [str(victim)]
    assert "vanished" in res.failures["reason"].iloc[0]
    assert len(res.documents) == 2


_real_analyze = cchc_nlp.api.analyze


def _fragile_analyze(source, profile=None, model=None):
    name = Path(source).name
    if name.startswith("crash"):
        os._exit(3)  # the worker process dies
    if name.startswith("bug"):
        raise RuntimeError("boom")
    return _real_analyze(source, profile=profile, model=model)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched function reaches workers by fork")
def test_a_crash_inside_a_worker_fails_that_file_only(tmp_path, monkeypatch):
    arch = _archive(tmp_path)
    (arch / "crash.txt").write_text(TXT_REPORT, encoding="utf-8")
    (arch / "bug.txt").write_text(TXT_REPORT.replace("2024", "2023"), encoding="utf-8")
    monkeypatch.setattr(cchc_nlp.api, "analyze", _fragile_analyze)
    res = batch.analyze(arch, jobs=2, output=tmp_path / "out")
    reasons = dict(zip(res.failures["path"].map(lambda p: Path(p).name), res.failures["reason"], strict=True))
    assert set(reasons) == {"crash.txt", "bug.txt"}
    assert "crashed" in reasons["crash.txt"]
    assert "RuntimeError: boom" in reasons["bug.txt"]
    assert sorted(Path(p).name for p in res.documents["path"]) == sorted(GOOD)


def test_globs_lists_and_in_memory_results(tmp_path):
    arch = _archive(tmp_path)
    (arch / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    res = batch.analyze(str(arch / "**" / "*.docx"))  # no output folder: DataFrames in memory
    assert res.output is None
    assert sorted(Path(p).name for p in res.documents["path"]) == sorted(GOOD)
    assert isinstance(res.paragraphs, pd.DataFrame) and len(res.paragraphs) > 0
    res = batch.analyze([arch / "bao-cao.txt", tmp_path / "khong-co.docx"])
    assert list(res.documents["path"]) == [str(arch / "bao-cao.txt")]
    assert "no such file" in res.failures["reason"].iloc[0]
    assert res.documents["n_achievement"].iloc[0] >= 1
    (tmp_path / "rong").mkdir()
    with pytest.raises(BatchError, match="no report files"):
        batch.analyze(tmp_path / "rong")
    with pytest.raises(BatchError, match="no file matches"):
        batch.analyze(str(tmp_path / "*.pdf"))


def test_csv_tables_read_back_like_parquet(tmp_path):
    arch = tmp_path / "a"
    arch.mkdir()
    (arch / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    (arch / "rong.md").write_bytes(b"")
    pq = batch.analyze(arch, output=tmp_path / "pq")
    csv = batch.analyze(arch, output=tmp_path / "csv", format="csv")
    assert (tmp_path / "csv" / "paragraphs.csv").is_file()
    fresh = batch.BatchResult(output=tmp_path / "csv", format="csv")
    for t in TABLES:
        a, b = pq.table(t), fresh.table(t)
        assert list(a.columns) == list(b.columns) and len(a) == len(b), t
    assert list(fresh.paragraphs["text"]) == list(pq.paragraphs["text"])
    assert list(fresh.figures["value"]) == list(pq.figures["value"])
    assert csv.failed == [str(arch / "rong.md")]


def test_output_folder_inside_the_archive_is_not_searched(tmp_path):
    arch = tmp_path / "a"
    arch.mkdir()
    (arch / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    out = arch / "ket-qua"
    batch.analyze(arch, output=out, format="csv")
    (out / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    res = batch.analyze(arch, output=out, format="csv")
    assert list(res.documents["path"]) == [str(arch / "bao-cao.txt")]


# --------------------------------------------------------------------------- command line


def _cchc(*args: object, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_nlp", *map(str, args)], capture_output=True, text=True, timeout=300, **kw
    )


def test_cli_exit_codes(tmp_path):
    good = tmp_path / "tot"
    good.mkdir()
    (good / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    proc = _cchc("batch", good, "--output", tmp_path / "o1")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o1" / "documents.parquet").is_file()
    assert "1 analysed" in proc.stdout

    (good / "rong.docx").write_bytes(b"")
    (good / "hong.docx").write_bytes(b"not a zip")
    proc = _cchc("batch", good, "--output", tmp_path / "o2", "--format", "csv")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("2 tệp") and "Traceback" not in proc.stderr
    assert len(pd.read_csv(tmp_path / "o2" / "failures.csv")) == 2


def test_cli_usage_errors_exit_2_with_one_line(tmp_path, capfd):
    from typer.testing import CliRunner

    from cchc_nlp.cli import app

    good = tmp_path / "tot"
    good.mkdir()
    (good / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    runner = CliRunner()
    for args, words in (
        (["batch", tmp_path / "khong-co", "--output", tmp_path / "o3"], "no such file or folder"),
        (["batch", good, "--output", tmp_path / "o3", "--format", "xlsx"], "invalid format"),
        (["batch", good, "--output", tmp_path / "o3", "--profile", "khong-co-ho-so"], "khong-co-ho-so"),
        (["batch", good, "--output", tmp_path / "o3", "--scheduler", "udp://x"], "invalid scheduler"),
        (["batch", good, "--output", tmp_path / "o3", "--jobs", "0"], "positive"),
        (["batch", good], "--output"),
    ):
        res = runner.invoke(app, [str(a) for a in args])
        err = res.stderr + capfd.readouterr().err
        assert res.exit_code == 2, (args, res.output)
        assert words in err, (args, err)
        assert res.exception is None or isinstance(res.exception, SystemExit)
    assert not (tmp_path / "o3" / "documents.parquet").exists()


def test_cli_ctrl_c_keeps_finished_files_and_says_how_to_resume(tmp_path):
    arch = tmp_path / "a"
    arch.mkdir()
    # every corpus report: after the second finishes, the rest take seconds, so SIGINT lands mid-run
    names = sorted(p.name for p in CORPUS.glob("*.docx"))
    for n in names:
        shutil.copy(CORPUS / n, arch / n)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cchc_nlp", "batch", str(arch), "--output", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test run started in the background (`cmd &` in a script) ignores
        # SIGINT, and its children would inherit that and never see the Ctrl-C sent below
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / ".parts").glob("*.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "chạy lại" in err and "resume" in err and "Traceback" not in err
    kept = len(list((out / ".parts").glob("*.json")))
    assert 2 <= kept < len(names)
    again = _cchc("batch", arch, "--output", out)
    assert again.returncode == 0, again.stderr
    assert f"{kept} unchanged" in again.stdout
    assert len(pd.read_parquet(out / "documents.parquet")) == len(names)


# --------------------------------------------------------------------------- plots


def _non_blank_png(fig, path: Path) -> None:
    import numpy as np
    from matplotlib.image import imread

    fig.savefig(path, dpi=60)
    img = imread(path)
    assert img.shape[0] > 50 and img.shape[1] > 50
    assert float(np.std(img[..., :3])) > 0.02  # something is drawn on the white page


def test_plots_render_to_non_blank_pngs(archive_run, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from cchc_nlp import plots

    _, _, _, _, res = archive_run
    _non_blank_png(plots.label_coverage(res), tmp_path / "cov.png")
    _non_blank_png(plots.label_coverage(res.documents, unit="parent"), tmp_path / "cov2.png")
    _non_blank_png(plots.finding_share_over_time(res), tmp_path / "find.png")
    fig = plots.finding_share_over_time(res.documents, findings=res.findings, codes=["vague-achievement"])
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["vague-achievement"]
    fig = plots.figure_over_time(res, "", kind="percent")
    n_points = sum(len(line.get_xdata()) for line in fig.axes[0].get_lines())
    with_dates = res.figures.merge(res.documents[["path", "date"]], on="path")
    assert n_points == with_dates[with_dates["kind"] == "percent"][["path"]].drop_duplicates().shape[0]
    _non_blank_png(fig, tmp_path / "fig.png")
    empty = plots.figure_over_time(res, "không-có-chuỗi-này")
    assert "no matching figures" in empty.axes[0].texts[0].get_text()


# --------------------------------------------------------------------------- Dask


def test_a_small_batch_runs_on_a_dask_local_cluster(tmp_path, archive_run):
    distributed = pytest.importorskip("distributed")
    arch = _archive(tmp_path, GOOD[:2])
    (arch / "hong.docx").write_bytes(b"not a zip")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        res = batch.analyze(arch, output=tmp_path / "out", scheduler=cluster.scheduler_address)
        again = batch.analyze(arch, output=tmp_path / "out", scheduler=cluster.scheduler_address)
    assert len(res.analysed) == 2 and res.failed == [str(arch / "hong.docx")]
    assert again.analysed == [] and len(again.skipped) == 2
    local = archive_run[4].documents.set_index("sha256")
    for _, row in res.documents.iterrows():
        assert row["paragraphs"] == local.loc[row["sha256"], "paragraphs"]
        assert row["errors"] == local.loc[row["sha256"], "errors"]


def test_progress_bar_advances_once_per_file(tmp_path):
    arch = tmp_path / "a"
    arch.mkdir()
    (arch / "bao-cao.txt").write_text(TXT_REPORT, encoding="utf-8")
    (arch / "rong.txt").write_bytes(b"")
    calls: list[tuple[str, int]] = []

    class Bar:
        def __init__(self, total: int) -> None:
            calls.append(("total", total))

        def update(self, n: int = 1) -> None:
            calls.append(("update", n))

        def close(self) -> None:
            calls.append(("close", 0))

    batch.analyze(arch, progress=Bar)
    assert calls == [("total", 2), ("update", 1), ("update", 1), ("close", 0)]
    pytest.importorskip("tqdm")
    assert len(batch.analyze(arch, progress=True).documents) == 1  # tqdm.auto: a widget in Jupyter, text here


def test_cli_batch_applies_project_settings(tmp_path):
    arch = tmp_path / "a"
    arch.mkdir()
    shutil.copy(CORPUS / "ks-ttytdv-2022-6thang.docx", arch)  # built without subjective causes
    (tmp_path / "cchc.toml").write_text('profile = "bao-cao-nam"\nignore = ["missing-subjective-cause"]\n')
    r = _cchc("batch", arch, "--output", tmp_path / "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    codes = set(pd.read_parquet(tmp_path / "out" / "findings.parquet")["code"])
    assert "missing-subjective-cause" not in codes
    r = _cchc("batch", arch, "--output", tmp_path / "out2", "--profile", "bao-cao-nam")
    assert "missing-subjective-cause" in set(pd.read_parquet(tmp_path / "out2" / "findings.parquet")["code"])
