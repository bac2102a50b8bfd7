"""Quality checks before consolidation: rules with stable codes, profiles, findings."""

from __future__ import annotations

from ..document import Document
from . import rules as _rules  # noqa: F401  (registers the rules)
from .context import CheckContext
from .profile import DEFAULT_PROFILE, Profile, builtin_profiles, load_profile, project_settings
from .registry import RULES, Finding, Rule
from .report import Report

__all__ = [
    "DEFAULT_PROFILE",
    "RULES",
    "CheckContext",
    "Finding",
    "Profile",
    "Report",
    "Rule",
    "builtin_profiles",
    "check",
    "load_profile",
    "project_settings",
]


def check(doc: Document, profile: Profile | str | None = None) -> Report:
    """Run the profile's rules over a labelled document and return a :class:`Report`."""
    prof = load_profile(profile)
    ctx = CheckContext(doc, prof)
    findings: list[Finding] = []
    for code, r in RULES.items():
        sev = prof.severity(code)
        if sev is None:
            continue
        findings.extend(r.run(doc, ctx, sev))
    findings.sort(key=lambda f: (f.paragraph is not None, f.paragraph or 0, f.code))
    if not ctx.is_report:
        return Report(document=doc, findings=findings, profile=prof)
    return Report(
        document=doc,
        findings=findings,
        profile=prof,
        links=ctx.links,
        best_solution_score=ctx.best_solution_score,
    )
