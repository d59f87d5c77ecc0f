package gallery

import "time"

// Session is a signed-in browser, found by the hash of its cookie's token.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
	UserAgent string
	// LastSeen is when the session was last used, to a few minutes.
	LastSeen time.Time
	// RightsVersion is read with the session (see SessionUser).
	RightsVersion int64
}

// APIKey is a key a user made for a script or an app.
type APIKey struct {
	ID        int64
	UserID    int64
	Name      string
	ReadOnly  bool
	CreatedAt time.Time
	// ExpiresAt and RevokedAt are nil when the key has none.
	ExpiresAt, RevokedAt *time.Time
}

// Live reports whether the key still opens its user's account at now.
func (k APIKey) Live(now time.Time) bool {
	return k.RevokedAt == nil && (k.ExpiresAt == nil || now.Before(*k.ExpiresAt))
}

// IPBlock is an address or network shut out by an administrator.
type IPBlock struct {
	ID        int64
	Network   string // CIDR
	Note      string
	CreatedAt time.Time
}

// Group is a named set of users that album grants and quotas apply to.
type Group struct {
	ID      int64
	Name    string
	Quota   *int64
	Members []int64
}

// Invitation is a one-time link that creates an account.
type Invitation struct {
	ID        int64
	GroupID   int64 // 0 for none
	CreatedBy int64
	Note      string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Usage is the bytes of originals an account, a group or the library
// holds. Items in the trash still count: their files are still there.
type Usage struct {
	Bytes int64
	Items int
}

// AuditEntry is one change someone made: who, when, from where, what.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64
	UserName string
	// Action is a dotted name, "album.create", "grant.set", …
	Action  string
	Target  string
	Detail  string
	Address string
}

// ItemSummary is what the audit log names an item by: its kind, its
// title (else its file name) and one album holding it (0 for none).
type ItemSummary struct {
	Key   string
	Kind  Kind
	Name  string
	Album int64
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	User string
	// Action matches a whole action or its prefix before a dot ("album").
	Action   string
	From, To time.Time
	// Before pages backwards: entries with a smaller id.
	Before int64
	Limit  int
}

// Upload is a file being uploaded in chunks.
type Upload struct {
	// ID is random, and names the staged bytes.
	ID     string
	UserID int64
	// AlbumID is where the file goes, 0 for none.
	AlbumID   int64
	Name      string
	Size      int64
	CreatedAt time.Time
}
