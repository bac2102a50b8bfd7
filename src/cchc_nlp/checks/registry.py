"""The rule registry: every rule is a function registered under a stable code, with a
default severity, a scope, a Vietnamese and an English message and a documentation text.
The command line, ``docs/rules.md`` and the profile validator all read this one list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..document import Document
    from .context import CheckContext

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass
class Finding:
    """One problem found in a report.

    Attributes:
        code: the rule's stable code (``missing-subjective-cause``).
        severity: ``error``, ``warning`` or ``info`` (as the profile sets it).
        message: the Vietnamese message; ``message_en`` the English one.
        paragraph: the paragraph index, or ``None`` for the whole document.
        detail: extra data (figures compared, linked paragraphs …).
    """

    code: str
    severity: str
    message: str
    paragraph: int | None = None
    message_en: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """SPEC's finding object."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "paragraph": self.paragraph,
        }


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    code: str
    severity: str
    scope: Literal["document", "paragraph"]
    message: str
    message_en: str
    func: Callable[[Document, CheckContext], Iterator[tuple[int | None, str, str, dict[str, Any]]]]
    doc: str

    def run(self, doc: Document, ctx: CheckContext, severity: str) -> list[Finding]:
        """Findings of this rule at ``severity``."""
        out = []
        for para, vi, en, detail in self.func(doc, ctx):
            out.append(Finding(self.code, severity, vi or self.message, para, en or self.message_en, detail))
        return out


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, scope: Literal["document", "paragraph"], message: str, message_en: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule function under ``code``. The function yields
    ``(paragraph_index_or_None, message_vi_or_'', message_en_or_'', detail)``."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, severity, scope, message, message_en, func, (func.__doc__ or "").strip())
        return func

    return deco
