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
	// First and Last bound the items' sort dates, sub-albums included.
	First, Last string    `json:"-"`
	Children    []*Album  `json:"children,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Page is a window of a listing, with the cursor of the next one.
type Page struct {
	Items []Media
	// Next is empty on the last page.
	Next string
}

// Month is one month of the timeline.
type Month struct {
	// Key is "YYYY-MM"; "" groups items without a date.
	Key   string
	Count int
}
