"""Suggestions from the archive: past shortcomings like this one, and what those reports proposed.

:func:`build_index` reads every report of an archive folder once (load, label, checks),
keeps each shortcoming with the solutions of the same report — the ones linked to it by
content first (:func:`cchc_nlp.checks.links.shortcoming_links`), then the others in
document order — and saves next to the archive, in ``ARCHIVE/.cchc-index/``:

- ``vectors.npz``: the TF-IDF matrix of the shortcomings (``scipy.sparse.save_npz``, CSC so
  that a query reads only the columns of its own terms);
- ``rows.npz``: which report and which shortcoming each matrix row is, and the byte offset
  of each report's line in ``reports.jsonl`` (plain arrays, ``allow_pickle=False``);
- ``vocab.json``: the terms and their IDF; ``reports.jsonl``: one JSON line per report
  (file, content hash, unit, shortcomings, solutions, links);
- ``manifest.json``: every file's sha256 (with size and mtime to skip re-hashing).

Nothing is pickled. When a file is added, removed or its content changes, the index is
rebuilt; only the new and changed files are analysed again. :func:`suggest` answers from
the saved index: it reads the matrix columns of the query's terms and then only the
JSON lines of the reports it returns, so a query stays in the milliseconds for an archive
of 10,000 reports (``python bench/suggest_bench.py``).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .document import Document, Paragraph
from .errors import CchcError, OutputError, UnreadableDocument
from .io import write_bytes_atomic, write_text_atomic
from .text import normalize

INDEX_DIR = ".cchc-index"
INDEX_VERSION = 1
REPORT_SUFFIXES = (".docx", ".txt", ".md", ".pdf")

_TOKEN_RE = re.compile(r"[^\W_]+(?:[.,]\d+)*", re.UNICODE)
_STOP = frozenset(
    """và của các những được đã còn chưa trong cho với là có theo tại để việc một này đó thì ra vào lên từ đến
    như về nhưng hoặc cũng hơn rất nhiều ít không phải sẽ đang do nên bị""".split()
)


def syllable_ngrams(text: str) -> list[str]:
    """Lower-cased syllables (numbers kept whole, ``1.234``), common function words removed,
    and the bigrams of consecutive remaining syllables: the terms of the TF-IDF vectors."""
    words = [w for w in _TOKEN_RE.findall(normalize(text).lower()) if w not in _STOP]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


class ArchiveError(CchcError):
    """An archive folder that is missing or holds no report with shortcomings."""


@dataclass
class SuggestedSolution:
    """A solution the past report gave; ``linked`` when it addresses that shortcoming by content."""

    index: int
    text: str
    linked: bool
    score: float | None = None


@dataclass
class Suggestion:
    """A past shortcoming similar to the query, with the solutions of its report.

    Attributes:
        score: cosine similarity with the query, in [0, 1].
        file: the report file, relative to the archive folder.
        unit: the reporting unit (from the header block, or the file name).
        title, date: the report's trích yếu and ISO date, when read.
        paragraph: the shortcoming's paragraph index in that report.
        shortcoming: its text.
        solutions: that report's solutions, the linked ones first.
    """

    score: float
    file: str
    unit: str
    paragraph: int
    shortcoming: str
    solutions: list[SuggestedSolution] = field(default_factory=list)
    title: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        d = asdict(self)
        d["score"] = round(self.score, 4)
        return d


# ---------------------------------------------------------------- entries


_PLACE_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")


def _place_case(head: list[str], rest: list[str]) -> list[str]:
    """``rest`` with the place name after the last place word capitalised
    (``["quận"] + ["bắc", "thành"]`` → ``["Bắc", "Thành"]``)."""
    words = [w.lower() for w in head] + rest
    start = None
    for i in range(len(words)):
        for kw in _PLACE_WORDS:
            k = kw.split()
            if words[i : i + len(k)] == k:
                start = i + len(k)
    if start is None:
        return rest
    first = max(start - len(head), 0)
    return rest[:first] + [w.capitalize() for w in rest[first:]]


def unit_name(doc: Document) -> str:
    """A readable unit name: the issuing agency as the text itself writes it
    (``"Phòng Quản lý doanh nghiệp"`` for ``PHÒNG QUẢN LÝ DOANH NGHIỆP``), else the file name."""
    agency = (doc.metadata.agency or "").strip()
    if not agency:
        return Path(doc.source).stem if doc.source else "Đơn vị chưa rõ tên"
    last = " ".join(agency.split("\n")[-1].split())
    if not last.isupper():
        return last
    body = [p.text for p in doc.paragraphs if p.zone == "body"]

    def written(words: list[str]) -> str | None:
        rx = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
        for text in body:
            for m in rx.finditer(text):
                if m.group(0)[0].isupper() and m.group(0) != m.group(0).upper():
                    return " ".join(m.group(0).split())
        return None

    words = last.split()
    # The longest opening of the name the text writes in mixed case, then the rest: a place
    # ("TỈNH KIM SƠN" → "tỉnh Kim Sơn") or plain lower case.
    for k in range(len(words), 0, -1):
        head = written(words[:k])
        if head is None:
            continue
        rest = words[k:]
        if not rest:
            return head
        tail = written(rest)
        if tail is None:
            tail = " ".join(_place_case(head.split(), [w.lower() for w in rest]))
        return f"{head} {tail}"
    low = _place_case([], [w.lower() for w in words])
    return " ".join([low[0].capitalize(), *low[1:]])


def _body(doc: Document, label: str) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.label == label and p.zone in ("body", "footnote") and not p.heading]


def entry_from_document(doc: Document, file: str, sha256: str = "", link_threshold: float = 0.05) -> dict[str, Any]:
    """The index entry of one labelled document: its shortcomings, its solutions and, for each
    shortcoming, the solution order (linked by content first, at ``link_threshold`` or above)."""
    from .checks.links import shortcoming_links

    _, links = shortcoming_links(doc)
    sols = _body(doc, "solution")
    shorts = []
    for s in _body(doc, "shortcoming"):
        linked = sorted(
            (lk for lk in links if lk.shortcoming == s.index and lk.kind == "solution" and lk.score >= link_threshold),
            key=lambda lk: -lk.score,
        )
        first = [lk.target for lk in linked]
        shorts.append(
            {
                "i": s.index,
                "text": s.text,
                "sol": first + [p.index for p in sols if p.index not in first],
                "linked": len(first),
                "link_scores": [lk.score for lk in linked],
            }
        )
    m = doc.metadata
    return {
        "file": file,
        "sha256": sha256,
        "unit": unit_name(doc),
        "title": m.title,
        "date": m.date,
        "shortcomings": shorts,
        "solutions": {str(p.index): p.text for p in sols},
    }


# ---------------------------------------------------------------- the index


def _tfidf(docs_terms: Sequence[list[str]]) -> tuple[list[str], np.ndarray, sparse.csc_matrix]:
    df: Counter[str] = Counter()
    for terms in docs_terms:
        df.update(set(terms))
    vocab = sorted(df)
    ids = {t: i for i, t in enumerate(vocab)}
    n = len(docs_terms)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float64)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, terms in enumerate(docs_terms):
        c = Counter(terms)
        w = {ids[t]: (1.0 + math.log(k)) * idf[ids[t]] for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        for j, x in w.items():
            rows.append(r)
            cols.append(j)
            vals.append(x / norm)
    mat = sparse.csc_matrix(
        (np.array(vals, dtype=np.float32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(n, len(vocab)),
    )
    return vocab, idf, mat


class SuggestIndex:
    """Past shortcomings as TF-IDF vectors, with their reports' solutions.

    Build one with :func:`build_index` (from an archive folder) or :meth:`from_entries`
    (from entries made by :func:`entry_from_document`); query it with :meth:`query`.
    """

    def __init__(
        self,
        terms: list[str],
        idf: np.ndarray,
        matrix: sparse.csc_matrix,
        row_report: np.ndarray,
        row_pos: np.ndarray,
        entries: list[dict[str, Any]] | None = None,
        offsets: np.ndarray | None = None,
        reports_path: Path | None = None,
    ) -> None:
        self.terms = terms
        self.term_ids = {t: i for i, t in enumerate(terms)}
        self.idf = idf
        self.matrix = matrix
        self.row_report = row_report
        self.row_pos = row_pos
        self._entries = entries
        self._offsets = offsets
        self._reports_path = reports_path
        self._files: list[str] | None = None
        self.skipped: dict[str, str] = {}
        self.root: Path | None = None

    # construction ------------------------------------------------------
    @classmethod
    def from_entries(cls, entries: Sequence[dict[str, Any]]) -> SuggestIndex:
        """An in-memory index over ``entries`` (one per report)."""
        entries = list(entries)
        texts: list[list[str]] = []
        rr: list[int] = []
        rp: list[int] = []
        for ri, e in enumerate(entries):
            for si, s in enumerate(e["shortcomings"]):
                texts.append(syllable_ngrams(s["text"]))
                rr.append(ri)
                rp.append(si)
        terms, idf, mat = _tfidf(texts)
        return cls(terms, idf, mat, np.array(rr, dtype=np.int32), np.array(rp, dtype=np.int32), entries=entries)

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_reports(self) -> int:
        """How many reports the index holds (with or without shortcomings)."""
        if self._entries is not None:
            return len(self._entries)
        return len(self._offsets) if self._offsets is not None else 0

    # persistence -------------------------------------------------------
    def save(self, folder: str | os.PathLike[str]) -> None:
        """Write the index files into ``folder`` (created if needed), each atomically."""
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                folder, f"không tạo được thư mục chỉ mục: {exc.strerror}", "cannot create index folder"
            ) from None
        entries = self._all_entries()
        lines = [json.dumps(e, ensure_ascii=False).encode("utf-8") + b"\n" for e in entries]
        offsets = np.cumsum([0] + [len(x) for x in lines[:-1]]).astype(np.int64) if lines else np.zeros(0, np.int64)
        write_bytes_atomic(folder / "reports.jsonl", b"".join(lines))
        buf = io.BytesIO()
        sparse.save_npz(buf, self.matrix.tocsc(), compressed=False)
        write_bytes_atomic(folder / "vectors.npz", buf.getvalue())
        buf = io.BytesIO()
        np.savez(buf, row_report=self.row_report, row_pos=self.row_pos, offsets=offsets)
        write_bytes_atomic(folder / "rows.npz", buf.getvalue())
        write_text_atomic(
            folder / "vocab.json", json.dumps({"terms": self.terms, "idf": [round(float(x), 6) for x in self.idf]})
        )

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> SuggestIndex:
        """Open a saved index; report texts are read lazily, per returned report."""
        folder = Path(folder)
        try:
            vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            mat = sparse.load_npz(folder / "vectors.npz").tocsc()
            with np.load(folder / "rows.npz", allow_pickle=False) as z:
                rr, rp, off = z["row_report"], z["row_pos"], z["offsets"]
        except (OSError, ValueError, KeyError) as exc:
            raise UnreadableDocument(folder, f"chỉ mục hỏng hoặc thiếu tệp: {exc}", "index is damaged") from None
        idx = cls(
            vocab["terms"], np.asarray(vocab["idf"]), mat, rr, rp, offsets=off, reports_path=folder / "reports.jsonl"
        )
        return idx

    def entry(self, report: int) -> dict[str, Any]:
        """The stored entry of report number ``report``."""
        if self._entries is not None:
            return self._entries[report]
        assert self._offsets is not None and self._reports_path is not None
        with open(self._reports_path, "rb") as fh:
            fh.seek(int(self._offsets[report]))
            return json.loads(fh.readline().decode("utf-8"))

    def _all_entries(self) -> list[dict[str, Any]]:
        if self._entries is not None:
            return self._entries
        assert self._reports_path is not None
        with open(self._reports_path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def files(self) -> list[str]:
        """The report file of each report number."""
        if self._files is None:
            self._files = [e["file"] for e in self._all_entries()]
        return self._files

    # query ---------------------------------------------------------------
    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The query's term ids and L2-normalised TF-IDF weights (unknown terms dropped)."""
        c = Counter(t for t in syllable_ngrams(text) if t in self.term_ids)
        if not c:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids = np.fromiter((self.term_ids[t] for t in c), dtype=np.int64, count=len(c))
        w = np.array([(1.0 + math.log(k)) for k in c.values()]) * self.idf[ids]
        return ids, w / (np.linalg.norm(w) or 1.0)

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` with every stored shortcoming."""
        ids, w = self.vector(text)
        if not len(ids):
            return np.zeros(len(self), dtype=np.float64)
        return np.asarray(self.matrix[:, ids] @ w).ravel()

    def query(
        self, text: str, top: int = 5, exclude_files: Iterable[str] = (), min_score: float = 0.0
    ) -> list[Suggestion]:
        """The ``top`` stored shortcomings most similar to ``text``, best first.

        ``exclude_files``: report files to leave out (e.g. the report being drafted)."""
        sc = self.scores(text)
        excluded = set(exclude_files)
        if excluded:
            files = self.files()
            bad = np.array([files[r] in excluded for r in range(len(files))], dtype=bool)
            sc = np.where(bad[self.row_report], -1.0, sc)
        k = min(top, len(sc))
        if k <= 0:
            return []
        cand = np.argpartition(-sc, k - 1)[:k] if k < len(sc) else np.arange(len(sc))
        cand = cand[np.argsort(-sc[cand], kind="stable")]
        out: list[Suggestion] = []
        for row in cand:
            if sc[row] <= min_score:
                continue
            e = self.entry(int(self.row_report[row]))
            s = e["shortcomings"][int(self.row_pos[row])]
            sols = [
                SuggestedSolution(
                    index=int(i),
                    text=e["solutions"][str(i)],
                    linked=n < s["linked"],
                    score=s["link_scores"][n] if n < s["linked"] else None,
                )
                for n, i in enumerate(s["sol"])
            ]
            out.append(
                Suggestion(
                    score=float(sc[row]),
                    file=e["file"],
                    unit=e["unit"],
                    paragraph=int(s["i"]),
                    shortcoming=s["text"],
                    solutions=sols,
                    title=e.get("title"),
                    date=e.get("date"),
                )
            )
        return out


# ---------------------------------------------------------------- archive folders


def _archive_files(root: Path) -> list[Path]:
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or p.name.startswith("~$"):
            continue
        if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES:
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return data if data.get("version") == INDEX_VERSION else {}
    except (OSError, ValueError):
        return {}


def _current_state(root: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every archive file with its sha256 (re-hashed only when size or mtime changed)."""
    old = manifest.get("files", {})
    state: dict[str, dict[str, Any]] = {}
    for p in _archive_files(root):
        rel = p.relative_to(root).as_posix()
        st = p.stat()
        prev = old.get(rel)
        if prev and prev.get("size") == st.st_size and prev.get("mtime_ns") == st.st_mtime_ns:
            sha = prev["sha256"]
        else:
            sha = _sha256(p)
        state[rel] = {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    return state


_CACHE: dict[str, tuple[tuple[Any, ...], SuggestIndex]] = {}


def build_index(
    archive_dir: str | os.PathLike[str],
    profile: object = None,
    model: object = None,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
) -> SuggestIndex:
    """Index the reports of ``archive_dir`` (``.docx``, ``.txt``, ``.md``, ``.pdf``, sub-folders
    included) and save the index in ``archive_dir/.cchc-index/``.

    An index whose files' content hashes still match is opened as it is; otherwise the new and
    changed files are analysed (unchanged ones reuse their stored entries) and the index is
    written again. Files that cannot be read are skipped and listed in ``index.skipped``.
    Raises :class:`ArchiveError` for a missing folder or one without any report; when the
    folder cannot be written the index is kept in memory only.
    """
    root = Path(archive_dir)
    if not root.is_dir():
        raise ArchiveError(root, "không tìm thấy thư mục lưu trữ", "archive folder not found")
    folder = root / INDEX_DIR
    manifest = _read_manifest(folder)
    state = _current_state(root, manifest)
    if not state:
        raise ArchiveError(
            root,
            "thư mục lưu trữ không có báo cáo nào (.docx, .txt, .md, .pdf)",
            "the archive holds no report to index",
        )
    same = (
        not force
        and {k: v["sha256"] for k, v in manifest.get("files", {}).items()} == {k: v["sha256"] for k, v in state.items()}
        and (folder / "vectors.npz").is_file()
    )
    key = str(root.resolve())
    stamp = tuple(sorted((k, v["sha256"]) for k, v in state.items()))
    if same:
        cached = _CACHE.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            idx = SuggestIndex.load(folder)
            idx.skipped = dict(manifest.get("skipped", {}))
            idx.root = root
            _CACHE[key] = (stamp, idx)
            if manifest.get("files") != state:  # touched but same content: remember the new stats
                try:
                    write_text_atomic(folder / "manifest.json", json.dumps(dict(manifest, files=state), indent=0))
                except OutputError:
                    pass
            return idx
        except CchcError:
            pass  # damaged: rebuild below
    old_entries: dict[str, dict[str, Any]] = {}
    if (folder / "reports.jsonl").is_file():
        try:
            with open(folder / "reports.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        e = json.loads(line)
                        old_entries[e["sha256"]] = e
        except (OSError, ValueError):
            old_entries = {}
    old_skipped = {
        rel: reason
        for rel, reason in manifest.get("skipped", {}).items()
        if manifest.get("files", {}).get(rel, {}).get("sha256") == state.get(rel, {}).get("sha256")
    }
    from .api import analyze
    from .checks import load_profile

    prof = load_profile(profile)  # type: ignore[arg-type]
    entries: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    todo = [rel for rel in state if state[rel]["sha256"] not in old_entries and rel not in old_skipped]
    done = 0
    for rel, info in state.items():
        if rel in old_skipped:
            skipped[rel] = old_skipped[rel]
            continue
        e = old_entries.get(info["sha256"])
        if e is None:
            done += 1
            if progress and (done == 1 or done % 50 == 0 or done == len(todo)):
                progress(f"đang phân tích / analysing {done}/{len(todo)}: {rel}")
            try:
                rep = analyze(root / rel, prof, model)
            except CchcError as exc:
                skipped[rel] = exc.one_line()
                continue
            e = entry_from_document(rep.document, rel, info["sha256"], prof.link_threshold)
        else:
            e = dict(e, file=rel)
        entries.append(e)
    if not entries:
        raise ArchiveError(root, "không đọc được báo cáo nào trong thư mục lưu trữ", "no report could be read")
    idx = SuggestIndex.from_entries(entries)
    idx.skipped = skipped
    idx.root = root
    try:
        idx.save(folder)
        write_text_atomic(
            folder / "manifest.json",
            json.dumps({"version": INDEX_VERSION, "files": state, "skipped": skipped}, ensure_ascii=False, indent=0),
        )
    except OutputError as exc:
        if progress:
            progress(f"{exc.one_line()} — chỉ mục chỉ giữ trong bộ nhớ (index kept in memory only)")
    _CACHE[key] = (stamp, idx)
    return idx


def suggest(
    text_or_paragraph: str | Paragraph,
    archive: str | os.PathLike[str] | SuggestIndex,
    top: int = 5,
    exclude_files: Iterable[str] = (),
) -> list[Suggestion]:
    """The ``top`` past shortcomings most like ``text_or_paragraph``, with the solutions their
    reports gave (linked ones first). ``archive`` is a folder (indexed on first use, see
    :func:`build_index`) or an index. Raises :class:`ArchiveError` for an empty archive."""
    idx = archive if isinstance(archive, SuggestIndex) else build_index(archive, progress=_stderr)
    text = text_or_paragraph.text if isinstance(text_or_paragraph, Paragraph) else str(text_or_paragraph)
    if len(idx) == 0:
        where = idx.root if idx.root is not None else None
        raise ArchiveError(where, "thư mục lưu trữ không có hạn chế nào để so sánh", "the archive holds no shortcoming")
    return idx.query(text, top=top, exclude_files=exclude_files)


def _stderr(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------- held-out quality


def _content_vec(text: str) -> Counter[str]:
    from .checks.links import syllable_tokens

    return Counter(syllable_tokens(text))


def _cos(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    va = {t: (1 + math.log(k)) * idf.get(t, 1.0) for t, k in a.items()}
    vb = {t: (1 + math.log(k)) * idf.get(t, 1.0) for t, k in b.items()}
    na = math.sqrt(sum(x * x for x in va.values())) or 1.0
    nb = math.sqrt(sum(x * x for x in vb.values())) or 1.0
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(x * vb.get(t, 0.0) for t, x in va.items()) / (na * nb)


def _first_solutions(
    idx: SuggestIndex,
    entries: Sequence[dict[str, Any]],
    sol_vecs: Sequence[dict[str, Counter[str]]],
    rows: Iterable[int],
) -> list[Counter[str]]:
    """The first (best linked) solution of each suggested shortcoming, as content vectors."""
    out = []
    for row in rows:
        rep, pos = int(idx.row_report[row]), int(idx.row_pos[row])
        past = entries[rep]["shortcomings"][pos]
        if past["sol"]:
            out.append(sol_vecs[rep][str(past["sol"][0])])
    return out


def held_out_quality(
    entries: Sequence[dict[str, Any]], top: int = 5, match: float = 0.2, seed: int = 0
) -> dict[str, float]:
    """How often suggestions bring back a held-out report's own remedy.

    For every report R in turn, an index is built from the other reports only. For each
    shortcoming of R that R links to a solution (its *known* solution), the ``top``
    suggestions are asked for, and the first (best linked) solution of each is taken:
    a hit when one of those ``top`` solutions says the same as a known solution — content
    cosine (TF-IDF over content syllables and bigrams) of at least ``match``. Returns the
    share of hits, the same share when the ``top`` suggestions are drawn at random (the
    chance level) and the number of shortcomings asked about.
    """
    rng = np.random.default_rng(seed)
    docs: list[Counter[str]] = []
    sol_vecs: list[dict[str, Counter[str]]] = []
    for e in entries:
        sv = {k: _content_vec(v) for k, v in e["solutions"].items()}
        sol_vecs.append(sv)
        docs.extend(sv.values())
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = max(len(docs), 1)
    idf = {t: math.log((1 + n) / (1 + k)) + 1 for t, k in df.items()}
    hits = rand_hits = asked = 0
    for ri, e in enumerate(entries):
        known_short = [s for s in e["shortcomings"] if s["linked"]]
        if not known_short:
            continue
        others = [x for j, x in enumerate(entries) if j != ri]
        other_vecs = [v for j, v in enumerate(sol_vecs) if j != ri]
        idx = SuggestIndex.from_entries(others)
        if len(idx) == 0:
            continue
        for s in known_short:
            known = [sol_vecs[ri][str(i)] for i in s["sol"][: s["linked"]]]
            asked += 1
            sc = idx.scores(s["text"])
            best = np.argsort(-sc, kind="stable")[:top]
            rnd = rng.choice(len(sc), size=min(top, len(sc)), replace=False)
            for rows, is_random in ((best, False), (rnd, True)):
                cands = _first_solutions(idx, others, other_vecs, rows)
                if any(_cos(k, c, idf) >= match for k in known for c in cands):
                    if is_random:
                        rand_hits += 1
                    else:
                        hits += 1
    return {
        "share": hits / asked if asked else 0.0,
        "random_share": rand_hits / asked if asked else 0.0,
        "asked": float(asked),
    }


def entries_from_corpus(
    corpus: str | os.PathLike[str] = "corpora", link_threshold: float = 0.05
) -> list[dict[str, Any]]:
    """Index entries of the labelled corpus built from its gold labels (no model run):
    one per report, for evaluating suggestions quickly."""
    from .corpus import iter_reports, read_labels

    out = []
    for meta in iter_reports(corpus):
        paras = [
            Paragraph(
                index=r["index"],
                text=r["text"],
                heading=bool(r["heading"]),
                kind=r.get("kind", "paragraph"),
                label=r["label"],
                zone="body",
            )
            for r in read_labels(meta)
        ]
        doc = Document(paragraphs=paras, source=meta["docx"], format="docx")
        doc.metadata.agency = meta["office"]
        doc.metadata.date = meta.get("date")
        e = entry_from_document(doc, Path(meta["docx"]).name, meta.get("source_sha256", ""), link_threshold)
        e["unit"] = meta["office"]
        out.append(e)
    return out
