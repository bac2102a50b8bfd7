"""The annotated corpus: schema, labels, alignment with the reader, the thresholds."""

import json
import re
from collections import defaultdict

import pytest

import cchc_nlp
from cchc_nlp.corpus import LABELS, iter_reports, load, read_labels
from cchc_nlp.corpus.source import DEFECTS, OFFICE_KINDS, REPORT_TYPES, parse_source
from cchc_nlp.corpus.stats import compute
from cchc_nlp.text import normalize


@pytest.fixture(scope="module")
def corpus(root):
    return root / "corpora"


@pytest.fixture(scope="module")
def metas(corpus):
    return iter_reports(corpus)


def test_every_report_has_docx_labels_meta_and_source(corpus, metas):
    assert len(metas) >= 60
    for m in metas:
        assert (corpus / "reports" / f"{m['id']}.docx").is_file()
        assert (corpus / "src" / f"{m['id']}.txt").is_file()
        assert m["office_kind"] in OFFICE_KINDS and m["report_type"] in REPORT_TYPES
        assert 2021 <= m["year"] <= 2025
        assert set(m["expected_findings"]) <= set(DEFECTS)
        assert m["complete"] == (not m["expected_findings"])


def test_labels_are_valid_and_align_one_to_one_with_the_reader(metas):
    for m in metas:
        rows = read_labels(m)
        doc = cchc_nlp.load(m["docx"])
        assert len(rows) == len(doc.paragraphs), m["id"]
        for r, p in zip(rows, doc.paragraphs, strict=True):
            assert r["label"] in LABELS
            assert r["index"] == p.index and r["text"] == p.text, (m["id"], p.index)


def test_sources_parse_and_match_their_built_metadata(corpus, metas):
    import hashlib

    for m in metas:
        src = corpus / "src" / f"{m['id']}.txt"
        parse_source(src)
        assert hashlib.sha256(src.read_bytes()).hexdigest() == m["source_sha256"], f"rebuild {m['id']}"


def test_corpus_thresholds_are_met(corpus):
    s = compute(corpus)
    failed = [k for k, ok in s["checks"].items() if not ok]
    assert not failed, failed
    assert s["top_8grams"][0][2] <= 0.05


def test_no_paragraph_repeats_across_documents_except_boilerplate(metas):
    seen = defaultdict(set)
    for m in metas:
        for r in read_labels(m):
            if "source_line" not in r or r.get("heading") or len(r["text"].split()) < 8:
                continue
            key = re.sub(r"\W+", " ", normalize(r["text"]).lower()).strip()
            seen[key].add(m["id"])
    repeated = {k: v for k, v in seen.items() if len(v) > 1}
    assert not repeated, list(repeated.items())[:3]


def test_corpus_load_gives_a_paragraph_table(corpus):
    df = load(corpus)
    assert {"doc_id", "office", "office_kind", "year", "report_type", "text", "label"} <= set(df.columns)
    assert df["label"].isin(LABELS).all()
    assert df.groupby("label").size().min() >= 150


def test_deliberate_defects_are_consistent_with_labels(metas):
    for m in metas:
        labels = {r["label"] for r in read_labels(m) if "source_line" in r and not r.get("heading")}
        d = set(m["defects"])
        if "missing-lessons" in d:
            assert "lesson" not in labels, m["id"]
        if "missing-subjective-cause" in d:
            assert "cause_subjective" not in labels and "cause_objective" in labels, m["id"]
        if "missing-causes" in d:
            assert not labels & {"cause_subjective", "cause_objective"}, m["id"]
        if "missing-solutions" in d:
            assert "solution" not in labels, m["id"]
        if m["complete"]:
            assert {
                "achievement",
                "shortcoming",
                "cause_objective",
                "cause_subjective",
                "solution",
            } <= labels, m["id"]


def test_meta_json_is_valid_json(corpus):
    for p in (corpus / "reports").glob("*.meta.json"):
        json.loads(p.read_text(encoding="utf-8"))
