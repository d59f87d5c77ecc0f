package gallery

import (
	"path"
	"strings"
	"time"
	"unicode"
)

// Media is one stored file, identified by the SHA-256 of its bytes.
type Media struct {
	ID int64 `json:"id"`
	// Key is a random public identifier used in URLs; it reveals nothing
	// about the file and cannot be guessed from other items' keys.
	Key      string `json:"key"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	Filename string `json:"filename"`

	// Title, Description and Creator are editable; they start from the
	// file's metadata and, once Edited names them, a rescan leaves them be.
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Creator     string `json:"creator,omitempty"`
	// Credit is the credit line ("Mairie de …"), Copyright the rights
	// notice; both start from the file's IPTC/XMP/EXIF and are editable.
	Credit    string `json:"credit,omitempty"`
	Copyright string `json:"copyright,omitempty"`
	// AltText describes the picture for people who cannot see it; the
	// title stands in while it is empty.
	AltText string   `json:"alt_text,omitempty"`
	Edited  []string `json:"edited,omitempty"`

	Meta Metadata `json:"meta"`

	Tags   []string `json:"tags,omitempty"`
	Albums []string `json:"albums,omitempty"` // album paths, "A/B"

	ImportedAt time.Time `json:"imported_at"`
	// DerivedAt is when the import-time derivatives were made; nil while
	// that work is pending.
	DerivedAt *time.Time `json:"derived_at,omitempty"`
	// DeletedAt is when the item went to the trash; nil when it is not
	// there.
	DeletedAt *time.Time `json:"deleted_at,omitempty"`

	// Level is the item's privacy level; OwnerID the account that brought
	// it (0 for the command line), whose quota it counts against; Pending
	// marks a contribution awaiting review.
	Level   int   `json:"level"`
	OwnerID int64 `json:"owner_id,omitempty"`
	Pending bool  `json:"pending,omitempty"`

	// Folder is the folder the file was imported from, relative to what
	// was imported ("2019/Fête de la musique"); its names are searchable.
	Folder string `json:"folder,omitempty"`
	// Place is where the item was taken, from its GPS position and the
	// gazetteer; zero until looked up, or when nothing is near.
	Place Place `json:"place,omitzero"`
}

// Place names where an item was taken: its city (commune), region, and
// country as an ISO 3166 alpha-2 code ("FR").
type Place struct {
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"`
}

// IsZero reports whether no place is known.
func (p Place) IsZero() bool { return p == Place{} }

// Size is a derivative size, named as Piwigo names it so that its API can
// point at our files.
type Size struct {
	Name string
	// Long is the maximum long side in pixels; for square, the side.
	Long   int
	Square bool
	// AtImport tells whether the size is made when the file is imported
	// rather than on first request.
	AtImport bool
}

// Sizes lists every derivative size from the smallest to the largest.
var Sizes = []Size{
	{Name: "square", Long: 120, Square: true, AtImport: true},
	{Name: "thumb", Long: 144, AtImport: true},
	{Name: "2small", Long: 240},
	{Name: "xsmall", Long: 432},
	{Name: "small", Long: 576},
	{Name: "medium", Long: 792, AtImport: true},
	{Name: "large", Long: 1008},
	{Name: "xlarge", Long: 1224},
	{Name: "xxlarge", Long: 1656},
}

// SizeByName returns the size called name.
func SizeByName(name string) (Size, bool) {
	for _, s := range Sizes {
		if s.Name == name {
			return s, true
		}
	}
	return Size{}, false
}

// Role is an account's status, after Piwigo's.
type Role string

// Roles, from the most to the least powerful.
const (
	RoleWebmaster Role = "webmaster"
	RoleAdmin     Role = "admin"
	RoleNormal    Role = "normal"
	RoleGeneric   Role = "generic"
	RoleGuest     Role = "guest"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleWebmaster, RoleAdmin, RoleNormal, RoleGeneric, RoleGuest:
		return true
	}
	return false
}

// User is an account.
type User struct {
	ID           int64
	Name         string
	Role         Role
	PasswordHash string
	CreatedAt    time.Time
	// Level is the privacy level the user sees up to.
	Level int
	Email string
	// Lang is the user's chosen language, "" to follow the browser.
	Lang string
	// Quota bounds the bytes of originals the user may own; nil for none.
	Quota    *int64
	Disabled bool
	// TOTP tells whether sign-in asks for a one-time code too.
	TOTP bool
	// Groups the user belongs to (filled where a page needs them).
	Groups []int64
}

// ImportSizes returns the sizes made when a file is imported.
func ImportSizes() []Size {
	var out []Size
	for _, s := range Sizes {
		if s.AtImport {
			out = append(out, s)
		}
	}
	return out
}

// DisplayTitle is the title people see: the item's title, else one made
// from its file name.
func (m Media) DisplayTitle() string {
	if m.Title != "" {
		return m.Title
	}
	return NameTitle(m.Filename)
}

// NameTitle makes a title from a file name: "FDLM26_14.jpg" gives
// "FDLM26 14". The extension goes; underscores, and dashes and dots
// between words, become spaces; runs of spaces collapse. A name with nothing left
// is given back as it was.
func NameTitle(name string) string {
	base := name
	if ext := path.Ext(base); ext != base && len(ext) <= 6 {
		base = strings.TrimSuffix(base, ext)
	}
	r := []rune(base)
	var b strings.Builder
	for i, c := range r {
		// A dash or dot between digits is part of a date or a number
		// ("2026-06-21", "3.5"): it stays.
		digits := i > 0 && i < len(r)-1 && unicode.IsDigit(r[i-1]) && unicode.IsDigit(r[i+1])
		if c == '_' || ((c == '-' || c == '.') && !digits) {
			c = ' '
		}
		b.WriteRune(c)
	}
	t := strings.Join(strings.Fields(b.String()), " ")
	if t == "" {
		return name
	}
	return t
}
