package gallery

import "time"

// The states of a contribution, as its uploader and the reviewers see it.
const (
	ContributionPending   = "pending"
	ContributionPublished = "published"
	ContributionRefused   = "refused"
)

// Contribution is an upload seen for its review: who brought it, when,
// into which album, and what became of it.
type Contribution struct {
	// Item is the item's card; for a refusal whose item has left the
	// library, only its Filename is known.
	Item       Media
	UploaderID int64
	Uploader   string
	UploadedAt time.Time
	// AlbumID and Album (its path, "A/B") name the album it went into;
	// zero and empty when it went into none.
	AlbumID int64
	Album   string
	State   string
	// RefusedAt is when an administrator refused it.
	RefusedAt *time.Time
}
