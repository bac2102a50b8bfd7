"""The paragraph role classifier: scikit-learn contract, persistence, safety, odd input."""

import io
import json

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, cross_val_score
from sklearn.pipeline import Pipeline

import cchc_nlp
from cchc_nlp.classify import ParagraphRoleClassifier, corpus_frame, default_model, label, load_model
from cchc_nlp.classify.baselines import HeadingRuleBaseline, KeywordRuleBaseline
from cchc_nlp.errors import ModelIntegrityError
from cchc_nlp.labels import LABELS, heading_role


@pytest.fixture(scope="module")
def small(root):
    X, y, groups, _metas = corpus_frame(root / "corpora")
    keep = X["doc_id"].isin(sorted(set(X["doc_id"]))[::6])
    return X[keep].reset_index(drop=True), y[keep].reset_index(drop=True), groups[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def fitted(small):
    X, y, _ = small
    return ParagraphRoleClassifier(C=2.0, inner_folds=2).fit(X, y)


def test_settings_are_stored_as_given_and_clone_works():
    m = ParagraphRoleClassifier(C=3.0, context_window=1, use_headings=False)
    assert m.get_params()["C"] == 3.0 and m.get_params()["use_headings"] is False
    c = clone(m)
    assert c.get_params() == m.get_params() and c is not m


def test_fit_returns_self_and_learned_state_ends_with_underscore(small):
    X, y, _ = small
    m = ParagraphRoleClassifier(inner_folds=2, context_window=0)
    assert m.fit(X, y) is m
    assert hasattr(m, "classes_") and hasattr(m, "vocabulary_") and hasattr(m, "stage1_")
    assert not hasattr(ParagraphRoleClassifier(), "classes_")


def test_predict_proba_is_a_distribution_over_classes(fitted, small):
    X, _, _ = small
    p = fitted.predict_proba(X.head(50))
    assert p.shape == (50, len(fitted.classes_))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert set(fitted.predict(X.head(50))) <= set(LABELS)


def test_works_in_pipeline_and_grouped_cross_val_score(small):
    X, y, groups = small
    pipe = Pipeline([("clf", ParagraphRoleClassifier(inner_folds=2, context_window=1))])
    scores = cross_val_score(pipe, X, y, groups=groups, cv=GroupKFold(n_splits=2), scoring="f1_macro")
    assert len(scores) == 2 and all(s > 0.5 for s in scores)


def test_baselines_are_estimators_too(small):
    X, y, _ = small
    for est in (HeadingRuleBaseline(), KeywordRuleBaseline()):
        pred = clone(est).fit(X, y).predict(X)
        assert len(pred) == len(X) and set(pred) <= set(LABELS)


def test_save_and_load_give_the_same_predictions(fitted, small, tmp_path):
    X, _, _ = small
    fitted.save(tmp_path / "m", training={"note": "test"})
    again = load_model(tmp_path / "m")
    assert np.allclose(again.predict_proba(X.head(80)), fitted.predict_proba(X.head(80)), atol=1e-5)
    assert again.training_ == {"note": "test"}


def test_tampered_model_is_refused(fitted, tmp_path):
    folder = fitted.save(tmp_path / "m")
    data = bytearray((folder / "model.npz").read_bytes())
    data[-10] ^= 0xFF
    (folder / "model.npz").write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(folder)


def test_model_with_pickled_objects_is_refused(fitted, tmp_path):
    import hashlib

    folder = fitted.save(tmp_path / "m")
    buf = io.BytesIO()
    np.savez(buf, idf=np.array([{"evil": 1}], dtype=object), coef1=np.zeros((2, 2)), intercept1=np.zeros(2))
    data = buf.getvalue()
    (folder / "model.npz").write_bytes(data)
    meta = json.loads((folder / "model.json").read_text())
    meta["sha256"] = hashlib.sha256(data).hexdigest()  # even with a matching checksum
    (folder / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelIntegrityError, match="không cho phép"):
        load_model(folder)


def test_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelIntegrityError, match=r"model\.npz"):
        load_model(tmp_path)


def test_bundled_model_labels_a_report(data_dir):
    doc = label(
        cchc_nlp.from_text(
            "I. KẾT QUẢ ĐẠT ĐƯỢC\nTrong năm, Sở giải quyết 1.200 hồ sơ, đạt 99,1%, vượt kế hoạch.\n"
            "II. HẠN CHẾ\nViệc số hóa hồ sơ còn chậm, chưa đạt chỉ tiêu.\n"
            "III. NHIỆM VỤ NĂM 2026\nĐẩy mạnh số hóa hồ sơ, phấn đấu đạt 100% trong năm 2026."
        )
    )
    assert [p.label for p in doc] == [
        "achievement",
        "achievement",
        "shortcoming",
        "shortcoming",
        "solution",
        "solution",
    ]
    assert all(0.0 <= p.confidence <= 1.0 for p in doc)
    assert default_model().training_["paragraphs"] > 3000


@pytest.mark.parametrize(
    "text",
    ["", "I. KẾT QUẢ\nII. HẠN CHẾ\nIII. GIẢI PHÁP", "a", "hồ sơ " * 20_000],
    ids=["empty", "only-headings", "one-char", "100k-chars"],
)
def test_odd_documents_are_labelled_without_error(text):
    doc = label(cchc_nlp.from_text(text))
    assert all(p.label in LABELS for p in doc)


def test_explain_names_the_features_behind_a_label():
    doc = cchc_nlp.from_text("Nguyên nhân chủ quan là một số công chức chưa chủ động, năng lực còn hạn chế.")
    label(doc)
    why = cchc_nlp.classify.explain(doc, 0)[0]
    assert why and all(isinstance(k, str) and isinstance(v, float) for k, v in why)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "shortcoming"),
        ("Những việc chưa làm được", "shortcoming"),
        ("b) Nguyên nhân chủ quan", "cause_subjective"),
        ("Đề xuất, kiến nghị", "recommendation"),
        ("Nhiệm vụ năm 2026", "solution"),
        ("IV. BÀI HỌC KINH NGHIỆM", "lesson"),
        ("1. Cải cách thể chế", None),
        # the informal ways offices word them
        ("Phần thứ ba - Vì sao chưa được", "cause"),
        ("PHẦN BA. TẠI SAO CÒN NHỮNG TỒN TẠI ĐÓ", "cause"),
        ("1. Do điều kiện bên ngoài", "cause_objective"),
        ("2. Do chính ngành mình", "cause_subjective"),
        ("IV. Rút ra được gì", "lesson"),
        ("I. Việc đã làm", "achievement"),
        ("Phần thứ năm - Quý IV làm gì", "solution"),
        ("Các việc cần làm", "solution"),
    ],
)
def test_heading_roles(heading, role):
    assert heading_role(heading) == role



def test_model_from_an_incompatible_version_is_refused(fitted, tmp_path):
    folder = fitted.save(tmp_path / "m")
    meta = json.loads((folder / "model.json").read_text())
    meta["format"] = 1
    (folder / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelIntegrityError, match="cchc train"):
        load_model(folder)


def test_omission_copies_cut_a_different_kind_each():
    from cchc_nlp.classify.model import OMISSION_CYCLE, omission_shifts

    assert omission_shifts(2) == [0, 3]
    assert omission_shifts(7) == list(range(len(OMISSION_CYCLE)))  # every kind of cut, once
    assert omission_shifts(0) == [0] and omission_shifts(99) == omission_shifts(7)
    assert ParagraphRoleClassifier().omission_copies == len(OMISSION_CYCLE)


def test_doc_order_ranks_rows_within_their_document():
    import pandas as pd

    from cchc_nlp.classify.model import _doc_order

    frame = pd.DataFrame({"doc_id": ["b", "a", "b", "a", "b"], "index": [2, 1, 0, 0, 1]})
    order, rank, length = _doc_order(frame)
    assert order.tolist() == [2, 4, 0, 3, 1]  # document "b" first (first seen), each in reading order
    assert rank.tolist() == [2, 1, 0, 0, 1]
    assert length.tolist() == [3, 2, 3, 2, 3]


def test_merge_sections_writes_causes_on_under_the_section_before():
    from cchc_nlp.classify.frame import docs_frame, merge_sections

    text = (
        "II. HẠN CHẾ\n\nTỷ lệ hồ sơ trực tuyến mới đạt 31%.\n\n"
        "III. NGUYÊN NHÂN\n\n1. Nguyên nhân khách quan\n\nHạ tầng mạng ở vùng sâu còn yếu.\n\n"
        "2. Nguyên nhân chủ quan\n\nCông chức chưa hướng dẫn người dân.\n\n"
        "IV. GIẢI PHÁP\n\nTập huấn cho công chức một cửa.\n"
    )
    frame = docs_frame([cchc_nlp.from_text(text), cchc_nlp.from_text("I. KẾT QUẢ\n\nĐã làm 05 việc.\n")])
    merged = merge_sections(frame)
    assert set(merged["doc_id"]) == {"doc0"}  # a document with nothing to merge is left out
    texts = merged["text"].tolist()
    assert not any("NGUYÊN NHÂN" in t.upper() and len(t) < 30 for t in texts)  # cause headings gone
    section_of = dict(zip(merged["text"], merged["section"], strict=True))
    shortcoming_section = section_of["Tỷ lệ hồ sơ trực tuyến mới đạt 31%."]
    assert section_of["Hạ tầng mạng ở vùng sâu còn yếu."] == shortcoming_section
    assert section_of["Công chức chưa hướng dẫn người dân."] == shortcoming_section
    assert section_of["Tập huấn cho công chức một cửa."] != shortcoming_section  # later sections untouched
    assert merged.index.isin(frame.index).all()  # rows keep their labels' positions

    results = cchc_nlp.from_text("I. KẾT QUẢ\n\nĐã số hóa 95% hồ sơ.\n\nII. TỒN TẠI\n\nMáy chủ còn chậm.\n")
    moved = merge_sections(docs_frame([results]), frozenset({"shortcoming"}))
    section_of = dict(zip(moved["text"], moved["section"], strict=True))
    assert section_of["Máy chủ còn chậm."] == section_of["Đã số hóa 95% hồ sơ."]


def test_a_cause_that_names_its_kind_is_that_kind():
    from cchc_nlp.classify.model import _ANNOUNCED_CAUSE

    assert _ANNOUNCED_CAUSE.match("về khách quan, mạng di động ở thôn còn yếu.").group(1) == "khách quan"
    assert _ANNOUNCED_CAUSE.match("- nguyên nhân chủ quan: công chức chưa hướng dẫn.").group(1) == "chủ quan"
    assert _ANNOUNCED_CAUSE.match("đo sự hài lòng phải làm độc lập, khách quan.") is None  # an adjective inside

    import pandas as pd

    model = default_model()
    classes = list(model.classes_)
    cob, csu, sho = (classes.index(c) for c in ("cause_objective", "cause_subjective", "shortcoming"))
    frame = pd.DataFrame({"text": [
        "Về khách quan, công chức một cửa kiêm nhiệm nhiều việc.",  # read as subjective: swapped
        "Nguyên nhân chủ quan: mạng di động ở thôn vùng cao chưa ổn định.",  # read as objective: swapped
        "Về khách quan, mạng di động còn yếu.",  # already objective: kept
        "Khách quan mà nói, tỷ lệ còn thấp.",  # read as a shortcoming: not a cause, kept
    ]})
    proba = np.full((4, len(classes)), 0.02)
    proba[0, [cob, csu]] = 0.2, 0.68
    proba[1, [cob, csu]] = 0.68, 0.2
    proba[2, [cob, csu]] = 0.68, 0.2
    proba[3, [sho, cob, csu]] = 0.6, 0.1, 0.18
    proba /= proba.sum(axis=1, keepdims=True)
    before = proba.copy()
    after = model._announced_causes(frame, proba.copy())
    assert after[0].argmax() == cob and after[1].argmax() == csu
    assert after[0, cob] == before[0, csu] and after[0, csu] == before[0, cob]  # a swap, no new numbers
    assert np.array_equal(after[2:], before[2:])
    assert np.allclose(after.sum(axis=1), 1.0)


def test_a_lead_in_names_the_kind_of_the_causes_listed_under_it():
    import pandas as pd

    from cchc_nlp.classify.model import lead_in_kind

    assert lead_in_kind("Chủ quan:") == "chủ quan"
    assert lead_in_kind("17. Về nguyên nhân khách quan:") == "khách quan"
    assert lead_in_kind("Ban Giám đốc nhận thấy nguyên nhân chủ yếu nằm ở chính Bệnh viện, cụ thể:") == "chủ quan"
    assert lead_in_kind("Các nguyên nhân xuất phát từ bản thân đơn vị, gồm:") == "chủ quan"
    assert lead_in_kind("Những hạn chế trên có cả nguyên nhân khách quan lẫn chủ quan, cụ thể:") is None  # both kinds
    assert lead_in_kind("Nguyên nhân chủ yếu nằm ở chính Bệnh viện.") is None  # not a lead-in: no colon
    assert lead_in_kind("Để đánh giá khách quan, Sở đã làm như sau:") is None  # not about causes
    assert lead_in_kind("Nguyên nhân là do phía người dân:") is None  # someone else's side is not the unit itself

    model = default_model()
    classes = list(model.classes_)
    cob, csu, sol = (classes.index(c) for c in ("cause_objective", "cause_subjective", "solution"))
    rows = [
        ("2. Nguyên nhân", True, cob),
        ("Soi lại từng hạn chế, Ban Giám đốc thấy nguyên nhân chủ yếu nằm ở chính Bệnh viện, cụ thể:", False, cob),
        ("a) Phòng Tổ chức chưa theo dõi sát các nhiệm vụ.", False, cob),  # governed: swapped
        ("b) Tổ công nghệ thông tin chỉ có 02 người kiêm nhiệm.", False, csu),  # governed, already subjective
        ("c) Về khách quan, mạng di động còn yếu.", False, cob),  # names its own kind: kept, ends the lead-in
        ("d) Văn bản hướng dẫn của cấp trên ban hành chậm.", False, cob),  # no longer governed: kept
        ("Chủ quan:", False, csu),
        ("Phần mềm của tỉnh bị lỗi nhiều lần.", False, sol),  # not a cause: kept, ends the lead-in
        ("Hệ thống thông tin một cửa chậm.", False, cob),  # after it: kept
        ("Chủ quan:", False, csu),
        ("3. Bài học", True, cob),  # a heading ends the lead-in
        ("Máy chủ đặt tại tỉnh bị quá tải.", False, cob),
        ("2.2. Nguyên nhân chủ quan", True, cob),  # a heading that names its kind is that kind
    ]
    frame = pd.DataFrame(
        {"doc_id": "d", "index": range(len(rows)), "text": [r[0] for r in rows], "heading": [r[1] for r in rows]}
    )
    proba = np.full((len(rows), len(classes)), 0.02)
    for i, (_, _, best) in enumerate(rows):
        proba[i, best] = 0.7
    proba /= proba.sum(axis=1, keepdims=True)
    # rows in another order than the document's: the lead-in still governs what follows it in the document
    shuffled = np.random.default_rng(3).permutation(len(rows))
    after = model._announced_causes(frame.iloc[shuffled].reset_index(drop=True), proba[shuffled].copy())
    got = np.empty(len(rows), dtype=object)
    got[shuffled] = [classes[j] for j in after.argmax(axis=1)]
    assert list(got) == [
        "cause_objective",  # a heading that names no kind is kept
        "cause_subjective",
        "cause_subjective",
        "cause_subjective",
        "cause_objective",
        "cause_objective",
        "cause_subjective",
        "solution",
        "cause_objective",
        "cause_subjective",
        "cause_objective",
        "cause_objective",
        "cause_subjective",
    ]
