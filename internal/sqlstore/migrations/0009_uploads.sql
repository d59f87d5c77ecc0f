-- Uploads in progress, recorded in the database so that several servers
-- sharing it see the same reservations against quotas; their bytes are
-- staged on the library's disk, under the upload's id.
CREATE TABLE uploads (
	id TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	album_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	size BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX uploads_user ON uploads (user_id);
CREATE INDEX uploads_created ON uploads (created_at);
