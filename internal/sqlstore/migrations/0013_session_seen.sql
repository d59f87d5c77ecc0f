-- When each session was last used, for the account page's list of
-- signed-in browsers; written at most every few minutes per session.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
