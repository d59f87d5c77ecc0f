-- The web app: trash, alternative text, album covers and order, sessions.

ALTER TABLE media ADD COLUMN alt_text TEXT NOT NULL DEFAULT '';
-- Deleted items stay in the trash until this time plus the retention.
ALTER TABLE media ADD COLUMN deleted_at BIGINT;
CREATE INDEX media_deleted ON media (deleted_at);
CREATE INDEX media_imported ON media (imported_at);

ALTER TABLE albums ADD COLUMN cover_id BIGINT REFERENCES media (id);
ALTER TABLE albums ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE albums ADD COLUMN description TEXT NOT NULL DEFAULT '';

CREATE TABLE sessions (
	-- SHA-256 of the cookie's token: a stolen database does not give
	-- working cookies.
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id),
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One date to sort and group by: when the photo was taken, else when it
-- was imported (UTC), both as 'YYYY-MM-DD HH:MM:SS'.
ALTER TABLE media ADD COLUMN sort_date TEXT;
UPDATE media SET sort_date = COALESCE(taken_local, {{imported_text}});
CREATE INDEX media_sort ON media (sort_date, id);
