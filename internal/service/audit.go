package service

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// AuditLog returns audit entries, newest first, for administrators.
func (s *Service) AuditLog(ctx context.Context, a Actor, f gallery.AuditFilter) ([]gallery.AuditEntry, error) {
	if err := admin(a, "audit"); err != nil {
		return nil, err
	}
	return s.store.Audit(ctx, f)
}

// AuditLine is an audit entry with the names its sentence needs, looked
// up now: what was deleted since has an empty name, and the page says so.
type AuditLine struct {
	gallery.AuditEntry
	// Facts are the detail's "key=value" parts.
	Facts map[string]string
	// Items counts the items the entry is about; Kind is their kind when
	// every one still known shares it, and Item the name of the first.
	Items int
	Kind  gallery.Kind
	Item  string
	// Object names what the target's number or key designates: an
	// album, an account, a group; empty when it is gone, or when the
	// target is a name already.
	Object string
	// Album names the album the change went into (album=, or the one
	// album holding every item), From the one it left, Parent where an
	// album went; Who the account or group a grant or membership is for.
	Album, From, Parent, Who string
	// WhoGroup is set when Who is a group.
	WhoGroup bool
}

// AuditLines returns audit entries with their names resolved, for the
// activity log's sentences.
func (s *Service) AuditLines(ctx context.Context, a Actor, f gallery.AuditFilter) ([]AuditLine, error) {
	entries, err := s.AuditLog(ctx, a, f)
	if err != nil {
		return nil, err
	}
	r, err := s.auditNames(ctx, a, entries)
	if err != nil {
		return nil, err
	}
	out := make([]AuditLine, len(entries))
	for i, e := range entries {
		out[i] = r.line(e)
	}
	return out, nil
}

// auditResolver holds the names every line of a page may need, read once.
type auditResolver struct {
	albums map[int64]string
	users  map[int64]string
	groups map[int64]string
	items  map[string]gallery.ItemSummary
}

// maxKeysPerLine bounds the items looked up for one entry: a batch of
// thousands is counted, not listed.
const maxKeysPerLine = 200

func (s *Service) auditNames(ctx context.Context, a Actor, entries []gallery.AuditEntry) (*auditResolver, error) {
	r := &auditResolver{albums: map[int64]string{}, users: map[int64]string{}, groups: map[int64]string{}}
	_, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return nil, err
	}
	for id, al := range byID {
		r.albums[id] = al.Name
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		r.users[u.ID] = u.Name
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		r.groups[g.ID] = g.Name
	}
	var keys []string
	seen := map[string]bool{}
	for _, e := range entries {
		k := itemKeys(e)
		for _, key := range k[:min(len(k), maxKeysPerLine)] {
			if !seen[key] {
				seen[key] = true
				keys = append(keys, key)
			}
		}
	}
	r.items, err = s.store.ItemSummaries(ctx, keys)
	return r, err
}

// itemKeys returns the keys of the items an entry is about.
func itemKeys(e gallery.AuditEntry) []string {
	switch {
	case strings.HasPrefix(e.Action, "media.") || strings.HasPrefix(e.Action, "review."):
		return strings.Fields(e.Target)
	case strings.HasPrefix(e.Action, "upload") || strings.HasPrefix(e.Action, "import"):
		return strings.Fields(e.Detail)
	}
	return nil
}

// factKey finds where each "key=" of a detail starts.
var factKey = regexp.MustCompile(`(?:^| )([a-z_]+)=`)

// parseFacts reads a detail's "key=value" parts; a value runs to the next
// key, so tags with spaces stay whole.
func parseFacts(detail string) map[string]string {
	out := map[string]string{}
	idx := factKey.FindAllStringSubmatchIndex(detail, -1)
	for i, m := range idx {
		end := len(detail)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[detail[m[2]:m[3]]] = detail[m[1]:end]
	}
	return out
}

func (r *auditResolver) line(e gallery.AuditEntry) AuditLine {
	l := AuditLine{AuditEntry: e, Facts: parseFacts(e.Detail)}
	keys := itemKeys(e)
	l.Items = len(keys)
	albums := map[int64]bool{}
	for i, k := range keys {
		it, ok := r.items[k]
		if !ok || i >= maxKeysPerLine {
			continue
		}
		if l.Item == "" {
			l.Item, l.Kind = it.Name, it.Kind
		} else if l.Kind != it.Kind {
			l.Kind = gallery.KindOther
		}
		albums[it.Album] = true
	}
	id := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	switch {
	case strings.HasPrefix(e.Action, "album."):
		if e.Action != "album.create" && e.Action != "album.update" {
			l.Object = r.albums[id(e.Target)]
		}
		l.Parent = r.albums[id(l.Facts["parent"])]
		if e.Action == "album.grant" {
			l.Who, l.WhoGroup = r.grantee(strings.Fields(e.Detail))
		}
	case e.Action == "user.approve" || e.Action == "user.refuse":
		l.Object = r.users[id(e.Target)]
	case e.Action == "group.delete" || e.Action == "group.quota":
		l.Object = r.groups[id(e.Target)]
	case e.Action == "group.join" || e.Action == "group.leave":
		if f := strings.Fields(e.Target); len(f) == 2 {
			l.Object, l.Who = r.groups[id(f[0])], r.users[id(f[1])]
		}
	}
	if n := id(l.Facts["album"]); n != 0 {
		l.Album = r.albums[n]
	} else if len(albums) == 1 {
		for a := range albums {
			l.Album = r.albums[a]
		}
	}
	l.From = r.albums[id(l.Facts["from"])]
	return l
}

// grantee names the user ("u12") or group ("g3") a grant's detail starts
// with.
func (r *auditResolver) grantee(detail []string) (string, bool) {
	if len(detail) == 0 || len(detail[0]) < 2 {
		return "", false
	}
	n, _ := strconv.ParseInt(detail[0][1:], 10, 64)
	if detail[0][0] == 'g' {
		return r.groups[n], true
	}
	return r.users[n], false
}
