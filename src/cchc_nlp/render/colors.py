"""One colour per label, shared by the HTML page and the annotated .docx."""

LABEL_COLORS: dict[str, str] = {
    "achievement": "DFF0D8",
    "shortcoming": "FCE4C4",
    "cause_objective": "D9EAF7",
    "cause_subjective": "E8DAF5",
    "solution": "D5F2EE",
    "lesson": "FFF5BF",
    "recommendation": "F9D9E3",
    "other": "F2F2F2",
}
SEVERITY_COLORS: dict[str, str] = {"error": "B00020", "warning": "B26A00", "info": "1F5FAD"}
SEVERITY_VI: dict[str, str] = {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý"}
