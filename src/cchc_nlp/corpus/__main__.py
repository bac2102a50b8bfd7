"""``python -m cchc_nlp.corpus build|stats [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "stats"):
        print("usage: python -m cchc_nlp.corpus build|stats [CORPUS_DIR]", file=sys.stderr)
        return 2
    root = Path(argv[1]) if len(argv) > 1 else Path("corpora")
    if argv[0] == "build":
        from .build import build_all

        metas, errors = build_all(root / "src", root / "reports")
        for e in errors:
            print(e, file=sys.stderr)
        print(f"built {len(metas)} reports, {len(errors)} errors")
        return 1 if errors else 0
    from .stats import compute, format_stats

    s = compute(root)
    print(format_stats(s))
    return 0 if all(s["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
