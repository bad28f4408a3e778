-- Accounts: who may sign in, with which role, for which delegation and sub-committees.
-- Passwords are stored as bcrypt hashes only. session_version invalidates every signed cookie of a
-- user at once (logout everywhere, password reset, disabling).
CREATE SEQUENCE app_user_seq;
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY DEFAULT nextval('app_user_seq'),
    username VARCHAR NOT NULL UNIQUE,
    display_name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    delegation VARCHAR,
    subcommittee_codes VARCHAR[] NOT NULL DEFAULT [],
    password_hash VARCHAR NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    session_version INTEGER NOT NULL DEFAULT 1,
    last_login_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);
