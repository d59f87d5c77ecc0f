-- Contributions an administrator refused, remembered for their uploader:
-- the item itself goes to the trash and, in time, out of the library, but
-- the contributor still sees that it was refused. media_id is no reference:
-- the row outlives the item.
CREATE TABLE refused_uploads (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	media_id BIGINT NOT NULL,
	filename TEXT NOT NULL,
	album_id BIGINT NOT NULL,
	album TEXT NOT NULL,
	uploaded_at BIGINT NOT NULL,
	refused_at BIGINT NOT NULL
);
CREATE INDEX refused_uploads_user ON refused_uploads (user_id, refused_at);
