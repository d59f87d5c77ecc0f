package gallery

import "time"

// SavedSearch is a query its author keeps under a name, for themselves or
// shared with groups. A smart one is also listed with the albums: its
// content follows the query, and each viewer sees only what their own
// rights let them see, whoever saved it.
type SavedSearch struct {
	ID     int64
	UserID int64
	// Author is the author's account name.
	Author string
	Name   string
	Query  string
	// Sort is the results' order, as search.Sort spells it ("" for
	// relevance).
	Sort  string
	Smart bool
	// Groups are the groups it is shared with.
	Groups    []int64
	CreatedAt time.Time
}
