package gallery

import "time"

// Album is a node of the album tree with what a listing shows of it.
type Album struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id,omitempty"` // 0 for a root album
	Name     string `json:"name"`
	// Path is the names from the root, "/"-joined.
	Path        string `json:"path"`
	Description string `json:"description,omitempty"`
	// Count is the items filed directly in the album; Total adds those of
	// every sub-album (an item in two of them counts twice).
	Count int `json:"count"`
	Total int `json:"total"`
	// CoverKey is the public key of the cover item, chosen or the first.
	CoverKey string `json:"cover_key,omitempty"`
	// Order is how the album lists its items.
	Order ItemOrder `json:"order,omitempty"`
	// First and Last bound the items' sort dates, sub-albums included.
	First, Last string    `json:"-"`
	Children    []*Album  `json:"children,omitempty"`
	CreatedAt   time.Time `json:"created_at"`

	// Badge is set for staff only: then Public says whether everyone who
	// may browse sees the album (it and every album above it are public).
	Badge, Public bool `json:"-"`
}

// Page is a window of a listing, with the cursor of the next one.
type Page struct {
	Items []Media
	// Next is empty on the last page.
	Next string
}

// TagCount is a tag with how many items of it a caller may see.
type TagCount struct {
	Name  string
	Count int
}

// Month is one month of the timeline.
type Month struct {
	// Key is "YYYY-MM"; "" groups items without a date.
	Key   string
	Count int
}

// AlbumLink is an item's filing in an album, at the level the link
// carries (the item's privacy level, or higher while it awaits review).
type AlbumLink struct {
	Album int64
	Level int
}

// ItemLinks is an item with every album it is filed in.
type ItemLinks struct {
	ID               int64
	Key              string
	Deleted, Pending bool
	Links            []AlbumLink
}

// Perm returns acc's rights on the item: the union of its rights on the
// albums holding it at a level acc reaches; 0 when acc may not see it (in
// the trash, or in no album acc sees). Administrators may do anything.
func (it ItemLinks) Perm(acc *Access) Perm {
	if acc.All {
		return PermAll
	}
	if it.Deleted {
		return 0
	}
	var p Perm
	for _, l := range it.Links {
		if l.Level <= acc.Level {
			p |= acc.On(l.Album)
		}
	}
	return p
}

// EditsEverywhere reports whether acc may edit every album holding the
// item, hidden ones included: only then may acc trash it for everyone.
func (it ItemLinks) EditsEverywhere(acc *Access) bool {
	if acc.All {
		return true
	}
	for _, l := range it.Links {
		if !acc.On(l.Album).Has(PermEdit) {
			return false
		}
	}
	return len(it.Links) > 0
}

// ItemOrder is how an album lists its items.
type ItemOrder string

const (
	OrderDate   ItemOrder = ""       // by date taken, oldest first
	OrderManual ItemOrder = "manual" // as people arranged them
	OrderTitle  ItemOrder = "title"  // by title (the file name's when none)
	OrderName   ItemOrder = "name"   // by file name
)

// ItemOrders lists every order, the default first.
func ItemOrders() []ItemOrder { return []ItemOrder{OrderDate, OrderManual, OrderTitle, OrderName} }

// Valid reports whether o is one of the orders.
func (o ItemOrder) Valid() bool {
	switch o {
	case OrderDate, OrderManual, OrderTitle, OrderName:
		return true
	}
	return false
}

// MaxAlbumDescription bounds an album's description, in characters.
const MaxAlbumDescription = 5000
