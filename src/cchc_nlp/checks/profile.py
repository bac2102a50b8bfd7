"""Check profiles: which rules apply, at what severity, with which deadline and limits.

Profiles are YAML files shipped in ``cchc_nlp/profiles`` (``so-ket-2021-2025``,
``bao-cao-nam``) or given by path. They are parsed once into a :class:`Profile`;
unknown keys, codes or bad values are refused with a :class:`~cchc_nlp.errors.ProfileError`
naming them. Defaults can come from ``[tool.cchc]`` in ``pyproject.toml`` or from a
``cchc.toml`` in the working folder (keys ``profile``, ``select``, ``ignore``,
``severity``, ``fail-on``), as ruff reads its settings.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ProfileError
from .registry import RULES, SEVERITIES

DEFAULT_PROFILE = "so-ket-2021-2025"
_KEYS = {
    "name",
    "title",
    "description",
    "extends",
    "deadline",
    "deadline_month_day",
    "min_figures",
    "link_threshold",
    "link_share",
    "link_min_confidence",
    "cause_min_confidence",
    "vague_min_words",
    "rules",
    "select",
    "ignore",
    "outline",
    "report_types",
}


@dataclass
class Profile:
    """A parsed check profile."""

    name: str
    title: str = ""
    description: str = ""
    deadline: _dt.date | None = None
    deadline_month_day: tuple[int, int] | None = None
    min_figures: int = 1
    link_threshold: float = 0.02
    link_share: float = 0.4
    link_min_confidence: float = 0.95
    cause_min_confidence: float = 0.92
    vague_min_words: int = 15
    severities: dict[str, str] = field(default_factory=dict)  # code -> severity or "off"
    outline: list[str] = field(default_factory=list)
    source: str = ""

    def severity(self, code: str) -> str | None:
        """The severity of ``code`` in this profile, or ``None`` if the rule is off."""
        sev = self.severities.get(code, RULES[code].severity)
        return None if sev == "off" else sev

    def active_codes(self) -> list[str]:
        """Codes of the rules this profile runs."""
        return [c for c in RULES if self.severity(c) is not None]

    def deadline_for(self, report_date: _dt.date) -> _dt.date | None:
        """The deadline that applies to a report dated ``report_date``."""
        if self.deadline is not None:
            return self.deadline
        if self.deadline_month_day is not None:
            m, d = self.deadline_month_day
            return _dt.date(report_date.year, m, d)
        return None

    def with_overrides(
        self,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        severity: dict[str, str] | None = None,
    ) -> Profile:
        """A copy with ``select`` (only these codes), ``ignore`` and severity overrides applied."""
        import copy

        prof = copy.deepcopy(self)
        for code in [*(select or []), *(ignore or []), *(severity or {})]:
            _check_code(code, "command line")
        if severity:
            for code, sev in severity.items():
                if sev not in (*SEVERITIES, "off"):
                    raise ProfileError(None, f"mức độ '{sev}' của {code} không hợp lệ", "invalid severity")
                prof.severities[code] = sev
        if select:
            for code in RULES:
                if code not in select:
                    prof.severities[code] = "off"
        for code in ignore or []:
            prof.severities[code] = "off"
        return prof


def _check_code(code: str, where: str) -> None:
    if code not in RULES:
        raise ProfileError(where, f"mã quy tắc không tồn tại: '{code}'", f"unknown rule code '{code}'")


def builtin_profiles() -> list[str]:
    """Names of the profiles shipped in the package."""
    return list(_builtin_names())


@functools.lru_cache(maxsize=1)
def _builtin_names() -> tuple[str, ...]:
    folder = resources.files("cchc_nlp") / "profiles"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def _read_yaml(name_or_path: str | Path) -> tuple[dict[str, Any], str]:
    text_path = str(name_or_path)
    builtin = resources.files("cchc_nlp") / "profiles" / f"{text_path}.yaml"
    if not text_path.endswith((".yaml", ".yml")) and "/" not in text_path and builtin.is_file():
        return _parse_yaml(builtin.read_text(encoding="utf-8"), f"profile {text_path}"), text_path
    path = Path(text_path)
    if not path.suffix and not path.exists():
        raise ProfileError(
            text_path,
            f"không có hồ sơ kiểm tra tên này; các hồ sơ có sẵn: {', '.join(builtin_profiles())}",
            "unknown profile name",
        )
    if not path.is_file():
        raise ProfileError(path, "không tìm thấy tệp hồ sơ kiểm tra", "profile file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(path, f"không đọc được tệp hồ sơ: {exc}", "cannot read profile") from None
    return _parse_yaml(text, str(path)), str(path)


def _parse_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f" (dòng {mark.line + 1})" if mark else ""
        raise ProfileError(where, f"tệp hồ sơ không phải YAML hợp lệ{pos}", "not valid YAML") from None
    if not isinstance(data, dict):
        raise ProfileError(
            where, "tệp hồ sơ phải là một bảng khóa: giá trị (YAML mapping)", "profile must be a mapping"
        )
    return data


def _to_date(value: Any, where: str, key: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ProfileError(
            where, f"'{key}' phải là ngày dạng YYYY-MM-DD, nhận được '{value}'", f"bad {key}"
        ) from None


def profile_from_dict(data: dict[str, Any], where: str, base: Profile | None = None) -> Profile:
    """Validate a profile mapping (optionally on top of ``base``)."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ProfileError(
            where, f"khóa không hợp lệ: {', '.join(unknown)}", f"unknown key(s): {', '.join(unknown)}"
        )
    import copy

    prof = copy.deepcopy(base) if base else Profile(name=str(data.get("name", where)))
    prof.source = where
    for key in ("name", "title", "description"):
        if key in data:
            setattr(prof, key, str(data[key]))
    if "deadline" in data:
        prof.deadline = (
            None if data["deadline"] in (None, "none") else _to_date(data["deadline"], where, "deadline")
        )
    if "deadline_month_day" in data:
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(data["deadline_month_day"]))
        if not m:
            raise ProfileError(where, "'deadline_month_day' phải có dạng MM-DD", "bad deadline_month_day")
        prof.deadline_month_day = (int(m.group(1)), int(m.group(2)))
    for key, typ, lo, hi in (
        ("min_figures", int, 0, 10_000),
        ("vague_min_words", int, 1, 10_000),
        ("link_threshold", float, 0.0, 1.0),
        ("link_share", float, 0.0, 1.0),
        ("link_min_confidence", float, 0.0, 1.0),
        ("cause_min_confidence", float, 0.0, 1.0),
    ):
        if key in data:
            v = data[key]
            if isinstance(v, bool) or not isinstance(v, int | float) or not (lo <= v <= hi):
                raise ProfileError(
                    where, f"'{key}' phải là số trong khoảng {lo}-{hi}, nhận được '{v}'", f"bad {key}"
                )
            setattr(prof, key, typ(v))
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise ProfileError(where, "'rules' phải là bảng mã: mức độ", "'rules' must be a mapping")
    for code, sev in rules.items():
        _check_code(str(code), where)
        if sev not in (*SEVERITIES, "off"):
            raise ProfileError(
                where,
                f"mức độ '{sev}' của {code} không hợp lệ (error|warning|info|off)",
                f"invalid severity for {code}",
            )
        prof.severities[str(code)] = str(sev)
    for key in ("select", "ignore"):
        vals = data.get(key)
        if vals is None:
            continue
        if not isinstance(vals, list):
            raise ProfileError(where, f"'{key}' phải là danh sách mã", f"'{key}' must be a list")
        for code in vals:
            _check_code(str(code), where)
    if data.get("select"):
        for code in RULES:
            if code not in data["select"]:
                prof.severities[code] = "off"
    for code in data.get("ignore") or []:
        prof.severities[str(code)] = "off"
    if "outline" in data:
        if not isinstance(data["outline"], list):
            raise ProfileError(where, "'outline' phải là danh sách", "'outline' must be a list")
        prof.outline = [str(x) for x in data["outline"]]
    return prof


def load_profile(name_or_path: str | Path | Profile | None = None) -> Profile:
    """A built-in profile by name, a YAML file by path, or the configured default."""
    if isinstance(name_or_path, Profile):
        return name_or_path
    if name_or_path is None:
        name_or_path = project_settings().get("profile", DEFAULT_PROFILE)
    text = str(name_or_path)
    if text in builtin_profiles():
        import copy

        return copy.deepcopy(_builtin(text))
    return _load_uncached(name_or_path)


@functools.lru_cache(maxsize=16)
def _builtin(name: str) -> Profile:
    """A shipped profile, parsed once per process."""
    return _load_uncached(name)


def _load_uncached(name_or_path: str | Path) -> Profile:
    data, where = _read_yaml(name_or_path)
    base = None
    if "extends" in data:
        base = load_profile(str(data["extends"]))
    return profile_from_dict(data, where, base)


def project_settings(folder: str | Path | None = None) -> dict[str, Any]:
    """``[tool.cchc]`` of ``pyproject.toml`` or the contents of ``cchc.toml`` in ``folder``
    (default: the working folder); ``cchc.toml`` wins when both exist."""
    folder = Path(folder or Path.cwd())
    for name, table in (("cchc.toml", None), ("pyproject.toml", ("tool", "cchc"))):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ProfileError(path, f"tệp cấu hình TOML không hợp lệ: {exc}", "invalid TOML") from None
        if table:
            for part in table:
                data = data.get(part, {}) if isinstance(data, dict) else {}
            if not data:
                continue
        allowed = {"profile", "select", "ignore", "severity", "fail-on", "format"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ProfileError(path, f"khóa cấu hình không hợp lệ: {', '.join(unknown)}", "unknown setting")
        return dict(data)
    return {}
