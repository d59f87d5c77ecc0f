-- Editorial fields: an item's credit line and rights notice beside its
-- creator, and the order of an album's items.

ALTER TABLE media ADD COLUMN credit TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN copyright TEXT NOT NULL DEFAULT '';
-- Items already in the library take them from the metadata read at their
-- import, which held them already.
UPDATE media SET credit = COALESCE({{meta_credit}}, ''), copyright = COALESCE({{meta_copyright}}, '');

-- How an album's items are listed: '' by date taken, 'manual' in the order
-- people set, 'title' or 'name' (file name).
ALTER TABLE albums ADD COLUMN item_order TEXT NOT NULL DEFAULT '';
-- An item's place in its album's manual order. Places are sparse (steps
-- of 1024), so that moving one item rewrites one row; NULL until the album
-- is first put in manual order, and for items filed after that, which
-- then come last (by date).
ALTER TABLE album_media ADD COLUMN position BIGINT;
CREATE INDEX album_media_position ON album_media (album_id, position, media_id);

-- Camera default texts are no longer taken as titles or captions: those
-- taken before go too, unless a person typed them.
UPDATE media SET title = '' WHERE UPPER(TRIM(title)) IN ('SAMSUNG', 'OLYMPUS DIGITAL CAMERA', 'SONY DSC', 'DIGITAL CAMERA', 'DCIM', 'DEFAULT',
	'KODAK DIGITAL STILL CAMERA', 'SAMSUNG DIGITAL CAMERA', 'UNKNOWN', 'NONE') AND ',' || edited || ',' NOT LIKE '%,title,%';
UPDATE media SET description = '' WHERE UPPER(TRIM(description)) IN ('SAMSUNG', 'OLYMPUS DIGITAL CAMERA', 'SONY DSC', 'DIGITAL CAMERA', 'DCIM', 'DEFAULT',
	'KODAK DIGITAL STILL CAMERA', 'SAMSUNG DIGITAL CAMERA', 'UNKNOWN', 'NONE') AND ',' || edited || ',' NOT LIKE '%,description,%';
