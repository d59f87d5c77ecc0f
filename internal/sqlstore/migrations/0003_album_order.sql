-- Album pages list their items by sort date; keeping that date beside the
-- link lets an index give any page directly, without sorting the album.
ALTER TABLE album_media ADD COLUMN sort_date TEXT;
UPDATE album_media SET sort_date = (SELECT sort_date FROM media WHERE media.id = album_media.media_id);
CREATE INDEX album_media_order ON album_media (album_id, sort_date, media_id);
