package search

// opKind is what an operator name stands for.
type opKind int

const (
	opMatch opKind = iota + 1
	opType
	opOrientation
	opHas
	opNo
	opDate
	opRating
	opSize
	opNear
	opLevel
)

type operator struct {
	kind  opKind
	match MatchOp   // for opMatch
	date  DateField // for opDate
}

// operators maps every operator name and alias, as key folds them, to its
// meaning. The package documentation lists them; keep both in step.
var operators = map[string]operator{
	"tag": {kind: opMatch, match: OpTag}, "tags": {kind: opMatch, match: OpTag},
	"motcle": {kind: opMatch, match: OpTag}, "motscles": {kind: opMatch, match: OpTag},
	"mc": {kind: opMatch, match: OpTag}, "etiquette": {kind: opMatch, match: OpTag},
	"album": {kind: opMatch, match: OpAlbum},
	"place": {kind: opMatch, match: OpPlace}, "lieu": {kind: opMatch, match: OpPlace},
	"camera": {kind: opMatch, match: OpCamera}, "appareil": {kind: opMatch, match: OpCamera},
	"lens": {kind: opMatch, match: OpLens}, "objectif": {kind: opMatch, match: OpLens},
	"type":        {kind: opType},
	"orientation": {kind: opOrientation},
	"has":         {kind: opHas}, "a": {kind: opHas}, "avec": {kind: opHas},
	"no": {kind: opNo}, "sans": {kind: opNo},
	"taken": {kind: opDate, date: Taken}, "date": {kind: opDate, date: Taken},
	"prise": {kind: opDate, date: Taken},
	"added": {kind: opDate, date: Added}, "ajout": {kind: opDate, date: Added},
	"ajoute": {kind: opDate, date: Added},
	"rating": {kind: opRating}, "note": {kind: opRating},
	"size": {kind: opSize}, "taille": {kind: opSize},
	"near": {kind: opNear}, "pres": {kind: opNear},
	"level": {kind: opLevel}, "niveau": {kind: opLevel}, "privacy": {kind: opLevel},
	"confidentialite": {kind: opLevel},
}

// untaggedWords are the bare keywords meaning Untagged, as key folds them.
var untaggedWords = map[string]bool{
	"untagged": true, "nonetiquete": true, "sansmotcle": true, "sansetiquette": true,
}

var kinds = map[string]Kind{
	"photo": KindPhoto, "photos": KindPhoto, "image": KindPhoto, "images": KindPhoto,
	"video": KindVideo, "videos": KindVideo,
	"pdf":   KindPDF,
	"other": KindOther, "autre": KindOther, "autres": KindOther,
}

var orientations = map[string]Orientation{
	"portrait": Portrait, "landscape": Landscape, "paysage": Landscape,
	"square": Square, "carre": Square,
}

var flags = map[string]Flag{
	"gps": FlagGPS, "title": FlagTitle, "titre": FlagTitle,
	"description": FlagDescription,
	"tags":        FlagTags, "tag": FlagTags, "motcle": FlagTags, "motscles": FlagTags,
	"etiquette": FlagTags, "etiquettes": FlagTags,
	"place": FlagPlace, "lieu": FlagPlace,
	"camera": FlagCamera, "appareil": FlagCamera,
	"lens": FlagLens, "objectif": FlagLens,
	"rating": FlagRating, "note": FlagRating,
	"creator": FlagCreator, "auteur": FlagCreator, "createur": FlagCreator,
	"credit": FlagCredit,
}

// IsReserved reports whether name, once folded, is an operator, an alias or
// a keyword, so that the fields administration can refuse it as a custom
// field's name: built-in operators win over fields of the same name.
func IsReserved(name string) bool {
	k := key(name)
	_, op := operators[k]
	return op || untaggedWords[k]
}
