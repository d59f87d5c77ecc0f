-- Uploads whose bytes were already in the library, in an item the uploader
-- may not see: nothing was stored, but they count against the uploader's
-- usage as a stored file would, so that a quota's meter does not tell
-- them the bytes were there.
CREATE TABLE withheld_uploads (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	size BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX withheld_uploads_user ON withheld_uploads (user_id);
