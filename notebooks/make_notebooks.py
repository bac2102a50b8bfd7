"""Write the notebooks from this script (so their cells stay reviewable as code):

    python notebooks/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).parent


def nb(cells: list[tuple[str, str]]) -> nbf.NotebookNode:
    book = nbf.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
    return book


CHECK = [
    ("md", "# Kiểm tra một báo cáo trước khi tổng hợp\n\nCheck one submission: read it, see how each paragraph "
           "is labelled, list the findings and write the reviewer's comments into a copy of the .docx."),
    ("code", "from pathlib import Path\n\nimport cchc_nlp\n\nROOT = Path.cwd() if (Path.cwd() / 'corpora').exists() "
             "else Path.cwd().parent\nsubmission = ROOT / 'corpora' / 'reports' / 'ks-ttytdv-2022-6thang.docx'\n"
             "doc = cchc_nlp.load(submission)\ndoc.metadata"),
    ("md", "The header block gives the number, date and agency; every paragraph carries its section path and figures."),
    ("code", "[(p.index, p.section[-1:] , [f.text for f in p.figures]) for p in doc.paragraphs if p.figures][:8]"),
    ("md", "`analyze` labels every paragraph and runs the profile's rules. In Jupyter the report shows itself as HTML "
           "(the same page as `cchc check --format html`)."),
    ("code", "report = cchc_nlp.analyze(submission, profile='bao-cao-nam')\nreport"),
    ("code", "df = report.to_dataframe()\ndf.groupby('label').size().sort_values(ascending=False)"),
    ("code", "[(f.code, f.severity, f.paragraph, f.message) for f in report.findings if f.severity != 'info']"),
    ("md", "Which paragraphs deserve a human look? The least confident labels:"),
    ("code", "df.sort_values('confidence').head(5)[['index', 'label', 'confidence', 'text']]"),
    ("md", "Why was a paragraph labelled as it was?"),
    ("code", "from cchc_nlp.classify import explain\n\nidx = int(df[df.label == 'cause_objective'].index[0])\n"
             "explain(report.document, idx)[0]"),
    ("md", "Hand the unit back its own file with the comments in it (the original is never modified):"),
    ("code", "import tempfile\n\nimport docx\n\nout = Path(tempfile.mkdtemp()) / 'ks-ttytdv-2022-6thang.checked.docx'\n"
             "report.save_annotated(out)\nlen(list(docx.Document(str(out)).comments))"),
]


def main() -> None:
    nbf.write(nb(CHECK), HERE / "01_check_a_submission.ipynb")


if __name__ == "__main__":
    main()
