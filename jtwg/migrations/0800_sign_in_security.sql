-- Sign-in security: failed attempts counted per client, and session tokens that sign-out revokes.

-- One row per failed sign-in. Appending never conflicts, so parallel wrong attempts all count.
-- username is the name as typed (lower case), whether an account has it or not: answers never tell.
CREATE TABLE sign_in_failure (
    username VARCHAR NOT NULL,
    client VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL
);

-- Every session token issued at sign-in. A token whose row is missing, expired or revoked is refused.
CREATE TABLE session_token (
    token_id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
