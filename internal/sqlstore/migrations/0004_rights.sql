-- People and rights: groups, album grants, privacy levels, contributions
-- awaiting review, quotas, settings and the audit log.

-- Privacy level, after Piwigo: 0 everybody, 1 contacts, 2 friends,
-- 4 family, 8 administrators. A caller sees an item whose level is at most
-- their own.
ALTER TABLE users ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '';
-- Bytes of originals the user may own; NULL for no limit.
ALTER TABLE users ADD COLUMN quota BIGINT;
-- A disabled account cannot sign in; its sessions are ended.
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET level = 8 WHERE role IN ('webmaster', 'admin');

CREATE TABLE groups (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	quota BIGINT,
	created_at BIGINT NOT NULL
);

CREATE TABLE group_members (
	user_id BIGINT NOT NULL REFERENCES users (id),
	group_id BIGINT NOT NULL REFERENCES groups (id),
	PRIMARY KEY (user_id, group_id)
);
CREATE INDEX group_members_group ON group_members (group_id);

-- A public album is seen by whoever sees its parent; a private one only by
-- those granted it, directly or, while inherit is set, through a parent.
ALTER TABLE albums ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE albums ADD COLUMN inherit BOOLEAN NOT NULL DEFAULT TRUE;

-- A grant gives one user or one group rights on an album: perms is a bit
-- set (1 view, 2 download the original, 4 contribute, 8 edit).
CREATE TABLE album_grants (
	id {{id}},
	album_id BIGINT NOT NULL REFERENCES albums (id),
	user_id BIGINT REFERENCES users (id),
	group_id BIGINT REFERENCES groups (id),
	perms INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX album_grants_one ON album_grants (album_id, COALESCE(user_id, 0), COALESCE(group_id, 0));
CREATE INDEX album_grants_user ON album_grants (user_id);
CREATE INDEX album_grants_group ON album_grants (group_id);

-- Items: their privacy level, who brought them (for quotas), and whether
-- they are published or await review (a contributor's upload).
ALTER TABLE media ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN owner_id BIGINT REFERENCES users (id);
ALTER TABLE media ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX media_owner ON media (owner_id);
CREATE INDEX media_review ON media (id) WHERE pending;

-- The links carry the level an item is seen at (100 while it awaits
-- review), inside the index that orders an album: a caller's page, count
-- and cover come from the index alone, filtered as it is walked.
ALTER TABLE album_media ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
DROP INDEX album_media_order;
CREATE INDEX album_media_order ON album_media (album_id, sort_date, media_id, level);

-- "Latest additions" walks this index newest first and stops once it has
-- found enough items the caller may see; without the id, items imported
-- together would all have to be checked and sorted first.
DROP INDEX media_imported;
CREATE INDEX media_imported ON media (imported_at, id);
-- Only the trash is looked up by deletion time; indexing the (many) live
-- items too made planners pick this index for "not deleted", then sort.
DROP INDEX media_deleted;
CREATE INDEX media_deleted ON media (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- rights_version changes with every album, grant, group or account change,
-- so that a server may cache what a caller sees until it moves.
INSERT INTO settings (name, value) VALUES ('rights_version', '1');

CREATE TABLE audit_log (
	id {{id}},
	at BIGINT NOT NULL,
	user_id BIGINT,
	user_name TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- API keys let scripts and apps act as their user: read-only or not, with
-- an expiry, revocable. Only the key's SHA-256 is kept; the key itself is
-- shown once, when it is made.
CREATE TABLE api_keys (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	key_hash TEXT NOT NULL UNIQUE,
	read_only BOOLEAN NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT,
	revoked_at BIGINT
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- Addresses and networks an administrator has shut out.
CREATE TABLE ip_blocks (
	id {{id}},
	network TEXT NOT NULL UNIQUE,
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
