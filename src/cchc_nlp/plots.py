"""Plots of a batch (:class:`cchc_nlp.batch.BatchResult`) for notebooks and reports.

Every function takes the batch result, or the DataFrames it holds, and returns a
:class:`matplotlib.figure.Figure` built without pyplot (no global state; save it with
``fig.savefig("x.png")`` or show it in Jupyter). matplotlib is imported only when a plot
is asked for.

* :func:`label_coverage`: for each unit and year, the share of submissions that contain
  each kind of paragraph (a heatmap: what is chronically missing, and where).
* :func:`finding_share_over_time`: for each finding code, the share of submissions with
  that finding, per year.
* :func:`figure_over_time`: the values of one figure (chosen by a text and unit pattern)
  across the reports of each unit, by report date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .labels import LABEL_NAMES_VI, LABELS

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["figure_over_time", "finding_share_over_time", "label_coverage"]


def _table(data: Any, name: str, given: pd.DataFrame | None) -> pd.DataFrame:
    """``given`` if passed, else the table ``name`` of a BatchResult, else ``data`` itself if it is a DataFrame."""
    import pandas as pd

    if given is not None:
        return given
    if hasattr(data, "table"):
        return data.table(name)
    if isinstance(data, pd.DataFrame):
        return data
    raise TypeError(f"{name}: expected a BatchResult or a DataFrame, got {type(data).__name__}")


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _no_data(fig: Figure, title: str, note: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes, fontsize=11)
    return fig


def _unit_column(documents: pd.DataFrame, unit: str) -> pd.Series:
    col = documents[unit] if unit in documents.columns else documents["path"]
    fallback = documents["path"].map(lambda p: str(p).rsplit("/", 1)[-1])
    return col.astype("object").where(col.notna(), fallback).astype(str)


def label_coverage(
    data: Any,
    *,
    labels: Iterable[str] = LABELS,
    unit: str = "office",
    period: str = "year",
    max_rows: int = 60,
) -> Figure:
    """Heatmap: for each ``unit`` and ``period`` (rows) the share of its submissions having
    at least one paragraph of each label (columns).

    ``data`` is a BatchResult or its ``documents`` DataFrame (``n_<label>`` columns). A
    cell at 0 is an analysis that unit never gave that year. At most ``max_rows`` rows
    (the units with most submissions first).
    """
    docs = _table(data, "documents", None)
    labels = [lab for lab in labels if f"n_{lab}" in docs.columns]
    title = "Độ phủ nhãn theo đơn vị và năm (label coverage per unit and year)"
    fig = _new_figure(1.1 * max(len(labels), 4) + 4, 3)
    if docs.empty or not labels:
        return _no_data(fig, title, "Không có dữ liệu (no data)")
    frame = docs.assign(
        _unit=_unit_column(docs, unit),
        _period=docs[period].astype("object").where(docs[period].notna(), "?").astype(str)
        if period in docs.columns
        else "?",
    )
    present = frame[[f"n_{lab}" for lab in labels]].fillna(0).gt(0).astype(float)
    present.columns = list(labels)
    present["_unit"] = frame["_unit"]
    present["_period"] = frame["_period"]
    grouped = present.groupby(["_unit", "_period"], sort=True)
    share = grouped[list(labels)].mean()
    sizes = grouped.size()
    if len(share) > max_rows:
        top_units = frame["_unit"].value_counts().index[: max(1, max_rows // 3)]
        share = share[share.index.get_level_values(0).isin(top_units)].iloc[:max_rows]
        sizes = sizes.loc[share.index]
    fig.set_figheight(0.32 * len(share) + 2.2)
    ax = fig.add_subplot()
    im = ax.imshow(share.to_numpy(dtype=float), aspect="auto", cmap="YlGn", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(len(labels)), [LABEL_NAMES_VI.get(lab, lab) for lab in labels], rotation=35, ha="right")
    ax.set_yticks(
        range(len(share)), [f"{u[:40]} · {p} (n={int(n)})" for (u, p), n in zip(share.index, sizes, strict=True)]
    )
    values = share.to_numpy(dtype=float)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white" if v > 0.6 else "black")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="tỷ lệ báo cáo có nhãn (share of submissions)")
    return fig


def finding_share_over_time(
    data: Any,
    *,
    findings: pd.DataFrame | None = None,
    codes: Iterable[str] | None = None,
    severities: Iterable[str] = ("error", "warning", "info"),
    period: str = "year",
    top: int = 8,
) -> Figure:
    """Lines: for each finding code, the share of submissions of each ``period`` that carry it.

    ``data`` is a BatchResult, or the ``documents`` DataFrame with ``findings`` passed.
    Without ``codes`` the ``top`` most frequent codes of the given ``severities`` are drawn.
    """
    docs = _table(data, "documents", None)
    finds = _table(data, "findings", findings)
    title = "Tỷ lệ báo cáo có từng phát hiện theo thời gian (share of submissions with each finding)"
    fig = _new_figure(9, 4.8)
    if docs.empty or period not in docs.columns:
        return _no_data(fig, title, "Không có dữ liệu (no data)")
    per = docs[["path", period]].dropna()
    if per.empty:
        return _no_data(fig, title, "Không có báo cáo nào có ngày (no dated submission)")
    per = per.assign(**{period: per[period].astype(int)})
    totals = per.groupby(period)["path"].nunique()
    sev = set(severities)
    f = finds[finds["severity"].isin(sev)] if not finds.empty else finds
    if codes is None:
        codes = list(f["code"].value_counts().index[:top]) if not f.empty else []
    codes = list(codes)
    if not codes:
        return _no_data(fig, title, "Không có phát hiện nào (no findings)")
    hits = f[f["code"].isin(codes)][["path", "code"]].drop_duplicates().merge(per, on="path")
    counts = hits.groupby(["code", period])["path"].nunique().unstack(period).reindex(index=codes, columns=totals.index)
    share = counts.fillna(0).astype(float).div(totals.astype(float), axis=1)
    ax = fig.add_subplot()
    xs = [int(x) for x in share.columns]
    for code in codes:
        ax.plot(xs, share.loc[code].to_numpy(dtype=float), marker="o", label=code)
    ax.set_xticks(xs, [f"{x}\n(n={int(totals[x])})" for x in xs])
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.set_xlabel("năm (year)")
    ax.set_ylabel("tỷ lệ báo cáo (share of submissions)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(title, fontsize=10)
    return fig


def _percent_formatter() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0)


def figure_over_time(
    data: Any,
    text: str,
    *,
    unit: str | None = None,
    kind: str | None = None,
    by: str = "office",
    figures: pd.DataFrame | None = None,
    paragraphs: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> Figure:
    """Lines: the values of the figures whose text or paragraph matches ``text`` (a regular
    expression, case-insensitive), one line per ``by`` (unit), by report date.

    ``unit`` (a regular expression) and ``kind`` (``percent``, ``count`` …) narrow the
    figures further, e.g. ``figure_over_time(res, r"trực tuyến", unit="%")``. When a
    report holds several matching figures their mean is drawn. ``data`` is a BatchResult,
    or pass ``figures``, ``paragraphs`` and ``documents``.
    """
    figs = _table(data, "figures", figures)
    docs = _table(data, "documents", documents)
    title = f"Số liệu theo thời gian: /{text}/" + (f", đơn vị /{unit}/" if unit else "") + " (a figure over time)"
    fig = _new_figure(9, 4.8)
    if figs.empty or docs.empty:
        return _no_data(fig, title, "Không có dữ liệu (no data)")
    import pandas as pd

    rx = re.compile(text, re.IGNORECASE)
    match = figs["text"].astype(str).map(lambda s: bool(rx.search(s)))
    paras = None
    if paragraphs is not None or hasattr(data, "table"):
        paras = _table(data, "paragraphs", paragraphs)
    if paras is not None and not paras.empty:
        ptext = paras.loc[paras["text"].astype(str).map(lambda s: bool(rx.search(s))), ["path", "index"]]
        keys = set(zip(ptext["path"], ptext["index"].astype(int), strict=True))
        in_para = [(p, int(i)) in keys for p, i in zip(figs["path"], figs["paragraph"], strict=True)]
        match = match | pd.Series(in_para, index=figs.index, dtype=bool)
    sel = figs[match]
    if unit is not None:
        urx = re.compile(unit, re.IGNORECASE)
        sel = sel[sel["unit"].fillna("").astype(str).map(lambda s: bool(urx.search(s)))]
    if kind is not None:
        sel = sel[sel["kind"] == kind]
    meta = docs[["path", "date"]].assign(_unit=_unit_column(docs, by))
    sel = sel.merge(meta, on="path").dropna(subset=["date"])
    if sel.empty:
        return _no_data(fig, title, "Không có số liệu nào khớp (no matching figures)")
    sel = sel.assign(_date=pd.to_datetime(sel["date"], errors="coerce")).dropna(subset=["_date"])
    points = sel.groupby(["_unit", "_date"])["value"].mean().reset_index().sort_values("_date")
    ax = fig.add_subplot()
    for name, grp in points.groupby("_unit", sort=True):
        ax.plot(grp["_date"], grp["value"].astype(float), marker="o", label=str(name)[:40])
    units = sorted({str(u) for u in sel["unit"].dropna()})
    ax.set_ylabel(", ".join(units[:3]) or "giá trị (value)")
    ax.set_xlabel("ngày báo cáo (report date)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(title, fontsize=10)
    fig.autofmt_xdate()
    return fig
