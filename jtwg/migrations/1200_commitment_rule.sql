-- The open rule of MoU commitments, defined once: a commitment is open until it is fulfilled or
-- superseded (partly fulfilled or not fulfilled still calls for work). The overview's "due soon" list
-- uses this macro; the Python side (jtwg.models.mou.CLOSED_COMMITMENT) reads its list of closed
-- statuses from this file, so keep the form `status NOT IN ('…', …)`.
CREATE MACRO commitment_open(status) AS status NOT IN ('fulfilled', 'superseded');
