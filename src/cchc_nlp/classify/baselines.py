"""Two rule baselines the classifier is measured against (both scikit-learn estimators).

- :class:`HeadingRuleBaseline`: a paragraph takes the role its section heading announces.
- :class:`KeywordRuleBaseline`: ordered keyword rules on the paragraph's own text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ..labels import LABELS, heading_role, section_role
from .model import _as_frame

KEYWORD_RULES: tuple[tuple[str, str], ...] = (
    ("cause_subjective", r"chủ quan"),
    ("cause_objective", r"khách quan|nguyên nhân|do "),
    ("lesson", r"bài học|kinh nghiệm"),
    ("recommendation", r"đề nghị|kiến nghị|đề xuất|khen thưởng"),
    ("solution", r"tiếp tục|đẩy mạnh|tăng cường|phấn đấu|thời gian tới|năm 2026|giai đoạn 2026"),
    ("shortcoming", r"hạn chế|tồn tại|chưa|còn |khó khăn|vướng mắc"),
    ("other", r"^thực hiện|^căn cứ|trên đây|kính gửi|^số:|cộng hòa"),
)
_RULES = tuple((lb, re.compile(p)) for lb, p in KEYWORD_RULES)


class _Base(ClassifierMixin, BaseEstimator):
    def fit(self, X: Any, y: Any) -> _Base:
        counts = Counter(np.asarray(y, dtype=object).tolist())
        self.classes_ = np.array([lb for lb in LABELS if lb in counts], dtype=object)
        self.majority_ = counts.most_common(1)[0][0]
        return self

    def predict(self, X: Any) -> np.ndarray:
        frame = _as_frame(X)
        return np.array([self._one(r) for r in frame.to_dict("records")], dtype=object)


class HeadingRuleBaseline(_Base):
    """Each paragraph takes the role announced by the nearest heading above it (or by itself,
    for a heading); header and signature blocks are ``other``; no heading: the majority label."""

    def _one(self, row: dict[str, Any]) -> str:
        if row.get("zone") in ("header", "signature"):
            return "other"
        role = heading_role(row["text"]) if row.get("heading") else None
        role = role or section_role(list(row.get("section") or ()))
        if role == "cause":
            role = "cause_objective"
        return role or self.majority_


class KeywordRuleBaseline(_Base):
    """The first matching keyword rule decides; no match: the majority label."""

    def _one(self, row: dict[str, Any]) -> str:
        if row.get("zone") in ("header", "signature"):
            return "other"
        t = str(row["text"]).lower()
        for lb, rx in _RULES:
            if rx.search(t):
                return lb
        return self.majority_
