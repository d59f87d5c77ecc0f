-- Self-registration and invitations. An account that registered while
-- approval is required waits, unable to sign in, until an administrator
-- approves it.
ALTER TABLE users ADD COLUMN awaiting BOOLEAN NOT NULL DEFAULT FALSE;

-- An invitation is a one-time link that creates an account, optionally in
-- a group. Only its token's SHA-256 is kept.
CREATE TABLE invitations (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	group_id BIGINT REFERENCES groups (id),
	created_by BIGINT REFERENCES users (id),
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT,
	used_by BIGINT REFERENCES users (id)
);
