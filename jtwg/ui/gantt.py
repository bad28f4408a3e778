"""The work-plan timeline: a plotly Gantt of activities with a today line, overdue bars set apart, translated hover."""

from __future__ import annotations

from datetime import date, datetime, time

import plotly.graph_objects as go

from jtwg.i18n import format_date, label, t
from jtwg.charts import STATUS_STYLE
from jtwg.models import ActivityStatus
from jtwg.services.workplan import ActivityRow

OVERDUE_COLOUR = "#c62828"   # red with a dark outline: apart from every status colour, also in greyscale
DAY_MS = 24 * 3600 * 1000


def _ms(d: date) -> float:
    return datetime.combine(d, time()).timestamp() * 1000


def activity_timeline(activities: list[ActivityRow], *, lang: str, today: date, title: str = "") -> go.Figure:
    """Horizontal bars from planned start to end (inclusive), one per scheduled activity, in code order."""
    scheduled = [r for r in activities if r.activity.planned_start and r.activity.planned_end]
    scheduled.sort(key=lambda r: r.activity.code, reverse=True)   # plotly draws the first category at the bottom
    fig = go.Figure()
    groups: dict[str, list[ActivityRow]] = {}
    for r in scheduled:
        groups.setdefault("overdue" if r.overdue else r.activity.status.value, []).append(r)
    order = ["overdue", *[s.value for s in STATUS_STYLE]]
    for name in order:
        members = groups.get(name)
        if not members:
            continue
        if name == "overdue":
            colour, pattern, legend = OVERDUE_COLOUR, "", t("workplan.legend_overdue", lang)
        else:
            colour, pattern = STATUS_STYLE[ActivityStatus(name)]
            legend = label(ActivityStatus(name), lang)
        hover = [
            "<b>{code}</b> {title}<br>{lead_l}: {lead}<br>{dates_l}: {start} – {end}<br>{status_l}: {status}"
            "<br>{progress_l}: {progress} %{late}".format(
                code=a.code, title=a.title.get(lang), lead_l=t("workplan.col_lead", lang),
                lead=r.lead or "—", dates_l=t("workplan.h_dates", lang),
                start=format_date(a.planned_start, lang, "medium"), end=format_date(a.planned_end, lang, "medium"),
                status_l=t("workplan.col_status", lang), status=label(a.status, lang),
                progress_l=t("workplan.col_progress", lang), progress=a.progress_pct or 0,
                late="<br><b>" + t("workplan.h_overdue", lang, days=(today - a.planned_end).days) + "</b>"
                if r.overdue else "")
            for r, a in ((r, r.activity) for r in members)
        ]
        fig.add_bar(
            orientation="h", name=legend, y=[_label(r.activity, lang) for r in members],
            base=[_ms(r.activity.planned_start) for r in members],
            x=[(r.activity.planned_end - r.activity.planned_start).days * DAY_MS + DAY_MS for r in members],
            marker=dict(color=colour, pattern_shape=pattern,
                        line=dict(color="#5a0000" if name == "overdue" else "#444", width=2 if name == "overdue" else 0.5)),
            hovertext=hover, hoverinfo="text",
        )
    today_ms = _ms(today)
    fig.add_shape(type="line", x0=today_ms, x1=today_ms, y0=0, y1=1, yref="paper",
                  line=dict(color="#111", width=2, dash="dash"))
    fig.add_annotation(x=today_ms, y=1, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                       text=t("workplan.today", lang, date=format_date(today, lang, "medium")), font=dict(size=12))
    fig.update_layout(
        # The legend sits above the bars, on the left; the today label above the line: ticks stay clear below.
        title=dict(text=title, y=0.98, yanchor="top"), barmode="overlay", height=150 + 42 * len(scheduled),
        margin=dict(l=10, r=20, t=95, b=30),
        legend=dict(orientation="h", yanchor="bottom", y=1.12, xanchor="left", x=0),
        separators=", " if lang == "fr" else ".,", hoverlabel=dict(align="left"),
    )
    fig.update_xaxes(type="date", tickformat="%d/%m/%Y" if lang == "fr" else "%d %b %Y", showgrid=True)
    fig.update_yaxes(categoryorder="array", categoryarray=[_label(r.activity, lang) for r in scheduled], automargin=True)
    return fig


def _label(activity, lang: str) -> str:
    title = activity.title.get(lang)
    return f"{activity.code} · {title[:45] + '…' if len(title) > 46 else title}"


def unscheduled(activities: list[ActivityRow]) -> list[ActivityRow]:
    return [r for r in activities if not (r.activity.planned_start and r.activity.planned_end)]

