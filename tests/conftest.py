"""Shared fixtures: small .docx files typed the way offices type them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from cchc_nlp.corpus.docxwriter import (
    add_footnote,
    add_heading_numbering,
    add_text_runs,
    cell_lines,
    set_borderless,
    set_numbering,
)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """Build a .docx from a list of (kind, payload) items.

    kinds: ``p`` text (``{+ins+}``/``{-del-}`` marks allowed), ``h1``..``h3`` heading styles,
    ``bold`` a bold paragraph, ``auto0``/``auto1``/``auto2`` auto-numbered bold headings,
    ``bullet`` a List Bullet item, ``table`` rows (list of lists), ``header`` a borderless
    header table (left lines, right lines), ``footnote`` attached to the previous paragraph.
    """

    def build(items: list[tuple[str, object]], name: str = "t.docx") -> Path:
        d = docx.Document()
        num_id = None
        last = None
        for kind, payload in items:
            if kind == "p":
                last = d.add_paragraph()
                add_text_runs(last, str(payload))
            elif kind in ("h1", "h2", "h3"):
                last = d.add_paragraph(str(payload), style=f"Heading {kind[1]}")
            elif kind == "bold":
                last = d.add_paragraph()
                last.add_run(str(payload)).bold = True
            elif kind.startswith("auto"):
                num_id = num_id or add_heading_numbering(d)
                last = d.add_paragraph()
                last.add_run(str(payload)).bold = True
                set_numbering(last, num_id, int(kind[-1]))
            elif kind == "bullet":
                last = d.add_paragraph(str(payload), style="List Bullet")
            elif kind == "table":
                rows = payload  # type: ignore[assignment]
                t = d.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
                for i, row in enumerate(rows):  # type: ignore[arg-type]
                    for j, cell in enumerate(row):
                        t.cell(i, j).text = cell
                last = t.cell(0, 0).paragraphs[0]
            elif kind == "header":
                left, right = payload  # type: ignore[misc]
                t = d.add_table(rows=1, cols=2)
                cell_lines(t.cell(0, 0), [(x, False, False) for x in left])
                cell_lines(t.cell(0, 1), [(x, False, False) for x in right])
                set_borderless(t)
            elif kind == "footnote":
                add_footnote(d, last, str(payload))
            else:  # pragma: no cover - test helper misuse
                raise ValueError(kind)
        path = tmp_path / name
        d.save(str(path))
        return path

    return build
