-- Optional second factor: a TOTP secret (RFC 6238) per account, empty when
-- not set up, and the last time step used, so that a code cannot be
-- replayed within its window.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_step BIGINT NOT NULL DEFAULT 0;
