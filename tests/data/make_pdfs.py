"""Regenerate the PDF fixtures (needs reportlab and the DejaVu fonts):

python tests/data/make_pdfs.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

LINES = [
    ("UBND HUYỆN MINH HẢI", 0),
    ("PHÒNG NỘI VỤ", 0),
    ("Số: 45/BC-PNV", 0),
    ("", 0),
    ("Minh Hải, ngày 12 tháng 12 năm 2024", 0),
    ("BÁO CÁO", 0),
    ("Kết quả cải cách hành chính năm 2024", 0),
    ("", 0),
    ("I. KẾT QUẢ ĐẠT ĐƯỢC", 0),
    ("Trong năm, Phòng đã tiếp nhận 1.234 hồ sơ thủ tục hành chính, giải quyết đúng", 1),
    ("hạn 1.210 hồ sơ, đạt 98,1%, tăng 2,3% so với năm 2023. Toàn bộ hồ sơ được", 1),
    ("cập nhật trên hệ thống một cửa điện tử của tỉnh.", 1),
    ("II. HẠN CHẾ", 0),
    ("Việc số hóa kết quả giải quyết hồ sơ còn chậm, mới đạt 62% so với chỉ tiêu", 1),
    ("được giao.", 1),
]


def text_pdf(path: Path) -> None:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSerif", 11)
    y = 800
    for text, _ in LINES:
        if text:
            c.drawString(60, y, text)
        y -= 16
    c.drawString(300, 40, "1")
    c.showPage()
    c.save()


def scan_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(30):
        c.rect(60, 780 - i * 20, 300 + (i * 37) % 150, 8, fill=1)
    c.showPage()
    c.save()


if __name__ == "__main__":
    text_pdf(HERE / "text_report.pdf")
    scan_pdf(HERE / "scanned_report.pdf")
