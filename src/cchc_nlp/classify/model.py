"""The paragraph role classifier: a scikit-learn estimator that labels paragraphs in context.

Stage 1 is a multinomial logistic regression over the paragraph's own features
(:mod:`.features`). Stage 2 is a second logistic regression over stage 1's
probabilities for the paragraph and its neighbours (stacked on out-of-fold predictions,
so that it learns how reliable stage 1 is), plus the role its heading announces. Each
document is trained on as written and in altered copies: with no headings at all (so
that headings help but are not required), with its causes and lessons written on under
the shortcomings' heading, with its shortcomings written on under the results (as many
reports do: "… đạt 92%. Tuy vậy, …" inside each area of work), and with one kind of content cut out
(so that the context stage does not expect every section). One rule follows the
model: a cause that opens by naming its kind ("Về khách quan, …") is that kind.

A fitted model is plain arrays and a JSON vocabulary: :meth:`save` writes them and
:func:`load_model` reads them back after checking their sha256 — no pickle anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ..errors import ModelIntegrityError
from ..labels import HEADING_ROLES, LABELS, heading_role, section_role
from .features import paragraph_features
from .frame import MERGEABLE_ROLES, drop_headings, merge_sections

FORMAT_VERSION = 3  # bump when features change: older models are refused with a clear error
OMISSION_CYCLE: tuple[frozenset[str], ...] = (
    frozenset({"cause_subjective"}),
    frozenset({"solution"}),
    frozenset({"cause_objective", "cause_subjective"}),
    frozenset({"lesson"}),
    frozenset({"cause_objective"}),
    frozenset({"recommendation"}),
    frozenset({"shortcoming", "cause_objective", "cause_subjective"}),
)
_KINDS = ("paragraph", "list_item", "table_row", "footnote")
# the merged copies: causes and lessons written on under the shortcomings; shortcomings
# written on under the results (each group in a copy of its own)
MERGE_GROUPS: tuple[frozenset[str], ...] = (MERGEABLE_ROLES, frozenset({"shortcoming"}))
# a paragraph that opens by naming its kind of cause: "Về khách quan, …", "Nguyên nhân chủ quan: …"
_ANNOUNCED_CAUSE = re.compile(
    r"^(?:[-–•+*]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]\s*)?"
    r"(?:về mặt |về phía |về |các nguyên nhân |những nguyên nhân |nguyên nhân )?(khách quan|chủ quan)\b"
)
# a cause attributed to the reporting body itself is subjective by definition ("nguyên nhân chủ
# yếu nằm ở chính Bệnh viện", "nguyên nhân xuất phát từ bản thân đơn vị")
_SELF_ATTRIBUTED = re.compile(
    r"nguyên nhân\b[^.;:!?]{0,60}?\b(?:nằm ở|xuất phát từ|đến từ|thuộc về|là do|do)\s+(?:chính|bản thân|nội bộ)\b"
)
_ZONES = ("header", "body", "signature", "footnote")


def lead_in_kind(text: str) -> str | None:
    """The kind of cause (``"khách quan"`` or ``"chủ quan"``) that a lead-in announces for the
    paragraphs listed under it, or None.

    A lead-in ends with a colon and opens with one kind ("Chủ quan:", "Về khách quan:") or
    speaks of causes and names one kind ("Các nguyên nhân chủ yếu là khách quan, gồm:"). A cause
    placed in the reporting body itself is subjective: "… nguyên nhân chủ yếu nằm ở chính Bệnh
    viện, cụ thể:". A lead-in that names both kinds announces neither.
    """
    low = " ".join(text.lower().split())
    if not low.endswith(":"):
        return None
    m = _ANNOUNCED_CAUSE.match(low)
    if m is not None:
        return m.group(1)
    if "nguyên nhân" not in low:
        return None
    objective, subjective = "khách quan" in low, "chủ quan" in low
    if objective != subjective:
        return "khách quan" if objective else "chủ quan"
    if not objective and _SELF_ATTRIBUTED.search(low):
        return "chủ quan"
    return None


def _as_frame(X: Any) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    return pd.DataFrame(list(X))


def _doc_order(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row: its document's row positions in reading order, its rank, doc length."""
    n = len(frame)
    doc_codes = pd.factorize(frame["doc_id"])[0]
    order = np.lexsort((frame["index"].to_numpy(), doc_codes))
    counts = np.bincount(doc_codes, minlength=1)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - starts[doc_codes[order]]
    length = counts[doc_codes].astype(np.int64)
    return order, rank, length


def omission_shifts(copies: int) -> list[int]:
    """The offsets into ``OMISSION_CYCLE`` of a document's ``copies`` cut copies (1 to 7): each
    copy cuts a different kind of content, and 2 copies cut kinds three apart (0 and 3)."""
    n = len(OMISSION_CYCLE)
    return sorted({(3 * i) % n for i in range(max(1, min(copies, n)))})


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")`` with plain Python values, built column-wise (faster)."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


class ParagraphRoleClassifier(ClassifierMixin, BaseEstimator):
    """Label paragraphs with their role (achievement, shortcoming, …) in context.

    ``X`` is a paragraph table (:func:`cchc_nlp.classify.frame.docs_frame`): one row per
    paragraph with ``doc_id``, ``index``, ``text``, ``heading``, ``level``, ``section``,
    ``kind``, ``zone`` and figure columns. Rows of one document are read together to
    give each paragraph its neighbours.

    Parameters:
        C: inverse regularisation of the paragraph (stage 1) model.
        context_C: inverse regularisation of the context (stage 2) model.
        use_headings: use the heading path above each paragraph.
        context_window: neighbours on each side seen by stage 2 (0 turns stage 2 off).
        augment_without_headings: also train on each document with its headings removed.
        augment_merged_sections: also train on each document whose causes or lessons (one
            copy), or whose shortcomings (another copy), have a heading of their own as if they
            had none, written on under the section before (:func:`~.frame.merge_sections`):
            causes under "Khó khăn, tồn tại" and shortcomings inside the results are common.
        augment_omissions: also train on each document with one kind of content cut out
            (its subjective causes, its solutions, its lessons …), so that the context stage
            does not expect every section to be there — the checks depend on noticing absence.
        omission_copies: how many such cut copies of each document (1 to 7; each copy cuts a
            different kind of content, cycling through ``OMISSION_CYCLE``).
        min_df: a feature must occur in at least this many training paragraphs.
        inner_folds: folds of the out-of-fold stage-1 predictions stage 2 learns from.
        segment_words: use underthesea word segmentation instead of syllables for the text
            n-grams (about 10× slower; see ``bench/classify_bench.py`` for what it earns).
    """

    def __init__(
        self,
        C: float = 4.0,
        context_C: float = 1.0,
        use_headings: bool = True,
        context_window: int = 2,
        augment_without_headings: bool = True,
        augment_merged_sections: bool = True,
        augment_omissions: bool = True,
        omission_copies: int = 7,
        min_df: int = 2,
        inner_folds: int = 4,
        segment_words: bool = False,
    ) -> None:
        self.C = C
        self.context_C = context_C
        self.use_headings = use_headings
        self.context_window = context_window
        self.augment_without_headings = augment_without_headings
        self.augment_merged_sections = augment_merged_sections
        self.augment_omissions = augment_omissions
        self.omission_copies = omission_copies
        self.min_df = min_df
        self.inner_folds = inner_folds
        self.segment_words = segment_words

    # ------------------------------------------------------------------ stage 1
    def _features(self, frame: pd.DataFrame) -> list[dict[str, float]]:
        _, rank, length = _doc_order(frame)
        pos = rank / np.maximum(length - 1, 1)
        return paragraph_features(_records(frame), pos.tolist(), self.use_headings, self.segment_words)

    def _fit_vocab(self, feats: list[dict[str, float]]) -> None:
        df: dict[str, int] = {}
        for f in feats:
            for k in f:
                df[k] = df.get(k, 0) + 1
        vocab = sorted(k for k, c in df.items() if c >= self.min_df)
        self.vocabulary_ = {k: i for i, k in enumerate(vocab)}
        n = len(feats)
        self.idf_ = np.array(
            [math.log((1 + n) / (1 + df[k])) + 1.0 if k.startswith(("w:", "b:")) else 1.0 for k in vocab],
            dtype=np.float64,
        )

    def _vectorize(self, feats: list[dict[str, float]]) -> sparse.csr_matrix:
        """Feature dicts → CSR: word n-grams get sublinear tf × idf and are L2-normalised per
        row; first-syllable features get idf × 0.3; the others keep their value."""
        vocab = self.vocabulary_
        get = vocab.get
        indptr = np.zeros(len(feats) + 1, dtype=np.int64)
        cols: list[int] = []
        vals: list[float] = []
        for i, f in enumerate(feats):
            for k, v in f.items():
                j = get(k)
                if j is not None:
                    cols.append(j)
                    vals.append(v)
            indptr[i + 1] = len(cols)
        col = np.asarray(cols, dtype=np.int64)
        val = np.asarray(vals, dtype=np.float64)
        kind = self._kind[col] if len(col) else np.zeros(0, dtype=np.int8)
        word = kind == 1
        val[word] = (1.0 + np.log(val[word])) * self.idf_[col[word]]
        first = kind == 2
        val[first] = val[first] * self.idf_[col[first]] * 0.3
        rows = np.repeat(np.arange(len(feats)), np.diff(indptr))
        sq = np.bincount(rows[word], weights=val[word] ** 2, minlength=len(feats))
        scale = np.where(sq > 0, 1.0 / np.sqrt(np.where(sq > 0, sq, 1.0)), 1.0)
        val[word] *= scale[rows[word]]
        return sparse.csr_matrix((val, col, indptr), shape=(len(feats), len(vocab)), dtype=np.float64)

    @property
    def _kind(self) -> np.ndarray:
        """Per vocabulary column: 1 word n-gram (``w:``), 2 first syllables (``b:``), 0 other."""
        cached = self.__dict__.get("_kind_cache")
        if cached is None or len(cached) != len(self.vocabulary_):
            names = self._feature_names()
            cached = np.array([1 if k.startswith("w:") else 2 if k.startswith("b:") else 0 for k in names],
                              dtype=np.int8)
            self.__dict__["_kind_cache"] = cached
        return cached

    def _stage1(self, Xs: sparse.csr_matrix, y: np.ndarray) -> LogisticRegression:
        lr = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        lr.fit(Xs, y)
        return lr

    # ------------------------------------------------------------------ stage 2
    def _context_matrix(self, frame: pd.DataFrame, proba: np.ndarray) -> np.ndarray:
        order, rank, length = _doc_order(frame)
        n, k = proba.shape
        w = self.context_window
        pos_of = np.empty(n, dtype=np.int64)
        pos_of[order] = np.arange(n)
        blocks = [np.log(np.clip(proba, 1e-6, 1.0))]
        for off in [*range(-w, 0), *range(1, w + 1)]:
            block = np.zeros((n, k + 1))
            tgt = pos_of + off
            valid = (rank + off >= 0) & (rank + off < length)
            src_rows = order[np.clip(tgt, 0, n - 1)]
            block[valid, :k] = proba[src_rows[valid]]
            block[~valid, k] = 1.0
            blocks.append(block)
        # mean of the 5 paragraphs before and after (the running topic)
        for direction in (-1, 1):
            acc = np.zeros((n, k))
            cnt = np.zeros((n, 1))
            for step in range(1, 6):
                off = direction * step
                tgt = pos_of + off
                valid = (rank + off >= 0) & (rank + off < length)
                src_rows = order[np.clip(tgt, 0, n - 1)]
                acc[valid] += proba[src_rows[valid]]
                cnt[valid] += 1
            blocks.append(acc / np.maximum(cnt, 1))
        roles = np.zeros((n, len(HEADING_ROLES) + 1))
        if self.use_headings:
            for i, sec in enumerate(frame["section"].tolist()):
                r = section_role(list(sec or ()))
                roles[i, HEADING_ROLES.index(r) if r else len(HEADING_ROLES)] = 1.0
        blocks.append(roles)
        # a role announced inside the paragraph itself ("Về khách quan, …", "Nguyên nhân chủ quan: …")
        inline = np.zeros((n, len(HEADING_ROLES)))
        for i, text in enumerate(frame["text"].tolist()):
            r = heading_role(str(text)[:60])
            if r:
                inline[i, HEADING_ROLES.index(r)] = 1.0
        blocks.append(inline)
        heading = frame["heading"].astype(float).to_numpy()[:, None] if self.use_headings else np.zeros((n, 1))
        kinds = np.array([[1.0 if kd == x else 0.0 for x in _KINDS] for kd in frame["kind"].tolist()])
        zones = np.array([[1.0 if z == x else 0.0 for x in _ZONES] for z in frame["zone"].tolist()])
        posn = (rank / np.maximum(length - 1, 1))[:, None]
        blocks += [heading, kinds, zones, posn]
        return np.hstack(blocks)

    # ------------------------------------------------------------------ API
    def fit(self, X: Any, y: Any) -> ParagraphRoleClassifier:
        """Learn from a paragraph table ``X`` and its labels ``y``; returns ``self``."""
        frame = _as_frame(X).reset_index(drop=True)
        y = np.asarray(y, dtype=object)
        if len(frame) != len(y):
            raise ValueError("X and y have different lengths")
        parts, labels = [frame], [y]
        if self.augment_without_headings and self.use_headings:
            keep = ~frame["heading"].astype(bool).to_numpy()
            nohead = drop_headings(frame)
            nohead["doc_id"] = nohead["doc_id"].astype(str) + "#nohead"
            parts.append(nohead)
            labels.append(y[keep])
        if self.augment_merged_sections and self.use_headings:
            for k, roles in enumerate(MERGE_GROUPS):
                merged = merge_sections(frame, roles)
                if len(merged):
                    labels.append(y[merged.index.to_numpy()])
                    merged = merged.reset_index(drop=True)
                    merged["doc_id"] = merged["doc_id"].astype(str) + f"#merged{k}"
                    parts.append(merged)
        if self.augment_omissions:
            doc_codes = pd.factorize(frame["doc_id"])[0]
            n = len(OMISSION_CYCLE)
            for shift in omission_shifts(self.omission_copies):
                cut_of = [OMISSION_CYCLE[(c + shift) % n] for c in doc_codes]
                keep = np.array([lab not in cut for lab, cut in zip(y, cut_of, strict=True)], dtype=bool)
                cut = frame[keep].copy()
                cut["doc_id"] = cut["doc_id"].astype(str) + f"#cut{shift}"
                parts.append(cut)
                labels.append(y[keep])
        frame = pd.concat(parts, ignore_index=True)
        y = np.concatenate(labels)
        self.classes_ = np.array([lb for lb in LABELS if lb in set(y)], dtype=object)
        feats = self._features(frame)
        self._fit_vocab(feats)
        Xs = self._vectorize(feats)
        self.stage1_ = self._stage1(Xs, y)
        if self.context_window > 0:
            groups = frame["doc_id"].astype(str).str.replace(r"#(nohead|merged\d|cut\d)$", "", regex=True).to_numpy()
            n_groups = len(set(groups))
            oof = np.zeros((len(frame), len(self.classes_)))
            if n_groups >= 2:
                folds = min(self.inner_folds, n_groups)
                for tr, te in GroupKFold(n_splits=folds).split(Xs, y, groups):
                    m = self._stage1(Xs[tr], y[tr])
                    p = m.predict_proba(Xs[te])
                    oof[np.ix_(te, [list(self.classes_).index(c) for c in m.classes_])] = p
            else:
                oof = self.stage1_.predict_proba(Xs)
            C2 = self._context_matrix(frame, oof)
            self.stage2_ = LogisticRegression(C=self.context_C, max_iter=3000)
            self.stage2_.fit(C2, y)
        else:
            self.stage2_ = None
        self.n_features_in_ = len(self.vocabulary_)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "stage1_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("ParagraphRoleClassifier is not fitted yet")

    def _stage1_proba(self, frame: pd.DataFrame) -> tuple[np.ndarray, sparse.csr_matrix]:
        Xs = self._vectorize(self._features(frame))
        p = self.stage1_.predict_proba(Xs)
        out = np.zeros((len(frame), len(self.classes_)))
        out[:, [list(self.classes_).index(c) for c in self.stage1_.classes_]] = p
        return out, Xs

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        self._check_fitted()
        frame = _as_frame(X).reset_index(drop=True)
        if len(frame) == 0:
            return np.zeros((0, len(self.classes_)))
        p1, _ = self._stage1_proba(frame)
        if self.stage2_ is None:
            return p1
        p2 = self.stage2_.predict_proba(self._context_matrix(frame, p1))
        out = np.zeros_like(p1)
        out[:, [list(self.classes_).index(c) for c in self.stage2_.classes_]] = p2
        return self._announced_causes(frame, out)

    def _announced_causes(self, frame: pd.DataFrame, proba: np.ndarray) -> np.ndarray:
        """A cause that names its kind is that kind. Where the model reads such a paragraph as a
        cause of the other kind, the two cause probabilities are swapped (the distribution stays
        one; other labels are untouched). A paragraph names its kind when it opens with it
        ("Về khách quan, …") or when it sits under a lead-in that announces it
        (:func:`lead_in_kind`): the lead-in governs the causes that follow it, up to a heading,
        a paragraph not read as a cause, or a paragraph that names a kind of its own."""
        classes = list(self.classes_)
        if "cause_objective" not in classes or "cause_subjective" not in classes:
            return proba
        cob, csu = classes.index("cause_objective"), classes.index("cause_subjective")
        best = proba.argmax(axis=1)
        texts = frame["text"].astype(str).tolist()
        headings = frame["heading"].astype(bool).tolist() if "heading" in frame else [False] * len(frame)
        if "doc_id" in frame and "index" in frame:
            order, rank, _ = _doc_order(frame)
        else:
            order, rank = np.arange(len(frame)), np.arange(len(frame))
        governing: str | None = None
        for i in order:
            is_cause = best[i] == cob or best[i] == csu
            if rank[i] == 0 or headings[i] or not is_cause:
                governing = None
            if not is_cause:
                continue
            lead = None if headings[i] else lead_in_kind(texts[i])
            m = None if lead else _ANNOUNCED_CAUSE.match(texts[i].lower())
            kind = lead or (m.group(1) if m else None)
            if kind is not None:
                governing = lead
            elif not headings[i]:
                kind = governing
            if kind is None:
                continue
            want, other = (cob, csu) if kind == "khách quan" else (csu, cob)
            if proba[i, want] < proba[i, other]:
                proba[i, [want, other]] = proba[i, [other, want]]
        return proba

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label of each paragraph."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.array([], dtype=object)

    def explain(self, X: Any, top: int = 8) -> list[list[tuple[str, float]]]:
        """For each paragraph, the features that most pushed it to its predicted label:
        (feature, contribution to that label's score relative to the mean over labels)."""
        self._check_fitted()
        frame = _as_frame(X).reset_index(drop=True)
        if len(frame) == 0:
            return []
        p1, Xs = self._stage1_proba(frame)
        pred = self.predict_proba(frame).argmax(axis=1)
        names = self._feature_names()
        coef = self.stage1_.coef_
        cls1 = list(self.stage1_.classes_)
        out = []
        for i in range(len(frame)):
            c = cls1.index(self.classes_[pred[i]])
            row = Xs.getrow(i)
            contrib = []
            for j, v in zip(row.indices, row.data, strict=True):
                rel = coef[c, j] - coef[:, j].mean()
                contrib.append((names[j], float(v * rel)))
            if self.stage2_ is not None:
                C2 = self._context_matrix(frame.iloc[[max(i - 0, 0)]].reset_index(drop=True), p1[[i]])
                contrib.append(
                    (
                        "ctx:own+neighbours",
                        float(
                            np.dot(C2[0], self.stage2_.coef_[pred[i]]) - np.dot(C2[0], self.stage2_.coef_.mean(axis=0))
                        ),
                    )
                )
            contrib.sort(key=lambda t: -t[1])
            out.append(contrib[:top])
        return out

    def _feature_names(self) -> list[str]:
        names = [""] * len(self.vocabulary_)
        for k, i in self.vocabulary_.items():
            names[i] = k
        return names

    # ------------------------------------------------------------------ persistence
    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The fitted state as numeric arrays and a JSON-ready dict."""
        self._check_fitted()
        arrays = {
            "idf": self.idf_,
            "coef1": self.stage1_.coef_,
            "intercept1": self.stage1_.intercept_,
        }
        if self.stage2_ is not None:
            arrays["coef2"] = self.stage2_.coef_
            arrays["intercept2"] = self.stage2_.intercept_
        meta = {
            "format": FORMAT_VERSION,
            "params": self.get_params(),
            "classes": [str(c) for c in self.classes_],
            "classes1": [str(c) for c in self.stage1_.classes_],
            "classes2": [str(c) for c in self.stage2_.classes_] if self.stage2_ is not None else None,
            "vocabulary": self._feature_names(),
        }
        return arrays, meta

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> ParagraphRoleClassifier:
        """Rebuild a fitted model from :meth:`to_arrays` output."""
        model = cls(**meta["params"])
        model.classes_ = np.array(meta["classes"], dtype=object)
        vocab = meta["vocabulary"]
        model.vocabulary_ = {k: i for i, k in enumerate(vocab)}
        model.idf_ = arrays["idf"]
        s1 = LogisticRegression(C=model.C)
        s1.classes_ = np.array(meta["classes1"], dtype=object)
        s1.coef_ = arrays["coef1"]
        s1.intercept_ = arrays["intercept1"]
        s1.n_features_in_ = len(vocab)
        model.stage1_ = s1
        if meta.get("classes2") is not None:
            s2 = LogisticRegression(C=model.context_C)
            s2.classes_ = np.array(meta["classes2"], dtype=object)
            s2.coef_ = arrays["coef2"]
            s2.intercept_ = arrays["intercept2"]
            s2.n_features_in_ = arrays["coef2"].shape[1]
            model.stage2_ = s2
        else:
            model.stage2_ = None
        model.n_features_in_ = len(vocab)
        return model

    def save(self, path: str | Path, training: dict[str, Any] | None = None) -> Path:
        """Write ``model.npz`` (arrays) and ``model.json`` (vocabulary, metadata, sha256) to folder ``path``."""
        from ..io import write_bytes_atomic, write_text_atomic

        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        arrays, meta = self.to_arrays()
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            **{k: np.asarray(v, dtype=np.float32 if k != "idf" else np.float64) for k, v in arrays.items()},
        )
        data = buf.getvalue()
        meta["sha256"] = hashlib.sha256(data).hexdigest()
        meta["training"] = training or {}
        write_bytes_atomic(folder / "model.npz", data)
        write_text_atomic(folder / "model.json", json.dumps(meta, ensure_ascii=False))
        return folder


ALLOWED_ARRAYS = {"idf", "coef1", "intercept1", "coef2", "intercept2"}


def load_model(path: str | Path) -> ParagraphRoleClassifier:
    """Load a model folder written by :meth:`ParagraphRoleClassifier.save`.

    The arrays' sha256 must match the one recorded in ``model.json``; only numeric
    arrays with the expected names are accepted (no pickle). Otherwise raises
    :class:`~cchc_nlp.errors.ModelIntegrityError`.
    """
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    npz_path, json_path = folder / "model.npz", folder / "model.json"
    if not npz_path.is_file() or not json_path.is_file():
        raise ModelIntegrityError(
            folder,
            "không tìm thấy model.npz và model.json trong thư mục mô hình",
            "model folder lacks model.npz/model.json",
        )
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(json_path, f"model.json không hợp lệ: {exc}", "invalid model.json") from None
    data = npz_path.read_bytes()
    if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        raise ModelIntegrityError(
            npz_path,
            "mã kiểm tra sha256 của mô hình không khớp; tệp đã bị thay đổi",
            "model checksum mismatch",
        )
    if meta.get("format") != FORMAT_VERSION:
        raise ModelIntegrityError(
            json_path,
            "mô hình được huấn luyện bằng phiên bản khác của cchc-nlp; hãy huấn luyện lại (cchc train)",
            "model made by an incompatible version: retrain it",
        )
    if not (isinstance(meta.get("vocabulary"), list) and all(isinstance(v, str) for v in meta["vocabulary"])):
        raise ModelIntegrityError(json_path, "từ vựng của mô hình không hợp lệ", "invalid vocabulary")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            names = set(npz.files)
            if not names <= ALLOWED_ARRAYS:
                raise ModelIntegrityError(
                    npz_path,
                    f"mô hình chứa mảng không cho phép: {sorted(names - ALLOWED_ARRAYS)}",
                    "unexpected arrays in model",
                )
            arrays = {k: npz[k] for k in names}
    except ValueError as exc:
        raise ModelIntegrityError(
            npz_path, f"mô hình chứa kiểu dữ liệu không cho phép ({exc})", "disallowed data types in model"
        ) from None
    for k, a in arrays.items():
        if a.dtype.kind != "f":
            raise ModelIntegrityError(npz_path, f"mảng {k} không phải số thực", "non-numeric array")
        arrays[k] = a.astype(np.float64)
    params = meta.get("params", {})
    allowed = set(ParagraphRoleClassifier().get_params())
    if not isinstance(params, dict) or not set(params) <= allowed:
        raise ModelIntegrityError(json_path, "tham số mô hình không hợp lệ", "invalid model parameters")
    model = ParagraphRoleClassifier.from_arrays(arrays, meta)
    model.training_ = meta.get("training", {})
    return model
