"""Plotly figures with translated labels and colours that still read in greyscale."""

from __future__ import annotations

import plotly.graph_objects as go

from jtwg.i18n import label, t
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


def activities_by_subcommittee(counts: list[dict], names: dict[str | None, str], lang: str) -> go.Figure:
    """Stacked bars: activities per sub-committee, one colour per status."""
    order = []
    for row in counts:
        if row["subcommittee"] not in order:
            order.append(row["subcommittee"])
    x = [names.get(code, code or "") for code in order]
    fig = go.Figure()
    for status, (colour, pattern) in STATUS_STYLE.items():
        y = [sum(r["n"] for r in counts if r["subcommittee"] == code and r["status"] == status.value) for code in order]
        if not any(y):
            continue
        fig.add_bar(name=label(status, lang), x=x, y=y, marker_color=colour, marker_pattern_shape=pattern,
                    hovertemplate="%{x}<br>" + label(status, lang) + ": %{y}<extra></extra>")
    fig.update_layout(
        barmode="stack", title=t("overview.chart_title", lang), xaxis_title=t("overview.chart_x", lang),
        yaxis_title=t("overview.chart_y", lang), legend_title=t("overview.chart_status", lang),
        height=380, margin=dict(l=40, r=20, t=60, b=40), separators=", " if lang == "fr" else ".,",
    )
    fig.update_yaxes(dtick=1)
    return fig
