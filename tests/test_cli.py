"""The ``cchc`` command line as a user runs it: exit codes, formats, bad input."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "reports"
COMPLETE = CORPUS / "dh-vp-2025-soket.docx"
INCOMPLETE = CORPUS / "ks-ttytdv-2022-6thang.docx"  # missing-subjective-cause


def cchc(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "cchc_nlp", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_version_and_help():
    assert cchc("--version").stdout.startswith("cchc-nlp ")
    out = cchc("--help").stdout
    for cmd in ("parse", "classify", "check", "train", "evaluate", "sample", "rules"):
        assert cmd in out


def test_sample_path_points_to_a_bundled_docx():
    path = cchc("sample").stdout.strip()
    assert path.endswith(".docx") and Path(path).is_file()


def test_check_exit_codes_and_json_schema_in_input_order():
    ok = cchc("check", COMPLETE, "--format", "json")
    assert ok.returncode == 0, ok.stdout[-2000:]
    bad = cchc("check", INCOMPLETE, COMPLETE, "--format", "json", "--profile", "bao-cao-nam")
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert [d["file"] for d in data] == [str(INCOMPLETE), str(COMPLETE)]
    assert set(data[0]) == {"file", "metadata", "paragraphs", "findings", "summary"}
    assert {f["code"] for f in data[0]["findings"] if f["severity"] == "error"} == {
        "missing-subjective-cause"
    }
    f = data[0]["findings"][0]
    assert set(f) == {"code", "severity", "message", "paragraph"}


def test_unreadable_file_gives_exit_2_and_others_are_still_checked(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    r = cchc("check", broken, COMPLETE, "--format", "json")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and str(broken) in r.stderr and "Traceback" not in r.stderr
    assert [d["file"] for d in json.loads(r.stdout)] == [str(COMPLETE)]


def test_ignore_select_and_fail_on():
    r = cchc("check", INCOMPLETE, "--profile", "bao-cao-nam", "--ignore", "missing-subjective-cause")
    assert r.returncode == 0
    r = cchc("check", INCOMPLETE, "--profile", "bao-cao-nam", "--select", "late-submission,no-figures")
    assert r.returncode == 0
    r = cchc("check", COMPLETE, "--select", "vague-achievement", "--fail-on", "warning")
    assert r.returncode == 0
    r = cchc("check", COMPLETE, "--select", "no-such-code")
    assert r.returncode == 2 and "no-such-code" in r.stderr


def test_text_report_names_findings_and_links():
    r = cchc("check", INCOMPLETE, "--profile", "bao-cao-nam")
    assert "missing-subjective-cause" in r.stdout
    assert "Hạn chế ¶" in r.stdout and "→ Giải pháp ¶" in r.stdout
    assert "Tổng cộng" in r.stdout


def test_bad_profile_file_and_unknown_name(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("rules: [oops", encoding="utf-8")
    r = cchc("check", COMPLETE, "--profile", p)
    assert r.returncode == 2 and str(p) in r.stderr and "YAML" in r.stderr and "Traceback" not in r.stderr
    r = cchc("check", COMPLETE, "--profile", "khong-co-ho-so")
    assert r.returncode == 2 and "khong-co-ho-so" in r.stderr


def test_project_settings_are_read_from_cchc_toml(tmp_path):
    (tmp_path / "cchc.toml").write_text('profile = "bao-cao-nam"\nignore = ["missing-subjective-cause"]\n')
    r = cchc("check", INCOMPLETE, cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-1500:]


def test_annotate_writes_a_commented_copy_and_leaves_the_original(tmp_path):
    src = tmp_path / "nop.docx"
    shutil.copy(INCOMPLETE, src)
    before = src.read_bytes()
    out = tmp_path / "ra"
    r = cchc("check", src, "--profile", "bao-cao-nam", "--annotate", out)
    assert r.returncode == 1
    assert src.read_bytes() == before
    copy = out / "nop.checked.docx"
    d = docx.Document(str(copy))
    texts = [c.text for c in d.comments]
    assert any("missing-subjective-cause" in t for t in texts)
    assert any("Nhãn đoạn" in t for t in texts)
    shaded = d.element.body.xpath(".//w:pPr/w:shd")
    assert len(shaded) > 20


def test_unwritable_annotate_folder_is_refused_before_anything_is_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cchc("check", COMPLETE, "--annotate", blocker / "sub", "--format", "json")
    assert r.returncode == 2 and "--annotate" in r.stderr and r.stdout == ""


def test_html_page_is_self_contained(tmp_path):
    out = tmp_path / "r.html"
    r = cchc("check", INCOMPLETE, "--profile", "bao-cao-nam", "--format", "html", "--output", out)
    assert r.returncode == 1
    html = out.read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in html and "missing-subjective-cause" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_html_page_renders_in_headless_chromium(tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium not installed")
    out = tmp_path / "r.html"
    cchc("check", INCOMPLETE, "--profile", "bao-cao-nam", "--format", "html", "--output", out)
    png = tmp_path / "shot.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            "--window-size=1200,1600",
            out.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert png.is_file()
    from PIL import Image

    img = Image.open(png).convert("L")
    colors = img.getcolors(maxcolors=1_000_000)
    assert colors is not None and len(colors) > 20  # not a blank page
    assert img.getextrema()[0] < 100  # some dark text


def test_parse_text_output_shows_metadata_sections_and_figures(data_dir):
    r = cchc("parse", data_dir / "seed_plan.txt")
    assert r.returncode == 0
    assert "1488/KH-BQL" in r.stdout and "2025-04-18" in r.stdout and "I. MỤC ĐÍCH, YÊU CẦU" in r.stdout


def test_classify_formats():
    r = cchc("classify", COMPLETE, "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("file,index,label,confidence")
    r = cchc("classify", COMPLETE, "--format", "json", "--explain")
    rows = json.loads(r.stdout)
    assert rows and all("explain" in x for x in rows)


SMALL_CORPUS = ["dh-vp-2025-soket", "ks-ttytdv-2022-6thang", "bg-hoalac-2023-quy3"]


def small_corpus(tmp_path: Path, ids: list[str]) -> Path:
    """A corpus folder under ``tmp_path`` holding copies of the reports ``ids``; returns its reports folder."""
    reports = tmp_path / "corpus" / "reports"
    reports.mkdir(parents=True)
    for rid in ids:
        for ext in (".docx", ".labels.jsonl", ".meta.json"):
            shutil.copy(CORPUS / f"{rid}{ext}", reports / f"{rid}{ext}")
    return reports


def test_train_on_a_small_corpus_records_what_it_trained_on(tmp_path):
    ids = SMALL_CORPUS
    reports = small_corpus(tmp_path, ids)
    r = cchc("train", tmp_path / "corpus", "--output", tmp_path / "model")
    assert r.returncode == 0, r.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text(encoding="utf-8"))
    assert meta["training"]["report_ids"] == sorted(ids)
    assert meta["training"]["reports"] == 3 and "scores" not in meta["training"]  # no evaluation of this corpus
    r = cchc("classify", COMPLETE, "--model", tmp_path / "model", "--format", "json")
    assert r.returncode == 0, r.stderr
    # a report added after training is the one the held-out bench scores
    for ext in (".docx", ".labels.jsonl", ".meta.json"):
        shutil.copy(CORPUS / f"tl-lqd-2023-q3{ext}", reports / f"tl-lqd-2023-q3{ext}")
    bench = Path(__file__).resolve().parents[1] / "bench" / "heldout_eval.py"
    r = subprocess.run(
        [sys.executable, str(bench), str(tmp_path / "corpus"), "--model", str(tmp_path / "model")],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 reports (1 complete)"), r.stdout
    listed = subprocess.run(
        [sys.executable, str(bench), str(tmp_path / "corpus"), "--model", str(tmp_path / "model"), "--list-held-out"],
        capture_output=True, text=True, timeout=300,
    )
    assert listed.returncode == 0 and listed.stdout.strip() == "tl-lqd-2023-q3", listed.stdout + listed.stderr
    assert "paragraph macro-F1" in r.stdout and "expected findings recall" in r.stdout


def test_train_can_leave_reports_out_for_a_held_out_test(tmp_path):
    small_corpus(tmp_path, SMALL_CORPUS)
    r = cchc("train", tmp_path / "corpus", "--output", tmp_path / "model", "--exclude", "bg-hoalac-2023-quy3")
    assert r.returncode == 0, r.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text(encoding="utf-8"))
    assert meta["training"]["report_ids"] == ["dh-vp-2025-soket", "ks-ttytdv-2022-6thang"]
    assert meta["training"]["excluded_ids"] == ["bg-hoalac-2023-quy3"]
    # an id that is not in the corpus: one line naming it, exit 2, no model written
    r = cchc("train", tmp_path / "corpus", "--output", tmp_path / "other", "--exclude", "khong-co-2020-nam")
    assert r.returncode == 2
    assert "khong-co-2020-nam" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not (tmp_path / "other").exists()
