"""Plotly figures shared by the pages: one look for every chart.

The figures only draw what the marts hold; targets and deadlines are passed in from the marts'
parameter columns or marts.policy_parameters, never hard-coded here.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

RISK_COLOURS = {"red": "#d62728", "orange": "#ff7f0e", "yellow": "#e6c200", "blue": "#1f77b4"}
STATUS_COLOURS = {
    "compliant": "#2ca02c", "ok": "#2ca02c", "on_time": "#2ca02c", "within": "#2ca02c",
    "in_progress": "#1f77b4", "pending": "#1f77b4",
    "late": "#ff7f0e", "below": "#ff7f0e", "after_decision": "#ff7f0e",
    "overdue": "#d62728", "non_compliant": "#d62728", "above": "#d62728", "missing": "#d62728",
    "not_required": "#c7c7c7", "no_standard": "#8c564b",
}
PRIMARY = "#1f4e79"
SECONDARY = "#9ecae1"
TARGET = "#d62728"
FONT = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"


def _layout(fig: go.Figure, title: str | None = None, height: int = 360) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        hovermode="x unified",
    )
    return fig


def _hline(fig: go.Figure, y: float, label: str) -> None:
    fig.add_shape(
        type="line", xref="paper", x0=0, x1=1, y0=y, y1=y,
        line={"color": TARGET, "dash": "dash", "width": 2},
    )
    fig.add_annotation(
        xref="paper", x=1, y=y, text=label, showarrow=False, xanchor="right", yanchor="bottom",
        font={"color": TARGET},
    )


def _vline(fig: go.Figure, x: Any, label: str) -> None:
    # add_shape/add_annotation instead of add_vline: add_vline's annotation fails on date axes
    fig.add_shape(
        type="line", yref="paper", x0=x, x1=x, y0=0, y1=1,
        line={"color": TARGET, "dash": "dot", "width": 2},
    )
    fig.add_annotation(
        yref="paper", x=x, y=1, text=label, showarrow=False, xanchor="left", yanchor="top",
        font={"color": TARGET},
    )


def _month_step(values: pd.Series) -> str:
    """A tick every 1, 3, 6 or 12 months, so that a few years stay readable."""
    values = pd.to_datetime(values.dropna())
    months = (values.max().year - values.min().year) * 12 + values.max().month - values.min().month
    for step in (1, 3, 6):
        if months <= 12 * step:
            return f"M{step}"
    return "M12"


def ratio_bars(
    frame: pd.DataFrame,
    label_col: str,
    value_col: str,
    *,
    target: float | None,
    target_label: str,
    title: str | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Horizontal bars of a ratio (0–1) per unit, sorted, with the target as a dashed line."""
    data = frame.sort_values(value_col, ascending=True, na_position="first")
    colours = [
        PRIMARY if (target is None or (pd.notna(v) and v >= target)) else "#e6550d"
        for v in data[value_col]
    ]
    if highlight is not None:
        colours = [
            "#08306b" if label == highlight else colour
            for label, colour in zip(data[label_col], colours)
        ]
    fig = go.Figure(
        go.Bar(
            x=data[value_col], y=data[label_col], orientation="h", marker_color=colours,
            text=[f"{v:.1%}" if pd.notna(v) else "—" for v in data[value_col]],
            textposition="outside", hovertemplate="%{y}: %{x:.1%}<extra></extra>",
        )
    )
    if target is not None:
        fig.add_shape(
            type="line", yref="paper", x0=target, x1=target, y0=0, y1=1,
            line={"color": TARGET, "dash": "dash", "width": 2},
        )
        fig.add_annotation(
            yref="paper", x=target, y=1.0, text=target_label, showarrow=False,
            yanchor="bottom", font={"color": TARGET},
        )
    fig.update_xaxes(tickformat=".0%", range=[0, 1.3])
    fig = _layout(fig, title, height=max(300, 28 * len(data) + 80))
    fig.update_layout(hovermode="closest")
    return fig


def trend_lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str | None = None,
    *,
    title: str | None = None,
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
    deadline: date | None = None,
    deadline_label: str = "",
    marker_x: Any | None = None,
    bold_series: str | None = None,
) -> go.Figure:
    fig = go.Figure()
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    for name, group in groups:
        group = group.sort_values(x)
        bold = series is None or name == bold_series
        fig.add_trace(
            go.Scatter(
                x=group[x], y=group[y], mode="lines+markers", name=str(name) if name else y,
                line={"width": 3 if bold else 1.5, "color": PRIMARY if bold else None},
                opacity=1.0 if bold else 0.55,
                hovertemplate="%{y:.1%}" if percent else None,
            )
        )
    if target is not None:
        _hline(fig, target, target_label)
    if deadline is not None:
        _vline(fig, pd.Timestamp(deadline), deadline_label)
    if marker_x is not None:
        fig.add_shape(
            type="line", yref="paper", x0=marker_x, x1=marker_x, y0=0, y1=1,
            line={"color": "#999999", "width": 1},
        )
    if percent:
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    if pd.api.types.is_datetime64_any_dtype(frame[x]) and not frame.empty:
        fig.update_xaxes(tickformat="%Y-%m", dtick=_month_step(frame[x]))
    return _layout(fig, title, height=420)


def bars(
    frame: pd.DataFrame,
    x: str,
    y: str | Sequence[str],
    *,
    names: Sequence[str] | None = None,
    title: str | None = None,
    percent: bool = False,
    horizontal: bool = False,
    colours: Sequence[str] | None = None,
    stacked: bool = False,
    bar_colours: Sequence[str | None] | None = None,
) -> go.Figure:
    """Grouped (or stacked) bars, one trace per y column; ``bar_colours`` colours each bar of a
    single series (e.g. risk colours)."""
    columns = [y] if isinstance(y, str) else list(y)
    fig = go.Figure()
    palette = list(colours) if colours else [PRIMARY, SECONDARY, "#fdae6b", "#a1d99b"]
    for index, column in enumerate(columns):
        label = names[index] if names else column
        colour: Any = palette[index % len(palette)]
        if bar_colours is not None and len(columns) == 1:
            colour = [c or palette[0] for c in bar_colours]
        kwargs: dict[str, Any] = {"name": label, "marker_color": colour}
        if horizontal:
            fig.add_trace(go.Bar(x=frame[column], y=frame[x], orientation="h", **kwargs))
        else:
            fig.add_trace(go.Bar(x=frame[x], y=frame[column], **kwargs))
    fig.update_layout(barmode="stack" if stacked else "group")
    if percent:
        (fig.update_xaxes if horizontal else fig.update_yaxes)(tickformat=".0%")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        height = max(300, (14 * len(columns) + 10) * len(frame) + 100)
    else:
        height = 360
    if not horizontal and pd.api.types.is_datetime64_any_dtype(frame[x]) and not frame.empty:
        fig.update_xaxes(tickformat="%Y-%m", dtick=_month_step(frame[x]))
    fig = _layout(fig, title, height=height)
    fig.update_layout(hovermode="closest")
    return fig


def stacked_status(
    frame: pd.DataFrame,
    category: str,
    status: str,
    count: str,
    *,
    status_label,
    title: str | None = None,
) -> go.Figure:
    """Stacked horizontal bars: count of rows per category and status code."""
    fig = go.Figure()
    for code, group in frame.groupby(status, sort=False, dropna=False):
        fig.add_trace(
            go.Bar(
                x=group[count], y=group[category], orientation="h", name=status_label(code),
                marker_color=STATUS_COLOURS.get(code if isinstance(code, str) else "", None),
            )
        )
    fig.update_layout(barmode="stack")
    categories = frame[category].nunique()
    fig = _layout(fig, title, height=max(260, 28 * categories + 100))
    fig.update_layout(hovermode="closest")
    return fig


def pie(frame: pd.DataFrame, names: str, values: str, *, title: str | None = None,
        colour_map: dict[str, str] | None = None, label=None) -> go.Figure:
    labels = [label(v) if label else v for v in frame[names]]
    colours = [(colour_map or {}).get(v) for v in frame[names]] if colour_map else None
    fig = go.Figure(
        go.Pie(labels=labels, values=frame[values], hole=0.45, marker={"colors": colours},
               sort=False)
    )
    fig = _layout(fig, title, height=320)
    fig.update_layout(hovermode="closest")
    return fig
