"""jtwg: a bilingual dashboard for Joint Technical Working Groups (work plans, MoU, meetings, minutes)."""

__version__ = "0.1.0"
