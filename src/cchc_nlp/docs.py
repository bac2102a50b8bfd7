"""Documentation generated from the code: ``docs/rules.md`` from the rule registry."""

from __future__ import annotations

from .checks import RULES, builtin_profiles, load_profile


def rules_markdown() -> str:
    """The rules page: one section per code, with severity per built-in profile."""
    profiles = [load_profile(n) for n in builtin_profiles()]
    lines = [
        "# Check rules",
        "",
        "Generated from the rule registry by `cchc rules --format markdown` — do not edit by hand.",
        "Codes are stable: new ones may be added, none is renamed.",
        "",
        "| code | scope | default | " + " | ".join(p.name for p in profiles) + " |",
        "|---|---|---|" + "---|" * len(profiles),
    ]
    for code, r in RULES.items():
        sev = " | ".join(p.severity(code) or "off" for p in profiles)
        lines.append(f"| [`{code}`](#{code}) | {r.scope} | {r.severity} | {sev} |")
    for code, r in RULES.items():
        lines += [
            "",
            f"## {code}",
            "",
            f"*{r.scope}, default severity {r.severity}*",
            "",
            f"- Thông báo: {r.message}",
            f"- Message: {r.message_en}",
            "",
            r.doc,
        ]
    return "\n".join(lines) + "\n"
