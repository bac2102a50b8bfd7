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


CONSOLIDATE = [
    ("md", "# Tổng hợp báo cáo của các đơn vị\n\nConsolidate the units' submissions to a five-year review into one "
           "draft that follows the profile's outline, with every paragraph's source, merged near-duplicates, an annex "
           "of figures and the list of units that must resubmit."),
    ("code", "import shutil\nimport tempfile\nfrom pathlib import Path\n\nimport docx\n\nimport cchc_nlp\n\n"
             "ROOT = Path.cwd() if (Path.cwd() / 'corpora').exists() else Path.cwd().parent\n"
             "submissions = sorted((ROOT / 'corpora' / 'reports').glob('dh-*-2025-soket.docx'))\n"
             "[p.name for p in submissions]"),
    ("md", "Check each submission first: who skipped required analysis?"),
    ("code", "reports = [cchc_nlp.analyze(p) for p in submissions]\n"
             "{r.document.name: sorted(r.codes(('error',))) for r in reports}"),
    ("md", "Draft the consolidated report from the checked submissions (the same `Report` objects are reused):"),
    ("code", "draft = cchc_nlp.consolidate(reports, agency='BAN QUẢN LÝ KHU KINH TẾ ĐÔNG HẢI')\n"
             "out = Path(tempfile.mkdtemp()) / 'du-thao-so-ket.docx'\ndraft.save(str(out))\n"
             "headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name.startswith('Heading')]\n"
             "headings[:12]"),
    ("md", "Every paragraph names its unit; the annex gathers the figures:"),
    ("code", "d = docx.Document(str(out))\n[p.text[-60:] for p in d.paragraphs if p.text.endswith(']')][:5]"),
    ("code", "annex = d.tables[-1]\n[c.text for c in annex.rows[0].cells], len(annex.rows) - 1"),
    ("md", "For a shortcoming, what did past reports propose? Build the archive index once (here from a copy of a "
           "few corpus reports) and query it:"),
    ("code", "archive = Path(tempfile.mkdtemp()) / 'luu-tru'\narchive.mkdir()\n"
             "for p in sorted((ROOT / 'corpora' / 'reports').glob('*.docx'))[:20]:\n    shutil.copy(p, archive)\n"
             "hits = cchc_nlp.suggest('Tỷ lệ hồ sơ nộp trực tuyến còn thấp, người dân vẫn quen nộp trực tiếp', "
             "archive=archive, top=3)\n[(round(h.score, 2), h.unit, h.shortcoming[:80]) for h in hits]"),
    ("code", "[s.text[:100] for s in hits[0].solutions[:3]]"),
]


ARCHIVE = [
    ("md", "# Phân tích kho lưu trữ báo cáo\n\nAnalyse a whole archive: which analysis is chronically missing, "
           "by unit and year, and how a figure moved over time. Here the archive is the team's corpus."),
    ("md", "The archive mixes periodic reports and five-year reviews, so it is checked with the periodic profile "
           "`bao-cao-nam` (commendation proposals are only required of the five-year review)."),
    ("code", "%matplotlib inline\nfrom pathlib import Path\n\nfrom cchc_nlp import batch, plots\n\n"
             "ROOT = Path.cwd() if (Path.cwd() / 'corpora').exists() else Path.cwd().parent\n"
             "result = batch.analyze(ROOT / 'corpora' / 'reports', jobs=1, profile='bao-cao-nam')\nresult"),
    ("code", "result.documents[['path', 'office', 'date', 'errors', 'warnings']].head()"),
    ("md", "The findings most often raised across the archive:"),
    ("code", "f = result.findings\nf[f.severity != 'info'].groupby('code').size().sort_values(ascending=False)"),
    ("md", "Which parts of the required analysis does each unit give, year by year?"),
    ("code", "fig = plots.label_coverage(result)\nfig"),
    ("code", "fig = plots.finding_share_over_time(result, severities=('error',))\nfig"),
    ("md", "How did the share of dossiers submitted online move? (figures whose paragraph mentions "
           "'trực tuyến', in percent)"),
    ("code", "fig = plots.figure_over_time(result, r'trực tuyến', unit='%')\nfig"),
    ("code", "result.paragraphs.groupby('label').size()"),
]


def main() -> None:
    nbf.write(nb(CHECK), HERE / "01_check_a_submission.ipynb")
    nbf.write(nb(ARCHIVE), HERE / "02_archive_analysis.ipynb")
    nbf.write(nb(CONSOLIDATE), HERE / "03_consolidate.ipynb")


if __name__ == "__main__":
    main()
