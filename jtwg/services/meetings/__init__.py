"""The meeting workspace, one module per section of the meetings page.

`planning` (meetings and their sessions), `agenda` (standard items, order, matters arising), `drafting`
(discussion, decisions, action points), `attendance` (participants, list import in `participants`),
`lifecycle` (circulation, approvals, adoption, lock); `minutes` gathers a meeting's minutes as a reader
may read them and `snapshots` freezes and compares versions. `shared` holds the lifecycle guard.
"""
