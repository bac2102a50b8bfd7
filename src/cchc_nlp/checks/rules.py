"""The rules. Each is registered with its stable code, default severity, scope and
messages; its docstring is its documentation (``docs/rules.md`` is generated from them).
Rules reason over labels, sections and figures, not raw keywords."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..figures import has_target_comparison
from ..labels import heading_role
from .consistency import inconsistencies
from .context import CheckContext, is_sure
from .links import CAUSES
from .registry import rule

Out = Iterator[tuple[int | None, str, str, dict[str, Any]]]
_COMMEND_RE = re.compile(
    r"khen thưởng|bằng khen|giấy khen|biểu dương|cờ thi đua|danh hiệu|tôn vinh|tặng thưởng|"
    r"lao động tiên tiến|chiến sĩ thi đua",
    re.IGNORECASE,
)


@rule(
    "not-a-report",
    "info",
    "document",
    "Văn bản không phải là báo cáo ({doc_type}); bỏ qua kiểm tra nội dung báo cáo.",
    "The document is not a report ({doc_type}); report content checks were skipped.",
)
def not_a_report(doc: Document, ctx: CheckContext) -> Out:
    """The document is a plan, decision or letter, not a report: the content rules do not apply.

    Why: a consolidating office sometimes runs the check on the plan itself; it must say so,
    not invent missing results."""
    if not ctx.is_report:
        dt = doc.metadata.doc_type or "?"
        yield (
            None,
            f"Văn bản là {dt}, không phải báo cáo; bỏ qua kiểm tra nội dung báo cáo.",
            f"The document is a {dt}, not a report; report content checks were skipped.",
            {"doc_type": dt},
        )


@rule(
    "missing-achievements",
    "error",
    "document",
    "Báo cáo không nêu kết quả đạt được.",
    "The report states no result.",
)
def missing_achievements(doc: Document, ctx: CheckContext) -> Out:
    """No paragraph reports a result, a piece of work done or a strength.

    Why: the plan asks every unit to review the period's results first."""
    if ctx.is_report and not ctx.has("achievement"):
        yield (None, "", "", {})


@rule(
    "missing-shortcomings",
    "error",
    "document",
    "Báo cáo không nêu tồn tại, hạn chế nào.",
    "The report names no shortcoming.",
)
def missing_shortcomings(doc: Document, ctx: CheckContext) -> Out:
    """No shortcoming, weakness or unmet target is named.

    Why: the plan asks for strengths *and* shortcomings, without avoiding difficulties."""
    if ctx.is_report and not ctx.has("shortcoming"):
        yield (None, "", "", {})


@rule(
    "missing-causes",
    "error",
    "document",
    "Báo cáo nêu hạn chế nhưng không phân tích nguyên nhân.",
    "Shortcomings are named but no cause is analysed.",
)
def missing_causes(doc: Document, ctx: CheckContext) -> Out:
    """Shortcomings are named but no cause of them, objective or subjective, is given.

    Why: the plan asks for the objective and subjective causes (mechanism, organisation,
    people) of every shortcoming. A cause counts when some paragraph is read as one with
    confidence at least the profile's ``cause_min_confidence``: when the causes are left
    out, the shortcoming written last before the solutions is sometimes read as a cause,
    but never surely."""
    if ctx.is_report and ctx.has("shortcoming") and not _sure_cause(ctx):
        yield (None, "", "", {})


def _sure_cause(ctx: CheckContext, labels: tuple[str, ...] = CAUSES) -> bool:
    return ctx.has_sure(labels, ctx.profile.cause_min_confidence)


@rule(
    "missing-objective-cause",
    "error",
    "document",
    "Báo cáo chưa phân tích nguyên nhân khách quan của hạn chế.",
    "No objective cause of the shortcomings is given.",
)
def missing_objective_cause(doc: Document, ctx: CheckContext) -> Out:
    """Causes are given, but none lies outside the reporting body (law, higher levels,
    resources, circumstances).

    Not reported when there is no cause at all (``missing-causes`` says that)."""
    if (
        ctx.is_report
        and ctx.has("shortcoming")
        and _sure_cause(ctx)
        and ctx.has("cause_subjective")
        and not ctx.has("cause_objective")
    ):
        yield (None, "", "", {})


@rule(
    "missing-subjective-cause",
    "error",
    "document",
    "Báo cáo chưa phân tích nguyên nhân chủ quan của hạn chế.",
    "No subjective cause of the shortcomings is given.",
)
def missing_subjective_cause(doc: Document, ctx: CheckContext) -> Out:
    """Causes are given, but none lies inside the reporting body (its leaders' attention,
    its staff, its own coordination). The commonest omission in practice. A subjective cause
    counts when some paragraph is read as one with confidence at least the profile's
    ``cause_min_confidence``.

    Not reported when there is no cause at all (``missing-causes`` says that)."""
    if (
        ctx.is_report
        and ctx.has("shortcoming")
        and (ctx.has("cause_objective") or ctx.has("cause_subjective"))
        and not _sure_cause(ctx, ("cause_subjective",))
    ):
        yield (None, "", "", {})


@rule(
    "missing-solutions",
    "error",
    "document",
    "Báo cáo không đề ra nhiệm vụ, giải pháp cho thời gian tới.",
    "No solution or task for the coming period.",
)
def missing_solutions(doc: Document, ctx: CheckContext) -> Out:
    """No task, solution, direction or target for the coming period."""
    if ctx.is_report and not ctx.has("solution"):
        yield (None, "", "", {})


@rule(
    "missing-lessons", "error", "document", "Báo cáo không rút ra bài học kinh nghiệm.", "No lesson learned."
)
def missing_lessons(doc: Document, ctx: CheckContext) -> Out:
    """No lesson learned is drawn from the period."""
    if ctx.is_report and not ctx.has("lesson"):
        yield (None, "", "", {})


@rule(
    "missing-commendation",
    "error",
    "document",
    "Báo cáo không đề xuất khen thưởng, biểu dương tập thể, cá nhân.",
    "No proposal to commend collectives or individuals.",
)
def missing_commendation(doc: Document, ctx: CheckContext) -> Out:
    """No proposal to commend collectives or individuals: a recommendation (or a paragraph under
    a commendation heading) that proposes khen thưởng, biểu dương, Bằng khen …

    Why: the five-year review plan asks units to propose people to commend."""
    if not ctx.is_report:
        return
    for p in ctx.content("recommendation") + ctx.content("other") + ctx.content("solution"):
        under = any(_COMMEND_RE.search(h) for h in p.section[-2:])
        if _COMMEND_RE.search(p.text) and (p.label == "recommendation" or under):
            return
    yield (None, "", "", {})


def _vi_number(x: float) -> str:
    """1234.5 → ``1.234,5`` (Vietnamese number format)."""
    whole = f"{x:,.1f}" if x != int(x) else f"{int(x):,}"
    return whole.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def _result_paragraphs(ctx: CheckContext) -> list[Any]:
    """The paragraphs that report results. When the body opens with a results (or situation)
    heading, the preamble before it (legal basis, the unit's staff and duties) is not counted:
    its figures describe the unit, not what it achieved."""
    results = ctx.content("achievement")
    first = next((p for p in ctx.doc.paragraphs if p.heading and p.zone == "body"), None)
    if first is not None and heading_role(first.text) in ("achievement", "other"):
        results = [p for p in results if p.index > first.index]
    return results


@rule(
    "no-figures",
    "error",
    "document",
    "Kết quả không có số liệu định lượng nào.",
    "The results carry no quantitative figure.",
)
def no_figures(doc: Document, ctx: CheckContext) -> Out:
    """The paragraphs reporting results carry fewer figures than the profile's ``min_figures``
    (default 1): results are claimed without numbers. When the body opens with a results
    heading, the preamble above it is not a result."""
    if not ctx.is_report or not ctx.has("achievement"):
        return
    n = sum(len(p.figures) for p in _result_paragraphs(ctx))
    if n < ctx.profile.min_figures:
        yield (
            None,
            f"Kết quả chỉ có {n} số liệu định lượng (yêu cầu tối thiểu {ctx.profile.min_figures}).",
            f"The results carry {n} figure(s); the profile asks for {ctx.profile.min_figures}.",
            {"figures": n},
        )


@rule(
    "missing-target-comparison",
    "error",
    "document",
    "Không có kết quả nào được so sánh với chỉ tiêu, kế hoạch hoặc kỳ trước.",
    "No result is compared with a target, plan or earlier period.",
)
def missing_target_comparison(doc: Document, ctx: CheckContext) -> Out:
    """The results have figures, but none is compared with a target, a plan or an earlier
    period (``đạt 105% kế hoạch``, ``so với cùng kỳ``, ``vượt chỉ tiêu``).

    Not reported when the results have no figure (``no-figures`` says that)."""
    if not ctx.is_report:
        return
    results = _result_paragraphs(ctx)
    if sum(len(p.figures) for p in results) < max(ctx.profile.min_figures, 1):
        return
    for p in results:
        if any(f.compared_with for f in p.figures) or has_target_comparison(p.text):
            return
    yield (None, "", "", {})


@rule(
    "vague-achievement",
    "info",
    "paragraph",
    "Kết quả được nêu chung chung, không có số liệu.",
    "A result claimed without any figure.",
)
def vague_achievement(doc: Document, ctx: CheckContext) -> Out:
    """A result paragraph of at least ``vague_min_words`` words (default 15) with no figure."""
    if not ctx.is_report:
        return
    for p in ctx.content("achievement"):
        if p.kind != "table_row" and not p.figures and len(p.text.split()) >= ctx.profile.vague_min_words:
            yield (p.index, "", "", {})


@rule(
    "unaddressed-shortcoming",
    "warning",
    "paragraph",
    "Hạn chế này chưa có giải pháp tương ứng trong phần nhiệm vụ, giải pháp.",
    "No solution addresses this shortcoming.",
)
def unaddressed_shortcoming(doc: Document, ctx: CheckContext) -> Out:
    """A shortcoming that no solution addresses. A solution addresses a shortcoming when their
    content similarity reaches the profile's ``link_threshold`` and at least ``link_share`` of
    the solution's similarity to the shortcoming it is most about (both calibrated on the
    corpus): a solution written for another shortcoming does not count because it shares
    the report's common words.

    Why: the plan asks for solutions that target the shortcomings named.
    Not reported when the report has no solution at all (``missing-solutions`` says that),
    for a paragraph read as a shortcoming with confidence below the profile's
    ``link_min_confidence`` (the warning names a paragraph: it should be one that surely
    states a shortcoming), or for a lead-in line ending with a colon ("Cụ thể như sau:")."""
    if not ctx.is_report or not ctx.has("solution"):
        return
    floor = ctx.profile.link_min_confidence
    for idx, score in ctx.best_solution_score.items():
        p = doc.paragraphs[idx]
        if not is_sure(p, floor) or p.text.rstrip().endswith(":"):
            continue
        if not ctx.addressed(idx):
            yield (idx, "", "", {"best_score": round(score, 3)})


@rule("figure-mismatch", "error", "paragraph", "Số liệu mâu thuẫn nhau.", "Figures contradict each other.")
def figure_mismatch(doc: Document, ctx: CheckContext) -> Out:
    """Figures of one paragraph contradict each other: a ratio and its percentage
    (``15/20 đơn vị (80%)`` is right, ``12/15 đơn vị, đạt 85%`` is not), parts and their stated
    total, or ``tăng X%`` against the two values given."""
    for p in doc.paragraphs:
        if p.zone not in ("body", "footnote"):
            continue
        for m in inconsistencies(p.text):
            if m["kind"] == "total":
                vi = f"Tổng các thành phần ({_vi_number(m['expected'])}) khác tổng số nêu ({m['stated']})."
                en = f"The parts add up to {m['expected']:,.0f}, not the stated total {m['stated']}."
            else:
                vi = (
                    f"Số liệu mâu thuẫn: {m['text'].strip()} tương ứng {_vi_number(m['expected'])}%, "
                    f"nhưng báo cáo ghi {m['stated']}."
                )
                en = (f"Contradicting figures: {m['text'].strip()} gives {m['expected']:g}%, "
                      f"the report states {m['stated']}.")
            yield (p.index, vi, en, m)


@rule(
    "late-submission",
    "error",
    "document",
    "Báo cáo được ban hành sau thời hạn của hồ sơ kiểm tra.",
    "Dated after the profile's deadline.",
)
def late_submission(doc: Document, ctx: CheckContext) -> Out:
    """The report's date (from its header) is after the deadline set in the profile."""
    if not ctx.is_report or not doc.metadata.date:
        return
    d = _dt.date.fromisoformat(doc.metadata.date)
    deadline = ctx.profile.deadline_for(d)
    if deadline and d > deadline:
        late = (d - deadline).days
        yield (
            None,
            f"Báo cáo ngày {d:%d/%m/%Y}, sau thời hạn {deadline:%d/%m/%Y} ({late} ngày).",
            f"Dated {d.isoformat()}, {late} day(s) after the deadline {deadline.isoformat()}.",
            {"date": d.isoformat(), "deadline": deadline.isoformat()},
        )
