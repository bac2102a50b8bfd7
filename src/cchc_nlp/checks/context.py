"""What every rule may read: the profile, the labelled document's summaries and links."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..document import Document, Paragraph
from .links import Link, shortcoming_links
from .profile import Profile

REPORT_TYPES = ("BÁO CÁO",)


def is_sure(p: Paragraph, floor: float) -> bool:
    """Whether ``p`` is read as its label with confidence at least ``floor``; a label set by
    hand (no confidence) is sure."""
    return p.confidence is None or p.confidence >= floor


@dataclass
class CheckContext:
    """A labelled document seen through one profile."""

    doc: Document
    profile: Profile

    def content(self, label: str, headings: bool = False) -> list[Paragraph]:
        """Body/footnote paragraphs labelled ``label`` (headings excluded unless asked)."""
        return [
            p
            for p in self.doc.paragraphs
            if p.label == label and p.zone in ("body", "footnote") and (headings or not p.heading)
        ]

    def has(self, label: str) -> bool:
        """Whether the report has content (not only a heading) labelled ``label``."""
        return bool(self.content(label))

    def has_sure(self, labels: tuple[str, ...], floor: float) -> bool:
        """Whether some content paragraph is read as one of ``labels`` with confidence at least
        ``floor`` (see :func:`is_sure`)."""
        return any(is_sure(p, floor) for lb in labels for p in self.content(lb))

    @property
    def is_report(self) -> bool:
        """False for a plan, decision, letter …: content rules do not apply to it."""
        dt = self.doc.metadata.doc_type
        return dt is None or dt in REPORT_TYPES

    @cached_property
    def _links(self) -> tuple[dict[int, float], list[Link]]:
        return shortcoming_links(self.doc)

    @property
    def best_solution_score(self) -> dict[int, float]:
        """For each shortcoming paragraph, its best similarity to any solution."""
        return self._links[0]

    @cached_property
    def links(self) -> list[Link]:
        """Shortcoming → solution links that address it (at most 3 per shortcoming, strongest
        first) and its best addressing cause, by the profile's ``link_threshold`` and ``link_share``."""
        out: list[Link] = []
        taken: dict[tuple[int, str], int] = {}
        for lk in self._links[1]:
            key = (lk.shortcoming, lk.kind)
            if taken.get(key, 0) < (3 if lk.kind == "solution" else 1) and lk.addresses(
                self.profile.link_threshold, self.profile.link_share
            ):
                taken[key] = taken.get(key, 0) + 1
                out.append(lk)
        return out

    @cached_property
    def _addressed(self) -> frozenset[int]:
        return frozenset(lk.shortcoming for lk in self.links if lk.kind == "solution")

    def addressed(self, shortcoming: int) -> bool:
        """Whether some solution addresses shortcoming paragraph ``shortcoming``."""
        return shortcoming in self._addressed
