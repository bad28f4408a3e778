-- One-time sign-in tickets. After a password is checked, the page sends the browser to /session/start with a
-- ticket; that request answers with the session cookie (HttpOnly, set by the server). A ticket is kept only
-- as its SHA-256, is deleted when it is used, and expires after a minute.
CREATE TABLE session_ticket (
    ticket_hash VARCHAR PRIMARY KEY,
    token_id VARCHAR NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
