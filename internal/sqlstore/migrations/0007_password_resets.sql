-- Password resets by e-mail: a one-time link, kept by its token's SHA-256,
-- valid for an hour.
CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
