"""Suggestions from the archive: the saved index, queries, quality, and ``cchc suggest``."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import numpy as np
import pytest

import cchc_nlp
from cchc_nlp import suggestions as sg
from cchc_nlp.checks import check
from cchc_nlp.draft import consolidate
from cchc_nlp.suggestions import (
    INDEX_DIR,
    ArchiveError,
    SuggestIndex,
    build_index,
    entries_from_corpus,
    held_out_quality,
    suggest,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "reports"
ARCHIVED = ("ks-dongvan-2025-soket.docx", "nd-pnv-2025-soket.docx", "dh-qldn-2025-soket.docx")


def cchc(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_nlp", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    (root / "2025").mkdir()
    for name in ARCHIVED:
        shutil.copy(CORPUS / name, root / "2025" / name)
    build_index(root)
    return root


def test_index_is_saved_next_to_the_archive_without_pickle(archive):
    folder = archive / INDEX_DIR
    names = {p.name for p in folder.iterdir()}
    assert {"vectors.npz", "rows.npz", "vocab.json", "reports.jsonl", "manifest.json"} <= names
    assert not any(n.endswith((".pkl", ".pickle", ".joblib")) for n in names)
    with np.load(folder / "rows.npz", allow_pickle=False) as z:
        assert len(z["offsets"]) == len(ARCHIVED)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {f"2025/{n}" for n in ARCHIVED}
    assert all(len(v["sha256"]) == 64 for v in manifest["files"].values())


def test_unchanged_archive_is_not_analysed_again(archive, monkeypatch):
    sg._CACHE.clear()

    def boom(*a, **k):
        raise AssertionError("re-analysed an unchanged file")

    monkeypatch.setattr(cchc_nlp.api, "analyze", boom)
    idx = build_index(archive)
    assert idx.n_reports == len(ARCHIVED) and len(idx) > 5


def test_changed_content_rebuilds_only_that_file(archive, tmp_path, monkeypatch):
    root = tmp_path / "arch"
    shutil.copytree(archive, root)
    calls: list[str] = []
    real = cchc_nlp.api.analyze

    def counting(path, *a, **k):
        calls.append(Path(path).name)
        return real(path, *a, **k)

    monkeypatch.setattr(cchc_nlp.api, "analyze", counting)
    build_index(root)
    assert calls == []
    shutil.copy(CORPUS / "ls-bt-2025-soket.docx", root / "2025" / ARCHIVED[0])  # same name, new content
    idx = build_index(root)
    assert calls == [ARCHIVED[0]]
    assert any(idx.entry(i)["unit"].startswith("Ủy ban nhân dân quận") for i in range(idx.n_reports))


def test_suggestion_returns_the_past_shortcoming_and_its_linked_solutions_first(archive):
    idx = build_index(archive)
    e = next(idx.entry(i) for i in range(idx.n_reports) if idx.entry(i)["file"].endswith("dh-qldn-2025-soket.docx"))
    short = next(s for s in e["shortcomings"] if s["linked"])
    found = suggest(short["text"], archive=archive, top=3)
    assert 1 <= len(found) <= 3 and found[0].file.endswith("dh-qldn-2025-soket.docx")
    assert found[0].paragraph == short["i"] and found[0].score > 0.99
    assert found[0].solutions and found[0].solutions[0].linked
    assert [s.linked for s in found[0].solutions] == sorted((s.linked for s in found[0].solutions), reverse=True)
    assert all(a.score >= b.score for a, b in itertools.pairwise(found))
    para = cchc_nlp.from_text(short["text"]).paragraphs[0]
    assert suggest(para, archive=archive, top=1)[0].paragraph == short["i"]


def test_saved_index_answers_like_the_in_memory_one(archive):
    idx = build_index(archive)
    mem = SuggestIndex.from_entries([idx.entry(i) for i in range(idx.n_reports)])
    q = "Hồ sơ đất đai trễ hạn còn nhiều, người dân phải đi lại nhiều lần."
    a = [(s.file, s.paragraph, round(s.score, 5)) for s in idx.query(q, top=5)]
    b = [(s.file, s.paragraph, round(s.score, 5)) for s in mem.query(q, top=5)]
    assert a == b and a


def test_empty_or_missing_archive_gives_a_clear_message(tmp_path):
    with pytest.raises(ArchiveError, match="không có báo cáo"):
        build_index(tmp_path)
    with pytest.raises(ArchiveError, match="không tìm thấy"):
        build_index(tmp_path / "khong-co")
    r = cchc("suggest", "Tỷ lệ hồ sơ trực tuyến thấp", "--archive", tmp_path)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert str(tmp_path) in r.stderr and "archive holds no report" in r.stderr and "Traceback" not in r.stderr


def test_cli_suggest_json_and_text(archive):
    r = cchc("suggest", "Chưa có công cụ theo dõi tự động báo cáo của doanh nghiệp", "--archive", archive, "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 1 and 1 <= len(data[0]["suggestions"]) <= 5
    first = data[0]["suggestions"][0]
    assert {"score", "file", "unit", "paragraph", "shortcoming", "solutions"} <= set(first)
    r = cchc("suggest", CORPUS / "dh-vp-2025-soket.docx", "--archive", archive, "--top", "2")
    assert r.returncode == 0 and r.stdout.startswith("== Hạn chế ¶")


def test_held_out_reports_find_their_known_solutions_in_the_top_5():
    # Gold labels (no model): each report is left out of the index it is queried against.
    q = held_out_quality(entries_from_corpus(ROOT / "corpora"), top=5)
    print(f"held-out share {q['share']:.3f} (random {q['random_share']:.3f}) over {q['asked']:.0f} shortcomings")
    assert q["asked"] >= 300
    assert q["share"] >= 0.5 and q["share"] >= 4 * q["random_share"]


def test_draft_comments_suggestions_under_unaddressed_shortcomings(archive):
    doc = cchc_nlp.from_text(
        "Hồ sơ đất đai trễ hạn còn nhiều, chủ yếu là cấp giấy chứng nhận lần đầu.\n"
        "Đẩy mạnh tuyên truyền về cải cách hành chính trên trang thông tin điện tử.",
        name="phong-x.txt",
    )
    for p, lab in zip(doc.paragraphs, ["shortcoming", "solution"], strict=True):
        p.label, p.confidence = lab, 1.0
    rep = check(doc)
    assert any(f.code == "unaddressed-shortcoming" for f in rep.findings)
    document = consolidate([rep], suggest_archive=archive)
    comments = [c.text for c in document.comments]
    hint = [c for c in comments if "Gợi ý từ báo cáo trước" in c]
    assert len(hint) == 1 and "Giải pháp đã nêu" in hint[0]
    plain = consolidate([rep])
    assert not any("Gợi ý" in c.text for c in plain.comments)
    assert isinstance(plain, type(docx.Document()))
