-- Core schema: media, albums, tags, users. Written once for both dialects;
-- {{id}}, {{real}} and {{bytes}} are replaced per dialect (dialect.go).

CREATE TABLE media (
	id {{id}},
	-- Random public identifier used in URLs (never the row id or the hash).
	public_key TEXT NOT NULL UNIQUE,
	sha256 TEXT NOT NULL UNIQUE,
	size BIGINT NOT NULL,
	filename TEXT NOT NULL,
	kind TEXT NOT NULL,
	format TEXT NOT NULL,
	mime TEXT NOT NULL,
	-- Editable fields; edited lists those a person changed, comma-separated,
	-- so that a rescan of the file's metadata leaves them alone.
	title TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	creator TEXT NOT NULL DEFAULT '',
	edited TEXT NOT NULL DEFAULT '',
	-- Capture time as the camera's wall clock, 'YYYY-MM-DD HH:MM:SS', and
	-- its offset from UTC in minutes when the file gives one.
	taken_local TEXT,
	taken_offset INTEGER,
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	lat {{real}},
	lon {{real}},
	-- Everything read from the file, with the tag each value came from (JSON).
	meta TEXT NOT NULL,
	imported_at BIGINT NOT NULL,
	-- When the import-time derivatives were made; NULL while pending, so
	-- that a restart resumes the work.
	derived_at BIGINT
);
CREATE INDEX media_taken ON media (taken_local);
CREATE INDEX media_pending ON media (id) WHERE derived_at IS NULL;

CREATE TABLE albums (
	id {{id}},
	parent_id BIGINT REFERENCES albums (id),
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
-- NULL parents are distinct in a plain UNIQUE constraint; the expression
-- keeps root album names unique too.
CREATE UNIQUE INDEX albums_name ON albums (COALESCE(parent_id, 0), name);

CREATE TABLE album_media (
	album_id BIGINT NOT NULL REFERENCES albums (id),
	media_id BIGINT NOT NULL REFERENCES media (id),
	PRIMARY KEY (album_id, media_id)
);
CREATE INDEX album_media_media ON album_media (media_id);

CREATE TABLE tags (
	id {{id}},
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE media_tags (
	media_id BIGINT NOT NULL REFERENCES media (id),
	tag_id BIGINT NOT NULL REFERENCES tags (id),
	PRIMARY KEY (media_id, tag_id)
);
CREATE INDEX media_tags_tag ON media_tags (tag_id);

CREATE TABLE users (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
