-- The organisation's identity, set by the webmaster: the site's name, its
-- accent colour, the home page's introduction and the legal pages' texts,
-- each by name ("site_name", "accent", "intro", "page.legal.fr", …).
CREATE TABLE branding (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- The logo, at most one (id 1), kept in the database so that every server
-- serves the same; digest names its version in its address.
CREATE TABLE brand_logo (
	id INTEGER PRIMARY KEY,
	content_type TEXT NOT NULL,
	digest TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	data {{bytes}} NOT NULL
);
