// Package search reads the query language of the search box into a tree of
// And, Or and Not nodes over typed leaves, for a planner to turn into SQL.
// It does no I/O and imports nothing of Imagier.
//
// # Syntax
//
//	église fête               both words (terms are joined by an implicit AND)
//	"fête de la musique"      a phrase (\" and \\ escape inside quotes)
//	-word -"phrase" -tag:x    negation; -(a OR b) negates a group
//	a OR b, a OU b, a | b     either (OR must stand between two terms)
//	a AND b, a ET b           both, as with a space
//	type:photo|video          alternatives of one operator: type:photo OR type:video
//	( … )                     grouping, nested at most MaxDepth deep
//	name:value                an operator, or a custom field (coloris:rouge)
//
// Precedence, as in common search engines: - binds tightest, then OR, then the
// implicit AND, so `a b OR c` is `a AND (b OR c)`.
//
// OR, OU, AND and ET are keywords only in upper case and unquoted; the bare
// words `untagged`, `non-étiqueté`, `sansmotclé` and `sans-étiquette` mean
// Untagged. Quote them to search for the words themselves. A `|` outside an
// operator's value, or glued to a word, is an error, as is a `-` followed by
// nothing to exclude.
//
// # Operators
//
// Operator names and enumerated values ignore case, accents, hyphens and
// underscores (`Mot-Clé:`, `motcle:` and `MOT_CLE:` are one operator).
//
//	canonical     aliases                                value
//	tag:          tags: mot-clé: motclé: mc: étiquette:   text
//	album:        —                                      text
//	place:        lieu:                                  text
//	camera:       appareil:                              text
//	lens:         objectif:                              text
//	type:         —                                      photo (image), video (vidéo), pdf, other (autre)
//	orientation:  —                                      portrait, landscape (paysage), square (carré)
//	taken:        date: prise:                           dates (below)
//	added:        ajout: ajouté:                         dates
//	rating:       note:                                  numbers 0–5 (below)
//	size:         taille:                                megapixels: 12, >12mp, 8..12mpx
//	has:          a: avec:                               a flag (below) or a custom field
//	no:           sans:                                  a flag or a custom field: Not{Has}
//	near:         près: pres:                            LAT,LON,KM in degrees and km: 48.85,2.35,5km
//	level:        niveau: privacy: confidentialité:      privacy level 0, 1, 2, 4, 8 as numbers
//	FIELD:        any other name the caller accepts      text, for a custom field
//
// Flags of has: and no: (French aliases in parentheses): gps, title (titre),
// description, tags (tag, mot-clé, mots-clés, étiquette), place (lieu), camera
// (appareil), lens (objectif), rating (note), creator (auteur, créateur),
// credit. A built-in flag wins over a custom field of the same name.
//
// Dates: 2019, 2019-06, 2019-06-21 (or 06/2019, 21/06/2019); ranges
// 2019..2021-06, ..2020, 2021..; comparisons >2026-01, >=, <, <=. A range runs
// from the first day of its start to the last day of its end; comparisons
// become ranges (`>2026-01` is `2026-02..`). Numbers: 4, 2..4, >=4, >4, <4,
// <=4, with a decimal point or comma (3.5, 3,5).
//
// # Custom fields
//
// Any other `name:` is a custom field if Options.Field accepts its folded
// name, and an ErrUnknownOperator otherwise: an unknown operator never
// becomes a word. The built-in names above win, so the fields administration
// should refuse names for which IsReserved is true.
//
// # Errors and limits
//
// A mistake is a *Error carrying the byte offsets and rune column of the
// faulty text, an ErrorKey and its arguments, for a localised message. A
// query is at most MaxBytes bytes, MaxDepth nested groups and MaxTerms
// leaves; Parse never panics (see FuzzParse).
//
// # Canonical form
//
// Every Node's String prints the canonical syntax with English operator
// names (`mc:Fête` prints `tag:Fête`, `no:gps` prints `no:gps`, `-no:gps`
// parses to has:gps); it parses back to an equal tree.
package search
