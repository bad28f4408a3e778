-- The open rule of MoU commitments, defined once for SQL: a commitment is open until it is fulfilled or
-- superseded (partly fulfilled or not fulfilled still calls for work). The overview's "due soon" list
-- uses this macro; the Python side is jtwg.models.mou.CLOSED_COMMITMENT, and a test keeps them the same.
CREATE MACRO commitment_open(status) AS status NOT IN ('fulfilled', 'superseded');
