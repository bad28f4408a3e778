"""Plotly figures with translated labels and colours that still read in greyscale, and their print image.

Plain plotly, no streamlit: the overview page shows these figures and the Word brief prints them.
"""

from __future__ import annotations

import threading
import warnings
from datetime import date

import plotly.graph_objects as go
from babel.dates import format_date as babel_format_date

from jtwg.errors import JtwgError
from jtwg.i18n import NNBSP, label, norm_lang, t
from jtwg.models import ActivityStatus

# Distinct lightness per status, plus a fill pattern, so the bars also read when printed in greyscale.
STATUS_STYLE = {
    ActivityStatus.COMPLETED: ("#1b5e20", ""),
    ActivityStatus.IN_PROGRESS: ("#1f77b4", "/"),
    ActivityStatus.DELAYED: ("#e6550d", "x"),
    ActivityStatus.ON_HOLD: ("#9e9ac8", "."),
    ActivityStatus.NOT_STARTED: ("#d9d9d9", ""),
    ActivityStatus.CANCELLED: ("#636363", "-"),
}
# Two-series charts: a dark solid series and a light hatched one (about 30 and 75 L* apart in grey).
DARK, LIGHT, ALERT, INK = "#08306b", "#9ecae1", "#b30000", "#252525"
FONT = "Liberation Sans, Arial, sans-serif"


def percent(value: float | int | None, lang: str) -> str:
    """ "30%" / "30 %" (French puts a narrow no-break space before the sign)."""
    number = f"{value:.0f}" if value is not None else "–"
    return f"{number}{NNBSP}%" if norm_lang(lang) == "fr" else f"{number}%"


def wrap(text: str, width: int) -> str:
    """Break a long axis label into lines of about `width` characters (plotly does not wrap)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def month_label(month: date, lang: str) -> str:
    """ "Feb 2022" / "févr. 2022"."""
    return babel_format_date(month, format="MMM y", locale="en_GB" if norm_lang(lang) == "en" else "fr_FR")


def _layout(fig: go.Figure, lang: str, *, title: str, height: int, **kw) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"), height=height, font=dict(family=FONT, size=13),
        margin=dict(l=10, r=20, t=60, b=40), separators=", " if norm_lang(lang) == "fr" else ".,",
        plot_bgcolor="white", paper_bgcolor="white", **kw,
    )
    return fig


def activities_by_subcommittee(counts: list[dict], names: dict[str | None, str], lang: str) -> go.Figure:
    """Stacked bars: activities per sub-committee, one colour per status."""
    order = []
    for row in counts:
        if row["subcommittee"] not in order:
            order.append(row["subcommittee"])
    x = [wrap(names.get(code, code or ""), 12) for code in order]
    fig = go.Figure()
    for status, (colour, pattern) in STATUS_STYLE.items():
        y = [sum(r["n"] for r in counts if r["subcommittee"] == code and r["status"] == status.value) for code in order]
        if not any(y):
            continue
        fig.add_bar(name=label(status, lang), x=x, y=y, marker_color=colour, marker_pattern_shape=pattern,
                    marker_line=dict(color=INK, width=0.5),
                    hovertemplate="%{x}<br>" + label(status, lang) + ": %{y}<extra></extra>")
    _layout(fig, lang, title=t("overview.chart_title", lang), height=380, barmode="stack",
            xaxis_title=t("overview.chart_x", lang), yaxis_title=t("overview.chart_y", lang),
            legend_title=t("overview.chart_status", lang))
    stacked = [sum(r["n"] for r in counts if r["subcommittee"] == code) for code in order]
    fig.update_yaxes(gridcolor="#e0e0e0", **count_axis(stacked))
    fig.update_xaxes(tickangle=0)
    return fig


# A tick per unit reads well for a few items, but with hundreds the browser draws hundreds of ticks and grid
# lines (seconds per chart at the 20 k size): above this, plotly spaces the ticks itself, whole numbers only.
UNIT_TICKS_UP_TO = 10


def count_axis(values) -> dict:
    """Axis settings for a count: one tick per item while they are few, else plotly's own spacing."""
    top = max([v or 0 for v in values] + [0])
    return {"dtick": 1} if top <= UNIT_TICKS_UP_TO else {"tickformat": "d"}


def subcommittee_progress(progress: list[dict], names: dict[str | None, str], lang: str) -> go.Figure:
    """Horizontal bars 0–100 %: each sub-committee's progress, the value printed on the bar."""
    rows = list(reversed(progress))   # plotly draws the first bar at the bottom
    y = [names.get(r["subcommittee"], r["subcommittee"] or "") for r in rows]
    x = [float(r["progress"] or 0) for r in rows]
    fig = go.Figure()
    fig.add_bar(x=[100] * len(rows), y=y, orientation="h", marker_color="#f0f0f0", hoverinfo="skip",
                showlegend=False, marker_line=dict(color="#bdbdbd", width=1))
    fig.add_bar(x=x, y=y, orientation="h", marker_color=DARK, showlegend=False,
                text=[percent(v, lang) for v in x], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>")
    _layout(fig, lang, title=t("overview.progress_chart", lang), height=110 + 55 * max(len(rows), 1),
            barmode="overlay", bargap=0.35)
    fig.update_xaxes(range=[0, 112], ticksuffix=(NNBSP + "%") if norm_lang(lang) == "fr" else "%",
                     tickvals=[0, 25, 50, 75, 100], gridcolor="#e0e0e0")
    return fig


def overdue_counts(counts: list[dict], names: dict[str, str], title: str, lang: str) -> go.Figure:
    """Horizontal bars: overdue action items per owner or delegation, the count printed on the bar."""
    rows = list(reversed(counts))
    fig = go.Figure()
    fig.add_bar(x=[r["n"] for r in rows], y=[names.get(r["key"], r["key"]) for r in rows], orientation="h",
                marker_color=ALERT, marker_pattern_shape="/", marker_line=dict(color=INK, width=0.5),
                text=[r["n"] for r in rows], textposition="outside", cliponaxis=False, showlegend=False,
                hovertemplate="%{y}: %{x}<extra></extra>")
    _layout(fig, lang, title=title, height=120 + 45 * max(len(rows), 1), xaxis_title=t("overview.chart_actions_n", lang))
    fig.update_xaxes(rangemode="tozero", gridcolor="#e0e0e0", **count_axis([r["n"] for r in rows]))
    return fig


def action_trend(trend: list[dict], lang: str) -> go.Figure:
    """Per month: action items opened (dark bars), closed (light hatched bars), still open (dashed line)."""
    x = [month_label(r["month"], lang) for r in trend]
    fig = go.Figure()
    fig.add_bar(name=t("overview.trend_opened", lang), x=x, y=[r["opened"] for r in trend], marker_color=DARK,
                marker_line=dict(color=INK, width=0.5))
    fig.add_bar(name=t("overview.trend_closed", lang), x=x, y=[r["closed"] for r in trend], marker_color=LIGHT,
                marker_pattern_shape="\\", marker_line=dict(color=INK, width=0.5))
    fig.add_scatter(name=t("overview.trend_open", lang), x=x, y=[r["open_at_end"] for r in trend],
                    mode="lines+markers", line=dict(color=INK, dash="dash", width=2), marker=dict(symbol="diamond", size=8))
    _layout(fig, lang, title=t("overview.trend_chart", lang), height=380, barmode="group",
            yaxis_title=t("overview.chart_actions_n", lang), legend=dict(orientation="h", y=-0.2))
    fig.update_yaxes(rangemode="tozero", gridcolor="#e0e0e0",
                     **count_axis([v for r in trend for v in (r["opened"], r["closed"], r["open_at_end"])]))
    return fig


def mou_coverage(coverage: list[dict], columns: list[str | None], names: dict[str | None, str], lang: str) -> go.Figure:
    """Provision × sub-committee heatmap: the number of linked activities printed in each cell.

    White means no activity; darker blue means more. The sub-committee a provision is assigned to is
    outlined, so a gap where it matters most shows without colour.
    """
    from jtwg.services.overview import provision_ref

    provisions = list(reversed(coverage))
    y = [wrap(f"{t('overview.article_short', lang)} {provision_ref(p)} · {p['heading'].get(lang) if p['heading'] else ''}", 30)
         for p in provisions]
    x = [wrap(names.get(c, c or ""), 16) for c in columns]
    z = [[p["cells"].get(c, 0) for c in columns] for p in provisions]
    text = [[str(v) if v else "–" for v in row] for row in z]
    top = max([v for row in z for v in row] + [1])
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", textfont=dict(size=14), zmin=0, zmax=top,
        colorscale=[[0, "#ffffff"], [0.001, "#c6dbef"], [1, DARK]], showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
    ))
    for row, p in enumerate(provisions):
        if p["assigned_to"] in columns:
            col = columns.index(p["assigned_to"])
            fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                          line=dict(color=INK, width=2.5))
    _layout(fig, lang, title=t("overview.coverage_chart", lang), height=130 + 42 * max(len(provisions), 1))
    fig.update_xaxes(side="top", title=None, tickangle=0, automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(margin=dict(l=10, r=20, t=110, b=20))
    return fig


# kaleido drives one headless Chromium per process: start it once, and let one image be drawn at a time
# (Streamlit serves every session from threads of the same process).
_kaleido_lock = threading.Lock()
_kaleido_started = False


def chart_png(fig: go.Figure, *, width: int = 780) -> bytes:
    """The figure as a PNG (twice the pixels, for print), drawn by kaleido with the system's Chromium.

    780 px printed 16 cm wide keeps the charts' 13 px labels at about 8 pt on paper.
    """
    global _kaleido_started
    height = int(fig.layout.height or 400)
    with _kaleido_lock:
        try:
            if not _kaleido_started:
                import kaleido

                kaleido.start_sync_server(silence_warnings=True)
                _kaleido_started = True
            with warnings.catch_warnings():
                # plotly warns that per-call browser options are ignored once the server runs: expected.
                warnings.simplefilter("ignore", UserWarning)
                return fig.to_image(format="png", width=width, height=height, scale=2)
        except Exception as exc:  # kaleido raises its own types (no Chromium, a crashed page...)
            raise JtwgError(str(exc), key="error.chart_image", problem=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
