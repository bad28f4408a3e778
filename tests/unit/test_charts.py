"""Count axes: a tick per item while the counts are small, plotly's own whole-number ticks when they are large."""

from datetime import date

from jtwg import charts


def _trend(top: int) -> list[dict]:
    return [{"month": date(2022, m, 1), "opened": top, "closed": 1, "open_at_end": top} for m in range(1, 4)]


def test_small_counts_get_a_tick_per_item():
    fig = charts.action_trend(_trend(6), "en")
    assert fig.layout.yaxis.dtick == 1


def test_large_counts_let_plotly_space_whole_number_ticks():
    # A group of a thousand open items would otherwise draw a thousand ticks and grid lines in the browser.
    fig = charts.action_trend(_trend(1000), "fr")
    assert fig.layout.yaxis.dtick is None and fig.layout.yaxis.tickformat == "d"
    owners = charts.overdue_counts([{"key": "NAPTIP", "n": 250}, {"key": "ICMPD", "n": 3}], {}, "t", "en")
    assert owners.layout.xaxis.dtick is None and owners.layout.xaxis.tickformat == "d"
    few = charts.overdue_counts([{"key": "NAPTIP", "n": 2}], {}, "t", "en")
    assert few.layout.xaxis.dtick == 1
