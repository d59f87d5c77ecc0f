package search

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func txt(raw, folded string) Text  { return Text{Raw: raw, Folded: folded} }
func word(raw, folded string) Word { return Word{txt(raw, folded)} }
func phrase(raw, folded string) Word {
	return Word{Text{Raw: raw, Folded: folded, Quoted: true}}
}
func match(op MatchOp, raw, folded string) Match { return Match{Op: op, Value: txt(raw, folded)} }
func field(name, raw, folded string) Match {
	return Match{Op: OpField, Field: name, Value: txt(raw, folded)}
}
func allOf(nodes ...Node) And { return And{Nodes: nodes} }
func anyOf(nodes ...Node) Or  { return Or{Nodes: nodes} }

var (
	incl = func(v float64) Bound { return Bound{Value: v, Set: true} }
	excl = func(v float64) Bound { return Bound{Value: v, Set: true, Strict: true} }
	year = func(y int) Date { return Date{Year: y} }
)

// testFields are the custom fields of the tests' library.
var testFields = Options{Field: FieldSet("coloris", "Région", "site", "code-postal")}

func TestParse(t *testing.T) {
	a, b, c := word("a", "a"), word("b", "b"), word("c", "c")
	tests := []struct {
		query string
		want  Node
		canon string // String() of the result; "" when equal to query
	}{
		{"", nil, ""},
		{"   \t ", nil, ""},
		{"Église", word("Église", "eglise"), ""},
		{"Œuvres ﬁn", allOf(word("Œuvres", "oeuvres"), word("ﬁn", "fin")), ""},
		{"a b c", allOf(a, b, c), ""},
		{`"fête  de la  Musique "`, phrase("fête de la Musique", "fete de la musique"), `"fête de la Musique"`},
		{`"dit \"non\" \\ oui"`, phrase(`dit "non" \ oui`, `dit "non" \ oui`), ""},
		{`"OR"`, phrase("OR", "or"), ""},
		{"-a", Not{a}, ""},
		{`-"a b"`, Not{phrase("a b", "a b")}, ""},
		{"-(a b)", Not{allOf(a, b)}, ""},
		{"-(-a)", a, "a"},
		{"jean-pierre 10:30 _x:y", allOf(word("jean-pierre", "jean-pierre"), word("10:30", "10:30"), word("_x:y", "_x:y")), ""},
		// OR binds tighter than the implicit AND.
		{"a b OR c", allOf(a, anyOf(b, c)), ""},
		{"a OR b c", allOf(anyOf(a, b), c), ""},
		{"a OU b | c", anyOf(a, b, c), "a OR b OR c"},
		{"(a b) OR c", anyOf(allOf(a, b), c), ""},
		{"a AND b ET c", allOf(a, b, c), "a b c"},
		{"a or b", allOf(a, word("or", "or"), b), ""},
		{"((a))", a, "a"},
		{"a (b c) ((d))", allOf(a, b, c, word("d", "d")), "a b c d"},
		{"(a OR b) OR (c OR d)", anyOf(a, b, c, word("d", "d")), "a OR b OR c OR d"},
		{"-(a OR b)", Not{anyOf(a, b)}, ""},
		{"untagged", Untagged{}, ""},
		{"Non-Étiqueté -sansmotclé", allOf(Untagged{}, Not{Untagged{}}), "untagged -untagged"},
		{`"untagged"`, phrase("untagged", "untagged"), ""},
		// Text operators, English and French.
		{"tag:Fête", match(OpTag, "Fête", "fete"), ""},
		{`mot-clé:"Fête de la musique"`, Match{Op: OpTag, Value: Text{Raw: "Fête de la musique", Folded: "fete de la musique", Quoted: true}}, `tag:"Fête de la musique"`},
		{"MC:x motclé:y MOT_CLE:z Étiquette:w", allOf(match(OpTag, "x", "x"), match(OpTag, "y", "y"), match(OpTag, "z", "z"), match(OpTag, "w", "w")), "tag:x tag:y tag:z tag:w"},
		{"album:Événements/2019", match(OpAlbum, "Événements/2019", "evenements/2019"), ""},
		{"place:Lyon lieu:Paris", allOf(match(OpPlace, "Lyon", "lyon"), match(OpPlace, "Paris", "paris")), "place:Lyon place:Paris"},
		{"camera:Canon appareil:Nikon", allOf(match(OpCamera, "Canon", "canon"), match(OpCamera, "Nikon", "nikon")), "camera:Canon camera:Nikon"},
		{"lens:50mm objectif:EF", allOf(match(OpLens, "50mm", "50mm"), match(OpLens, "EF", "ef")), "lens:50mm lens:EF"},
		{"tag:a:b tag:-x", allOf(match(OpTag, "a:b", "a:b"), match(OpTag, "-x", "-x")), ""},
		{"-tag:x", Not{match(OpTag, "x", "x")}, ""},
		{"tag:a|b", anyOf(match(OpTag, "a", "a"), match(OpTag, "b", "b")), ""},
		{`tag:"a b"|c`, anyOf(Match{Op: OpTag, Value: Text{Raw: "a b", Folded: "a b", Quoted: true}}, match(OpTag, "c", "c")), ""},
		{"tag:a OR tag:b", anyOf(match(OpTag, "a", "a"), match(OpTag, "b", "b")), "tag:a|b"},
		{"-tag:a|b", Not{anyOf(match(OpTag, "a", "a"), match(OpTag, "b", "b"))}, ""},
		{"x tag:a|b OR c", allOf(word("x", "x"), anyOf(match(OpTag, "a", "a"), match(OpTag, "b", "b"), c)), "x tag:a OR tag:b OR c"},
		{`tag:"a"b`, allOf(Match{Op: OpTag, Value: Text{Raw: "a", Folded: "a", Quoted: true}}, b), `tag:"a" b`},
		// Custom fields.
		{"coloris:rouge", field("coloris", "rouge", "rouge"), ""},
		{`Site:"École Jean Moulin"`, Match{Op: OpField, Field: "site", Value: Text{Raw: "École Jean Moulin", Folded: "ecole jean moulin", Quoted: true}}, `site:"École Jean Moulin"`},
		{"RÉGION:Bretagne", field("region", "Bretagne", "bretagne"), "region:Bretagne"},
		{"code-postal:69001", field("code-postal", "69001", "69001"), ""},
		{"coloris:rouge|bleu", anyOf(field("coloris", "rouge", "rouge"), field("coloris", "bleu", "bleu")), ""},
		// Enumerations.
		{"type:photo|video", anyOf(TypeIs{KindPhoto}, TypeIs{KindVideo}), ""},
		{"type:PDF type:autre type:vidéo type:image", allOf(TypeIs{KindPDF}, TypeIs{KindOther}, TypeIs{KindVideo}, TypeIs{KindPhoto}), "type:pdf type:other type:video type:photo"},
		{"orientation:Portrait orientation:paysage orientation:carré", allOf(OrientationIs{Portrait}, OrientationIs{Landscape}, OrientationIs{Square}), "orientation:portrait orientation:landscape orientation:square"},
		{"has:gps a:titre avec:mots-clés", allOf(Has{Flag: FlagGPS}, Has{Flag: FlagTitle}, Has{Flag: FlagTags}), "has:gps has:title has:tags"},
		{"has:coloris", Has{Field: "coloris"}, ""},
		{"no:gps", Not{Has{Flag: FlagGPS}}, ""},
		{"sans:lieu no:Région", allOf(Not{Has{Flag: FlagPlace}}, Not{Has{Field: "region"}}), "no:place no:region"},
		{"-no:gps", Has{Flag: FlagGPS}, "has:gps"},
		{"-has:gps", Not{Has{Flag: FlagGPS}}, "no:gps"},
		{"no:gps|title", anyOf(Not{Has{Flag: FlagGPS}}, Not{Has{Flag: FlagTitle}}), ""},
		// Dates.
		{"taken:2019", Dates{Taken, DateRange{year(2019), year(2019)}}, ""},
		{"taken:2019-6", Dates{Taken, DateRange{Date{2019, 6, 0}, Date{2019, 6, 0}}}, "taken:2019-06"},
		{"date:2019-06-21", Dates{Taken, DateRange{Date{2019, 6, 21}, Date{2019, 6, 21}}}, "taken:2019-06-21"},
		{"prise:21/06/2019", Dates{Taken, DateRange{Date{2019, 6, 21}, Date{2019, 6, 21}}}, "taken:2019-06-21"},
		{"date:06/2019", Dates{Taken, DateRange{Date{2019, 6, 0}, Date{2019, 6, 0}}}, "taken:2019-06"},
		{"taken:2019..2021-06", Dates{Taken, DateRange{year(2019), Date{2021, 6, 0}}}, ""},
		{"taken:2019-06..2019", Dates{Taken, DateRange{Date{2019, 6, 0}, year(2019)}}, ""},
		{"taken:..2020", Dates{Taken, DateRange{To: year(2020)}}, ""},
		{"taken:2021..", Dates{Taken, DateRange{From: year(2021)}}, ""},
		{"taken:2019..2019", Dates{Taken, DateRange{year(2019), year(2019)}}, "taken:2019"},
		{"added:>2026-01", Dates{Added, DateRange{From: Date{2026, 2, 0}}}, "added:2026-02.."},
		{"ajout:>2026-12", Dates{Added, DateRange{From: Date{2027, 1, 0}}}, "added:2027-01.."},
		{"ajouté:>2024-02-29", Dates{Added, DateRange{From: Date{2024, 3, 1}}}, "added:2024-03-01.."},
		{"added:>=2026", Dates{Added, DateRange{From: year(2026)}}, "added:2026.."},
		{"added:<2026-01-01", Dates{Added, DateRange{To: Date{2025, 12, 31}}}, "added:..2025-12-31"},
		{"added:<=2026-01", Dates{Added, DateRange{To: Date{2026, 1, 0}}}, "added:..2026-01"},
		{"taken:2019|2021", anyOf(Dates{Taken, DateRange{year(2019), year(2019)}}, Dates{Taken, DateRange{year(2021), year(2021)}}), ""},
		// Numbers.
		{"rating:4", Rating{NumRange{incl(4), incl(4)}}, ""},
		{"rating:>=4", Rating{NumRange{Lo: incl(4)}}, ""},
		{"note:>3,5", Rating{NumRange{Lo: excl(3.5)}}, "rating:>3.5"},
		{"rating:<2 rating:<=2", allOf(Rating{NumRange{Hi: excl(2)}}, Rating{NumRange{Hi: incl(2)}}), ""},
		{"rating:2..4", Rating{NumRange{incl(2), incl(4)}}, ""},
		{"rating:2..", Rating{NumRange{Lo: incl(2)}}, "rating:>=2"},
		{"rating:..04", Rating{NumRange{Hi: incl(4)}}, "rating:<=4"},
		{"rating:0", Rating{NumRange{incl(0), incl(0)}}, ""},
		{"size:>12mp", Size{NumRange{Lo: excl(12)}}, ""},
		{"taille:8..12MPX", Size{NumRange{incl(8), incl(12)}}, "size:8mp..12mp"},
		{"size:24", Size{NumRange{incl(24), incl(24)}}, "size:24mp"},
		{"size:<=2,5mpix", Size{NumRange{Hi: incl(2.5)}}, "size:<=2.5mp"},
		// Near.
		{"near:48.8566,2.3522,5", Near{48.8566, 2.3522, 5}, ""},
		{"près:-33.86,151.2,0.5km pres:0,0,20000", allOf(Near{-33.86, 151.2, 0.5}, Near{0, 0, 20000}), "near:-33.86,151.2,0.5 near:0,0,20000"},
		// Everything together.
		{`"fête de la musique" taken:2019 (lieu:Lyon OR place:"vieux Lyon") -type:video note:>=4 -sans:gps`,
			allOf(phrase("fête de la musique", "fete de la musique"), Dates{Taken, DateRange{year(2019), year(2019)}},
				anyOf(match(OpPlace, "Lyon", "lyon"), Match{Op: OpPlace, Value: Text{Raw: "vieux Lyon", Folded: "vieux lyon", Quoted: true}}),
				Not{TypeIs{KindVideo}}, Rating{NumRange{Lo: incl(4)}}, Has{Flag: FlagGPS}),
			`"fête de la musique" taken:2019 place:Lyon|"vieux Lyon" -type:video rating:>=4 has:gps`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := Parse(tt.query, testFields)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.query, err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Fatalf("Parse(%q) (-want +got):\n%s", tt.query, d)
			}
			if got == nil {
				return
			}
			canon := tt.canon
			if canon == "" {
				canon = tt.query
			}
			if s := got.String(); s != canon {
				t.Errorf("String() = %q, want %q", s, canon)
			}
			again, err := Parse(got.String(), testFields)
			if err != nil {
				t.Fatalf("Parse(String()) = %v", err)
			}
			if d := cmp.Diff(got, again); d != "" {
				t.Errorf("String() parses to another tree (-first +second):\n%s", d)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Église":      "eglise",
		"FÊTES":       "fetes",
		"Œuvre Cæsar": "oeuvre caesar",
		"Straße":      "strasse",
		"l’été":       "l'ete",
		"Ｌｙｏｎ":        "lyon",
		"Łódź":        "lodz",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsReserved(t *testing.T) {
	for name, want := range map[string]bool{
		"Lieu": true, "mot-clé": true, "DATE": true, "untagged": true, "pres": true,
		"coloris": false, "site": false, "region": false,
	} {
		if got := IsReserved(name); got != want {
			t.Errorf("IsReserved(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestOperatorsCanonical checks that every alias leads to a canonical name.
func TestOperatorsCanonical(t *testing.T) {
	canonical := map[string]bool{}
	for _, name := range Operators() {
		canonical[name] = true
		if _, ok := operators[name]; !ok {
			t.Errorf("canonical operator %q is not in the alias table", name)
		}
	}
	for alias := range operators {
		n, err := Parse(alias+":2019", Options{})
		var e *Error
		if errors.As(err, &e) && e.Key == ErrUnknownOperator {
			t.Errorf("alias %q is unknown to Parse", alias)
			continue
		}
		if n == nil {
			continue
		}
		p, _, _ := leaf(n)
		if _, isNot := n.(Not); err == nil && !isNot && !canonical[p[:len(p)-1]] {
			t.Errorf("alias %q prints as %q, not a canonical operator", alias, n)
		}
	}
}
