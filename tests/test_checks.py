"""Rules, profiles and the Report, tested on documents whose labels are set by hand
(the rules must not depend on the model for these tests)."""

import textwrap

import pytest

import cchc_nlp
from cchc_nlp.checks import RULES, check, load_profile, project_settings
from cchc_nlp.corpus.source import LABEL_CODES
from cchc_nlp.errors import ProfileError

CODES = LABEL_CODES  # the label codes of the corpus source format

HEADER = [
    "oth|SỞ TƯ PHÁP",
    "oth|Số: 12/BC-STP",
    "oth|Bình Giang, ngày 05 tháng 5 năm 2025",
    "oth|BÁO CÁO",
    "oth|Sơ kết công tác cải cách hành chính giai đoạn 2021-2025",
]
COMPLETE = [
    "ach|Giai đoạn 2021-2025, Sở giải quyết 12.400 hồ sơ, đúng hạn đạt 99,2%, vượt chỉ tiêu 98% tỉnh giao.",
    "ach|Sở đã ban hành 15 văn bản chỉ đạo về cải cách hành chính trong giai đoạn.",
    "sho|Việc số hóa hồ sơ lưu trữ của Sở còn chậm so với yêu cầu của tỉnh.",
    "cob|Kinh phí tỉnh cấp cho số hóa hồ sơ lưu trữ chưa đáp ứng yêu cầu.",
    "csu|Lãnh đạo một số phòng chưa quan tâm đúng mức tới số hóa hồ sơ lưu trữ.",
    "les|Người đứng đầu sâu sát thì nhiệm vụ mới chuyển biến.",
    "sol|Hoàn thành số hóa hồ sơ lưu trữ của Sở trước năm 2027, bố trí kinh phí số hóa hằng năm.",
    "rec|Đề nghị Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen cho 02 tập thể và 03 cá nhân.",
    "oth|Trên đây là báo cáo sơ kết của Sở Tư pháp.",
]


def make(lines, doc_type="BÁO CÁO"):
    header = [h.replace("BÁO CÁO", doc_type) for h in HEADER]
    rows = [x.split("|", 1) for x in header + lines]
    doc = cchc_nlp.from_text("\n".join(t for _, t in rows), name="test.txt")
    assert len(doc) == len(rows)
    for p, (lab, _) in zip(doc, rows, strict=True):
        p.label = lab if lab in CODES.values() else CODES[lab]
        p.confidence = 1.0
    return doc


def codes(lines, profile="so-ket-2021-2025", **kw):
    rep = check(make(lines, **kw), profile)
    return {f.code for f in rep.findings if f.severity in ("error", "warning")}, rep


def without(prefix):
    return [x for x in COMPLETE if not x.startswith(prefix)]


def test_every_spec_code_is_registered_with_messages_and_docs():
    spec = {
        "missing-achievements",
        "missing-shortcomings",
        "missing-causes",
        "missing-objective-cause",
        "missing-subjective-cause",
        "missing-solutions",
        "missing-lessons",
        "missing-commendation",
        "no-figures",
        "missing-target-comparison",
        "vague-achievement",
        "unaddressed-shortcoming",
        "figure-mismatch",
        "late-submission",
    }
    assert spec <= set(RULES)
    for r in RULES.values():
        assert r.message and r.message_en and r.doc
        assert r.severity in ("error", "warning", "info")


def test_complete_report_has_no_error():
    found, rep = codes(COMPLETE)
    assert found == set(), rep.findings
    assert rep.summary()["errors"] == 0


@pytest.mark.parametrize(
    ("drop", "code"),
    [
        ("csu", "missing-subjective-cause"),
        ("cob", "missing-objective-cause"),
        ("sol", "missing-solutions"),
        ("les", "missing-lessons"),
        ("rec", "missing-commendation"),
        ("ach", "missing-achievements"),
    ],
)
def test_missing_content_gives_its_code(drop, code):
    found, _ = codes(without(drop))
    assert code in found


def test_no_cause_at_all_gives_missing_causes_only():
    found, _ = codes([x for x in COMPLETE if not x.startswith(("cob", "csu"))])
    assert "missing-causes" in found
    assert not found & {"missing-objective-cause", "missing-subjective-cause"}


def test_no_shortcoming_does_not_ask_for_causes():
    found, _ = codes([x for x in COMPLETE if not x.startswith(("sho", "cob", "csu"))])
    assert "missing-shortcomings" in found
    assert not found & {"missing-causes", "missing-objective-cause", "missing-subjective-cause"}


def test_results_without_figures():
    lines = [x for x in COMPLETE if not x.startswith("ach")] + [
        "ach|Sở đã triển khai nghiêm túc các nhiệm vụ cải cách hành chính được giao trong giai đoạn."
    ]
    found, rep = codes(lines)
    assert "no-figures" in found
    assert "missing-target-comparison" not in found
    assert any(f.code == "vague-achievement" and f.severity == "info" for f in rep.findings)


def test_figures_without_comparison():
    lines = [x for x in COMPLETE if not x.startswith("ach")] + [
        "ach|Sở giải quyết 12.400 hồ sơ trong giai đoạn."
    ]
    found, _ = codes(lines)
    assert "missing-target-comparison" in found


def test_contradicting_figures_are_flagged_on_their_paragraph():
    lines = [*COMPLETE, "ach|Có 12/15 đơn vị hoàn thành, đạt 85%."]
    _, rep = codes(lines)
    mism = [f for f in rep.findings if f.code == "figure-mismatch"]
    assert len(mism) == 1 and mism[0].paragraph == len(HEADER) + len(COMPLETE)
    assert "80%" in mism[0].message


def test_consistent_ratio_is_not_flagged():
    _, rep = codes([*COMPLETE, "ach|Có 12/15 đơn vị hoàn thành, đạt 80%."])
    assert not [f for f in rep.findings if f.code == "figure-mismatch"]


@pytest.mark.parametrize(
    "text",
    [
        "Có 4/17 xã có tỷ lệ hồ sơ trực tuyến dưới 30%, kéo tỷ lệ chung xuống.",  # a bound, not 4/17's share
        "Còn 6/17 xã đạt trên 90% hồ sơ đúng hạn.",
        "Đã giải quyết 1.302 hồ sơ, đúng hạn 1.302 hồ sơ, đạt 100%.",  # on time among the resolved
        "Tiếp nhận 1.318 hồ sơ, đã giải quyết 1.302 hồ sơ, đúng hạn 1.302 hồ sơ, đạt 100%.",
        # the share is stated as "% kế hoạch"; the later 75% is the target set by the district
        "Mới giải ngân 4,86 tỷ đồng trên tổng số 8,12 tỷ đồng được giao, đạt 59,9% kế hoạch vốn, "
        "trong khi tiến độ huyện đặt ra là 75%.",
        # the 100% names its own base (the inspections planned), not the 04/10 wards
        "Kiểm tra 04/10 tổ dân phố, đạt 100% số cuộc kiểm tra dự kiến trong 6 tháng.",
    ],
)
def test_bounds_and_other_bases_are_not_contradictions(text):
    from cchc_nlp.checks.consistency import inconsistencies

    assert inconsistencies(text) == []


def test_sets_of_files_are_counted_like_files():
    from cchc_nlp.checks.consistency import inconsistencies

    found = inconsistencies("Ban gửi 146 bộ hồ sơ, được chấp nhận 139 bộ, đạt 97,3%.")
    assert [(f["kind"], f["expected"]) for f in found] == [("ratio_of_counts", 95.2)]
    assert inconsistencies("Ban gửi 146 bộ hồ sơ, được chấp nhận 139 bộ, đạt 95,2%.") == []


def test_a_share_may_take_its_denominator_from_the_clause_before():
    from cchc_nlp.checks.consistency import inconsistencies

    text = "Ban gửi 146 bộ hồ sơ; 139 bộ được Kho bạc chấp nhận ngay từ lần gửi đầu tiên, đạt {}."
    assert [(f["kind"], f["expected"]) for f in inconsistencies(text.format("97,3%"))] == [
        ("ratio_of_counts", 95.2)
    ]
    assert inconsistencies(text.format("95,2%")) == []


@pytest.mark.parametrize(
    "text",
    [
        # the percentage names another quantity (bed occupancy, voters' approval)
        "Khám cho 78.306 lượt người bệnh; điều trị nội trú 6.418 lượt, công suất giường bệnh đạt 84,7%.",
        "Sắp xếp 04 xã thành 02 xã, lấy ý kiến cử tri với tỷ lệ đồng ý đạt 96,7%.",
        # the percentage is in the next clause, about something else
        "Khám cho 58.420 lượt người, điều trị nội trú 4.135 lượt; tỷ lệ người bệnh hài lòng đạt 91,3%.",
    ],
)
def test_a_percentage_of_another_quantity_is_not_a_share_of_the_counts(text):
    from cchc_nlp.checks.consistency import inconsistencies

    assert inconsistencies(text) == []


def test_linking_reads_words_not_syllables():
    from cchc_nlp.checks.links import compound_words, link_tokens, segment

    assert len(compound_words()) > 50_000 and ("năng", "lượng") in compound_words()
    assert segment("Sử dụng năng lượng; chức năng, tra cứu") == ["sử_dụng", "năng_lượng", "chức_năng", "tra_cứu"]
    assert segment("rượu, thuốc lá") == ["rượu", "thuốc_lá"]  # punctuation breaks words
    # a shared syllable of two different words is no shared term
    assert not set(link_tokens("Cơ sở sử dụng năng lượng trọng điểm")) & set(
        link_tokens("Thuê đơn vị có chức năng thực hiện")
    )
    assert not set(link_tokens("Việc tra cứu tài liệu lưu trữ")) & set(link_tokens("Kiểm tra số liệu báo cáo"))
    assert "hòa_giải" in link_tokens("Công tác hoà giải ở cơ sở")  # old tone placement read as new


def test_linking_falls_back_to_syllables_without_the_word_list(monkeypatch):
    import cchc_nlp.checks.links as links

    monkeypatch.setattr(links, "_word_list_path", lambda: None)
    links._compound_index.cache_clear()
    try:
        assert links.compound_words() == frozenset()
        assert links.segment("năng lượng") == ["năng", "lượng"]
    finally:
        monkeypatch.undo()
        links._compound_index.cache_clear()
    assert links.segment("năng lượng") == ["năng_lượng"]


def test_unaddressed_shortcoming_is_linked_or_flagged():
    lines = [*COMPLETE, "sho|Trang thông tin điện tử chưa có phiên bản tiếng Anh cho nhà đầu tư nước ngoài."]
    _, rep = codes(lines)
    flagged = [f.paragraph for f in rep.findings if f.code == "unaddressed-shortcoming"]
    assert flagged == [len(HEADER) + len(COMPLETE)]
    sho = len(HEADER) + 2
    assert any(lk.shortcoming == sho and lk.kind == "solution" for lk in rep.links)
    assert any(line.startswith(f"Hạn chế ¶{sho} → Giải pháp ¶") for line in rep.link_lines())


TWO_SHORTCOMINGS = [
    *COMPLETE[:3],
    "sho|Tỷ lệ hồ sơ trực tuyến toàn trình của Sở mới đạt 41%, thấp hơn chỉ tiêu 50% tỉnh giao.",
    "sho|Máy tính tại bộ phận một cửa đã cũ, hồ sơ trực tuyến mở rất chậm.",
    *COMPLETE[3:7],
    "sol|Năm 2026, hướng dẫn doanh nghiệp nộp hồ sơ trực tuyến toàn trình, nâng tỷ lệ lên 60%.",
    *COMPLETE[7:],
]


def test_a_solution_written_for_another_shortcoming_does_not_address_this_one():
    # the old computers share "hồ sơ trực tuyến" with the online-filing solution (similarity
    # well above the threshold) but that solution is about the online-filing rate
    _, rep = codes(TWO_SHORTCOMINGS)
    computers = len(HEADER) + 4
    flagged = [f for f in rep.findings if f.code == "unaddressed-shortcoming"]
    assert [f.paragraph for f in flagged] == [computers]
    assert flagged[0].detail["best_score"] >= 2 * rep.profile.link_threshold
    online = len(HEADER) + 3
    assert [lk.target for lk in rep.links_for(online) if lk.kind == "solution"] == [len(HEADER) + 9]
    assert not [lk for lk in rep.links_for(computers) if lk.kind == "solution"]


def test_link_share_zero_in_a_user_profile_counts_any_similarity(tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text("extends: so-ket-2021-2025\nlink_share: 0\n", encoding="utf-8")
    _, rep = codes(TWO_SHORTCOMINGS, profile=str(prof))
    assert not [f for f in rep.findings if f.code == "unaddressed-shortcoming"]


@pytest.mark.parametrize("key", ["link_share", "link_min_confidence", "cause_min_confidence"])
@pytest.mark.parametrize("value", ["-0.1", "1.5", "'nhiều'"])
def test_bad_link_numbers_are_refused(tmp_path, key, value):
    prof = tmp_path / "p.yaml"
    prof.write_text(f"extends: so-ket-2021-2025\n{key}: {value}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=key):
        load_profile(str(prof))


def test_unsure_or_lead_in_shortcomings_are_not_flagged_as_unaddressed(tmp_path):
    lonely = "sho|Trang thông tin điện tử chưa có phiên bản tiếng Anh cho nhà đầu tư nước ngoài."
    doc = make([*COMPLETE, lonely])
    idx = len(HEADER) + len(COMPLETE)
    assert [f.paragraph for f in check(doc).findings if f.code == "unaddressed-shortcoming"] == [idx]
    doc.paragraphs[idx].confidence = 0.6  # the model is not sure this paragraph is a shortcoming
    assert not [f for f in check(doc).findings if f.code == "unaddressed-shortcoming"]
    prof = tmp_path / "p.yaml"
    prof.write_text("extends: so-ket-2021-2025\nlink_min_confidence: 0.5\n", encoding="utf-8")
    assert [f.paragraph for f in check(doc, str(prof)).findings if f.code == "unaddressed-shortcoming"] == [idx]
    # the default floor is 0.95: a paragraph read at 0.9 (as misread achievements were) is not named
    doc.paragraphs[idx].confidence = 0.9
    assert not [f for f in check(doc).findings if f.code == "unaddressed-shortcoming"]
    doc.paragraphs[idx].confidence = 0.97
    assert [f.paragraph for f in check(doc).findings if f.code == "unaddressed-shortcoming"] == [idx]
    lead_in = make([*COMPLETE, "sho|Những hạn chế trên có nhiều nguyên nhân, cụ thể như sau:"])
    assert not [f for f in check(lead_in).findings if f.code == "unaddressed-shortcoming"]


def test_a_cause_counts_only_when_surely_read_as_one(tmp_path):
    doc = make(COMPLETE)
    cob, csu = (len(HEADER) + COMPLETE.index(x) for x in COMPLETE if x[:3] in ("cob", "csu"))
    assert not {"missing-causes", "missing-subjective-cause"} & check(doc).codes(("error",))
    # the subjective cause is read with doubt (the default floor is 0.92): the report is told it gives none
    doc.paragraphs[csu].confidence = 0.9
    assert "missing-subjective-cause" in check(doc).codes(("error",))
    doc.paragraphs[csu].confidence = 0.93
    assert "missing-subjective-cause" not in check(doc).codes(("error",))
    doc.paragraphs[csu].confidence = 0.6
    assert check(doc).codes(("error",)) & {"missing-causes", "missing-subjective-cause"} == {
        "missing-subjective-cause"
    }
    # no paragraph is surely a cause: that is "no cause", and the doubtful ones still lack a subjective one
    doc.paragraphs[cob].confidence = 0.7
    assert {"missing-causes", "missing-subjective-cause"} <= check(doc).codes(("error",))
    assert "missing-objective-cause" not in check(doc).codes(("error",))
    prof = tmp_path / "p.yaml"
    prof.write_text("extends: so-ket-2021-2025\ncause_min_confidence: 0.5\n", encoding="utf-8")
    assert not {"missing-causes", "missing-subjective-cause"} & check(doc, str(prof)).codes(("error",))
    # a label set by hand (no confidence) is sure
    doc.paragraphs[cob].confidence = doc.paragraphs[csu].confidence = None
    assert not {"missing-causes", "missing-subjective-cause"} & check(doc).codes(("error",))


def test_late_submission_against_profile_deadline():
    late = [h.replace("05 tháng 5", "20 tháng 5") for h in HEADER]
    doc = cchc_nlp.from_text("\n".join(x.split("|", 1)[1] for x in late + COMPLETE))
    for p, x in zip(doc, late + COMPLETE, strict=True):
        p.label = CODES[x.split("|")[0]]
    rep = check(doc, "so-ket-2021-2025")
    f = [f for f in rep.findings if f.code == "late-submission"]
    assert f and "10/05/2025" in f[0].message


def test_a_plan_is_not_checked_as_a_report(data_dir):
    rep = cchc_nlp.analyze(data_dir / "seed_plan.txt")
    assert [f.code for f in rep.findings] == ["not-a-report"]
    assert rep.findings[0].severity == "info"


def test_annual_profile_makes_lessons_a_warning_and_skips_commendation():
    _found, rep = codes([*without("les")[:-2], COMPLETE[-1]], profile="bao-cao-nam")
    sev = {f.code: f.severity for f in rep.findings}
    assert sev.get("missing-lessons") == "warning"
    assert "missing-commendation" not in sev


def test_report_to_dict_has_spec_schema():
    _, rep = codes(COMPLETE)
    d = rep.to_dict()
    assert list(d) == ["file", "metadata", "paragraphs", "findings", "summary"]
    assert set(d["paragraphs"][0]) == {
        "index",
        "text",
        "heading",
        "level",
        "section",
        "kind",
        "label",
        "confidence",
        "figures",
    }
    df = rep.to_dataframe()
    assert len(df) == len(rep.paragraphs) and {"label", "confidence", "findings"} <= set(df.columns)
    assert "<table>" in rep._repr_html_()


# ------------------------------------------------------------------ profiles


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_user_profile_overrides_severity_deadline_and_ignores(tmp_path):
    p = write(
        tmp_path,
        "p.yaml",
        """
        extends: so-ket-2021-2025
        name: rieng
        deadline: 2025-06-30
        rules:
          missing-lessons: warning
        ignore: [missing-commendation]
    """,
    )
    prof = load_profile(p)
    assert prof.name == "rieng"
    assert prof.severity("missing-lessons") == "warning"
    assert prof.severity("missing-commendation") is None
    assert str(prof.deadline) == "2025-06-30"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("rules:\n  missing-everything: error\n", "missing-everything"),
        ("colour: red\n", "colour"),
        ("rules:\n  missing-lessons: fatal\n", "fatal"),
        ("deadline: tomorrow\n", "deadline"),
        ("min_figures: -3\n", "min_figures"),
        ("rules: [a, b\n", "YAML"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_bad_profiles_are_refused_naming_the_problem(tmp_path, text, needle):
    p = write(tmp_path, "bad.yaml", text)
    with pytest.raises(ProfileError) as info:
        load_profile(p)
    assert needle in str(info.value)
    assert str(p) in str(info.value)


def test_unknown_profile_name_lists_the_builtin_ones():
    with pytest.raises(ProfileError, match="so-ket-2021-2025"):
        load_profile("khong-co")


def test_settings_from_pyproject_and_cchc_toml(tmp_path):
    write(
        tmp_path, "pyproject.toml", '[tool.cchc]\nprofile = "bao-cao-nam"\nignore = ["vague-achievement"]\n'
    )
    assert project_settings(tmp_path) == {"profile": "bao-cao-nam", "ignore": ["vague-achievement"]}
    write(tmp_path, "cchc.toml", 'profile = "so-ket-2021-2025"\n')
    assert project_settings(tmp_path)["profile"] == "so-ket-2021-2025"
    write(tmp_path, "cchc.toml", 'profil = "x"\n')
    with pytest.raises(ProfileError, match="profil"):
        project_settings(tmp_path)


def test_rules_documentation_is_generated_from_the_registry(root):
    from cchc_nlp.docs import rules_markdown

    assert (root / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `cchc rules --format markdown > docs/rules.md`"
    )


def test_figures_of_the_preamble_are_not_results():
    # the unit's staff numbers come before "I. KẾT QUẢ"; the results themselves have none
    lines = [
        "oth|Văn phòng có 11 công chức, 02 hợp đồng lao động, được giao tham mưu tổng hợp.",
        "ach|I. KẾT QUẢ",
        "ach|Văn phòng đã tham mưu đầy đủ các kế hoạch cải cách hành chính của Ban.",
        *[x for x in COMPLETE[2:] if not x.startswith("ach|")],
    ]
    doc = make(lines)
    doc.paragraphs[len(HEADER)].label = "achievement"  # as a model may read it
    doc.paragraphs[len(HEADER) + 1].heading = True
    rep = check(doc, "so-ket-2021-2025")
    assert "no-figures" in rep.codes()
    doc.paragraphs[len(HEADER) + 1].heading = False  # no results heading: the paragraph counts
    assert "no-figures" not in check(doc, "so-ket-2021-2025").codes()
