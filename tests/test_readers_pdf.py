import cchc_nlp


def test_text_pdf_lines_are_joined_into_paragraphs(data_dir):
    doc = cchc_nlp.load(data_dir / "text_report.pdf")
    texts = [p.text for p in doc]
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in texts
    body = next(t for t in texts if t.startswith("Trong năm"))
    assert body.endswith("hệ thống một cửa điện tử của tỉnh.")
    assert "1" not in texts  # the page number is dropped
    assert doc.metadata.number == "45/BC-PNV"
    assert doc.metadata.date == "2024-12-12"
    heading = next(p for p in doc if p.text == "II. HẠN CHẾ")
    assert heading.heading
