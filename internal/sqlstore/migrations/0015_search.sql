-- Search: the organisation's own fields, places, the columns the search
-- index reads, saved searches, and the log that keeps every server's index
-- in step with the catalogue.

-- Custom fields an administrator defines. name is the field's operator in
-- queries (`coloris:rouge`): folded, letters, digits, - and _, never a
-- built-in operator. type is one of text, longtext, number, date, bool,
-- choice, multichoice, tree. choices holds one choice per line; for a tree
-- each line is a path whose levels are separated by " > ".
CREATE TABLE fields (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	label_fr TEXT NOT NULL,
	label_en TEXT NOT NULL,
	help_fr TEXT NOT NULL DEFAULT '',
	help_en TEXT NOT NULL DEFAULT '',
	required BOOLEAN NOT NULL DEFAULT FALSE,
	choices TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);

-- The albums a field applies to, with their sub-albums; a field with no
-- row here applies everywhere.
CREATE TABLE field_albums (
	field_id BIGINT NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
	album_id BIGINT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
	PRIMARY KEY (field_id, album_id)
);

-- An item's values: one row per value (several for a multiple choice).
-- Values are stored in a canonical text form: numbers as decimals with a
-- dot, dates as YYYY-MM-DD, yes/no as true/false, a tree's value as its
-- whole path ("Bretagne > Rennes > École Jean Moulin").
CREATE TABLE media_fields (
	media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
	field_id BIGINT NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
	value TEXT NOT NULL,
	PRIMARY KEY (media_id, field_id, value)
);
CREATE INDEX media_fields_field ON media_fields (field_id, value);

-- Where an item was taken, from its GPS position and the gazetteer:
-- city (commune), region, and the country as its ISO 3166 code. placed_at
-- is when the lookup was made (NULL while it waits), so that a position in
-- the middle of the sea is not looked up again at every start.
ALTER TABLE media ADD COLUMN place_city TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN place_region TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN place_country TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN placed_at BIGINT;
CREATE INDEX media_unplaced ON media (id) WHERE placed_at IS NULL AND lat IS NOT NULL;

-- What the index reads of the metadata, as columns, so that building it
-- for a million items does not decode a million JSON documents; folder is
-- the folder the file was imported from, relative to what was imported.
ALTER TABLE media ADD COLUMN make TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN lens TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN folder TEXT NOT NULL DEFAULT '';
UPDATE media SET make = COALESCE({{meta_make}}, ''), model = COALESCE({{meta_model}}, ''),
	lens = COALESCE({{meta_lens}}, ''), rating = COALESCE({{meta_rating}}, 0);

-- Saved searches belong to their author, who may share them with groups;
-- smart ones are listed with the albums and show what the query finds for
-- whoever looks, with that viewer's rights.
CREATE TABLE saved_searches (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	query TEXT NOT NULL,
	sort TEXT NOT NULL DEFAULT '',
	smart BOOLEAN NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id);
CREATE TABLE saved_search_groups (
	search_id BIGINT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
	group_id BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	PRIMARY KEY (search_id, group_id)
);
CREATE INDEX saved_search_groups_group ON saved_search_groups (group_id);

-- Every change the search index must follow, written by triggers in the
-- transaction of the change itself: kind 'm' for an item (ref its id), 't'
-- tags, 'a' albums, 'f' field definitions. Each server's index reads what
-- it has not applied before answering, so an edit is found by the next
-- request, whichever server takes it. Old rows are pruned.
CREATE TABLE search_log (
	seq {{id}},
	kind TEXT NOT NULL,
	ref BIGINT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX search_log_at ON search_log (at);

@sqlite CREATE TRIGGER search_media_ins AFTER INSERT ON media BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_media_upd AFTER UPDATE OF title, description, creator, credit, copyright, alt_text, filename, folder, kind, taken_local, sort_date, width, height, lat, lon, level, pending, deleted_at, place_city, place_region, place_country, make, model, lens, rating, imported_at ON media BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_media_del AFTER DELETE ON media BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_tags_ins AFTER INSERT ON media_tags BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_tags_del AFTER DELETE ON media_tags BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_links_ins AFTER INSERT ON album_media BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_links_del AFTER DELETE ON album_media BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_values_ins AFTER INSERT ON media_fields BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_values_del AFTER DELETE ON media_fields BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.media_id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_tag_names_ins AFTER INSERT ON tags BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('t', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_tag_names_upd AFTER UPDATE ON tags BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('t', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_tag_names_del AFTER DELETE ON tags BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('t', OLD.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_albums_ins AFTER INSERT ON albums BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('a', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_albums_upd AFTER UPDATE OF name, parent_id ON albums BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('a', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_albums_del AFTER DELETE ON albums BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('a', OLD.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_fields_ins AFTER INSERT ON fields BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('f', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_fields_upd AFTER UPDATE ON fields BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('f', NEW.id, {{now_ms}}); END;
@sqlite CREATE TRIGGER search_fields_del AFTER DELETE ON fields BEGIN INSERT INTO search_log (kind, ref, at) VALUES ('f', OLD.id, {{now_ms}}); END;

@postgres CREATE FUNCTION search_log_media() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.id, {{now_ms}}); ELSE INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.id, {{now_ms}}); END IF; RETURN NULL; END $$;
@postgres CREATE FUNCTION search_log_link() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO search_log (kind, ref, at) VALUES ('m', OLD.media_id, {{now_ms}}); ELSE INSERT INTO search_log (kind, ref, at) VALUES ('m', NEW.media_id, {{now_ms}}); END IF; RETURN NULL; END $$;
@postgres CREATE FUNCTION search_log_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO search_log (kind, ref, at) VALUES (TG_ARGV[0], OLD.id, {{now_ms}}); ELSE INSERT INTO search_log (kind, ref, at) VALUES (TG_ARGV[0], NEW.id, {{now_ms}}); END IF; RETURN NULL; END $$;
@postgres CREATE TRIGGER search_media_ins AFTER INSERT OR DELETE ON media FOR EACH ROW EXECUTE FUNCTION search_log_media();
@postgres CREATE TRIGGER search_media_upd AFTER UPDATE OF title, description, creator, credit, copyright, alt_text, filename, folder, kind, taken_local, sort_date, width, height, lat, lon, level, pending, deleted_at, place_city, place_region, place_country, make, model, lens, rating, imported_at ON media FOR EACH ROW EXECUTE FUNCTION search_log_media();
@postgres CREATE TRIGGER search_tags AFTER INSERT OR DELETE ON media_tags FOR EACH ROW EXECUTE FUNCTION search_log_link();
@postgres CREATE TRIGGER search_links AFTER INSERT OR DELETE ON album_media FOR EACH ROW EXECUTE FUNCTION search_log_link();
@postgres CREATE TRIGGER search_values AFTER INSERT OR DELETE ON media_fields FOR EACH ROW EXECUTE FUNCTION search_log_link();
@postgres CREATE TRIGGER search_tag_names AFTER INSERT OR UPDATE OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION search_log_name('t');
@postgres CREATE TRIGGER search_albums AFTER INSERT OR DELETE ON albums FOR EACH ROW EXECUTE FUNCTION search_log_name('a');
@postgres CREATE TRIGGER search_albums_upd AFTER UPDATE OF name, parent_id ON albums FOR EACH ROW EXECUTE FUNCTION search_log_name('a');
@postgres CREATE TRIGGER search_fields AFTER INSERT OR UPDATE OR DELETE ON fields FOR EACH ROW EXECUTE FUNCTION search_log_name('f');
