package service

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// MediaEdit is what a media page's edit form changes; nil fields are left
// as they are.
type MediaEdit struct {
	Title, Description, AltText *string
	// Creator, Credit and Copyright are the photographer, the credit line
	// and the rights notice.
	Creator, Credit, Copyright *string
	// Tags replaces the item's tags.
	Tags []string
	// SetTags tells Tags was sent (an empty list clears them).
	SetTags bool
	// Taken is the date taken, "" to clear it; SetTaken tells it was sent.
	Taken    string
	SetTaken bool
	// Lat and Lon are the position, both "" to clear it; SetGPS tells they
	// were sent.
	Lat, Lon string
	SetGPS   bool
	// Level is the privacy level, for administrators; nil leaves it.
	Level *int
}

// maxCreditBytes bounds a creator, credit line or rights notice typed in
// the edit form.
const maxCreditBytes = 2000

// parseTaken reads a date and time as a browser's datetime-local field
// sends it.
func parseTaken(v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			if t.Year() < 1800 || t.Year() > 9999 {
				break
			}
			return &t, nil
		}
	}
	return nil, invalid("date %q", v)
}

// parseGPS reads a position typed in decimal degrees, a decimal comma
// allowed.
func parseGPS(lat, lon string) (*gallery.GPS, error) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		return nil, nil
	}
	var la, lo float64
	_, err1 := fmt.Sscan(strings.Replace(lat, ",", ".", 1), &la)
	_, err2 := fmt.Sscan(strings.Replace(lon, ",", ".", 1), &lo)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return nil, invalid("position %q, %q", lat, lon)
	}
	return &gallery.GPS{Lat: la, Lon: lo}, nil
}

// EditMedia saves an item's edit form, all of it or nothing: every field
// is checked before anything is written, and everything is written in
// one transaction with its audit entry.
func (s *Service) EditMedia(ctx context.Context, a Actor, key string, e MediaEdit) error {
	m, perm, err := s.Media(ctx, a, key)
	if err != nil {
		return err
	}
	if !perm.Has(gallery.PermEdit) {
		return fmt.Errorf("edit %s: %w", key, gallery.ErrNotFound)
	}
	if e.Level != nil && (!a.Admin() || !gallery.ValidLevel(*e.Level)) {
		return invalid("level")
	}
	var taken *time.Time
	if e.SetTaken {
		if taken, err = parseTaken(strings.TrimSpace(e.Taken)); err != nil {
			return err
		}
	}
	var gps *gallery.GPS
	var place gallery.Place
	placed := false
	if e.SetGPS {
		if gps, err = parseGPS(e.Lat, e.Lon); err != nil {
			return err
		}
		place, placed = s.placeAt(gps)
	}
	fields := map[string]string{}
	var changed []string
	for name, v := range map[string]*string{"title": e.Title, "description": e.Description, "alt_text": e.AltText,
		"creator": e.Creator, "credit": e.Credit, "copyright": e.Copyright} {
		if v != nil {
			if len(*v) > 100_000 || (len(*v) > maxCreditBytes && (name == "creator" || name == "credit" || name == "copyright")) {
				return fmt.Errorf("%s: %w", name, gallery.ErrTooLong)
			}
			fields[name] = strings.TrimSpace(*v)
			changed = append(changed, name)
		}
	}
	if e.SetTags {
		changed = append(changed, "tags")
	}
	if e.SetTaken {
		changed = append(changed, "taken")
	}
	if e.SetGPS {
		changed = append(changed, "position")
	}
	if e.Level != nil {
		changed = append(changed, "level")
	}
	sort.Strings(changed)
	return s.change(ctx, a, "media.edit", m.Key, strings.Join(changed, ","), func(ctx context.Context) error {
		if e.Level != nil {
			if err := s.store.SetLevel(ctx, []int64{m.ID}, *e.Level); err != nil {
				return err
			}
		}
		if len(fields) > 0 {
			if err := s.store.Edit(ctx, m.ID, fields); err != nil {
				return err
			}
		}
		if e.SetTags {
			if err := s.store.SetTags(ctx, m.ID, e.Tags); err != nil {
				return err
			}
		}
		if e.SetTaken {
			if err := s.store.SetTaken(ctx, m.ID, taken); err != nil {
				return err
			}
		}
		if e.SetGPS {
			if err := s.store.SetGPS(ctx, m.ID, gps); err != nil {
				return err
			}
			if placed {
				_, err := s.store.SetPlaces(ctx, []sqlstore.Placed{{ID: m.ID, Lat: gps.Lat, Lon: gps.Lon, Place: place}}, s.now())
				return err
			}
		}
		return nil
	})
}

// Batch actions on selected items.
const (
	BatchTag     = "tag"
	BatchUntag   = "untag"
	BatchCopy    = "copy"
	BatchMove    = "move"
	BatchRemove  = "remove"
	BatchDelete  = "delete"
	BatchRestore = "restore"
	BatchLevel   = "level"
	BatchCover   = "cover"
	// BatchField sets a field (adds to a multiple choice's values);
	// BatchUnfield clears it (removes the values given of a multiple
	// choice).
	BatchField   = "field"
	BatchUnfield = "unfield"
)

// Batch is one action on many items.
type Batch struct {
	Action string
	Keys   []string
	Tags   []string
	// Album is the destination of copy and move; From the album the items
	// were selected in (move, remove, cover).
	Album, From int64
	// NewAlbum, for administrators, is created under Parent as the
	// destination.
	NewAlbum string
	Parent   int64
	Level    int
	// Results, instead of Keys, names the items as every result of
	// Query (blank: every item the actor sees) that the actor may edit,
	// found when the action is applied. A Query alone means Results.
	Results bool
	Query   string
	// Field and Values are the field and values of BatchField and
	// BatchUnfield.
	Field  int64
	Values []string
	// replace, in an undo, puts a field's values back as they were.
	replace bool
	// undo marks, in the audit log, a batch that undoes another.
	undo bool
	// found is the query a batch of keys was found by, for the log.
	found string
}

// maxBatch bounds the items of one batch action.
const maxBatch = 5000

// BatchResult is what a batch action did: how many items it touched, and
// the batches that put back exactly what it changed (none when it cannot
// be undone).
type BatchResult struct {
	Count int
	Undo  []Batch
	// album is the album the batch created as its destination, if any.
	album int64
}

// BatchEdit applies one action to the selected items. Beyond
// administrators, editors tag, file and trash items of albums they may
// edit, between albums they may edit; an item they may not edit fails
// the whole request, as if it did not exist. An editor's delete trashes
// an item only when they may edit every album holding it; otherwise it
// leaves the albums they edit and stays where others see it.
func (s *Service) BatchEdit(ctx context.Context, a Actor, b Batch) error {
	_, err := s.ApplyBatch(ctx, a, b)
	return err
}

// CheckBatch tells whether the actor may apply b, without applying it:
// the same answer ApplyBatch would give before changing anything, for a
// page that asks for a confirmation first.
func (s *Service) CheckBatch(ctx context.Context, a Actor, b Batch) error {
	if b.onResults() {
		// The results are found when the action is applied; the right
		// to take the action at all is checked now.
		b.Results, b.Query, b.Keys = false, "", nil
	}
	_, _, err := s.batchItems(ctx, a, b)
	return err
}

// batchItems checks the actor's rights for b and returns its items.
func (s *Service) batchItems(ctx context.Context, a Actor, b Batch) ([]gallery.ItemLinks, []int64, error) {
	if len(b.Keys) > maxBatch {
		return nil, nil, invalid("%d items at once", len(b.Keys))
	}
	acc := a.Access
	if !a.Admin() {
		ok := false
		switch b.Action {
		case BatchTag, BatchUntag, BatchDelete, BatchField, BatchUnfield:
			ok = true
		case BatchRestore:
			// An editor restores what they could have trashed: the
			// undo of their own delete.
			ok = true
		case BatchCopy:
			ok = acc.On(b.Album).Has(gallery.PermEdit)
		case BatchMove:
			ok = acc.On(b.Album).Has(gallery.PermEdit) && acc.On(b.From).Has(gallery.PermEdit)
		case BatchRemove:
			ok = acc.On(b.From).Has(gallery.PermEdit)
		}
		if !ok || strings.TrimSpace(b.NewAlbum) != "" {
			return nil, nil, fmt.Errorf("batch %s: %w", b.Action, gallery.ErrNotFound)
		}
	}
	items, err := s.store.ItemsByKeys(ctx, b.Keys)
	if err != nil {
		return nil, nil, err
	}
	if !a.Admin() && len(items) != len(dedupe(b.Keys)) {
		return nil, nil, fmt.Errorf("batch: %w", gallery.ErrNotFound)
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		may := it.Perm(acc).Has(gallery.PermEdit)
		if b.Action == BatchRestore && !a.Admin() {
			may = it.Deleted && it.EditsEverywhere(acc)
		}
		if !may {
			return nil, nil, fmt.Errorf("item %s: %w", it.Key, gallery.ErrNotFound)
		}
		ids = append(ids, it.ID)
	}
	return items, ids, nil
}

// ApplyBatch is BatchEdit, telling what changed and how to undo it.
func (s *Service) ApplyBatch(ctx context.Context, a Actor, b Batch) (BatchResult, error) {
	if b.onResults() {
		return s.applyQuery(ctx, a, b)
	}
	var res BatchResult
	items, ids, err := s.batchItems(ctx, a, b)
	if err != nil {
		return res, err
	}
	acc := a.Access
	res.Count = len(items)
	detail := batchDetail(b)
	err = s.change(ctx, a, "media."+b.Action, strings.Join(b.Keys, " "), detail, func(ctx context.Context) error {
		if b.Album == 0 && strings.TrimSpace(b.NewAlbum) != "" {
			id, err := s.store.CreateAlbum(ctx, b.Parent, b.NewAlbum)
			if err != nil {
				return err
			}
			b.Album, res.album = id, id
		}
		switch b.Action {
		case BatchLevel:
			if !gallery.ValidLevel(b.Level) {
				return invalid("level %d", b.Level)
			}
			return s.store.SetLevel(ctx, ids, b.Level)
		case BatchTag, BatchUntag:
			before, err := s.store.TagsOf(ctx, ids)
			if err != nil {
				return err
			}
			res.Undo = tagUndo(b, items, before)
			if b.Action == BatchTag {
				return s.store.AddTags(ctx, ids, b.Tags)
			}
			return s.store.RemoveTags(ctx, ids, b.Tags)
		case BatchCopy:
			if b.Album == 0 {
				return invalid("no album chosen")
			}
			res.Undo = albumUndo(acc, b, items)
			return s.store.AddToAlbums(ctx, ids, b.Album)
		case BatchMove:
			if b.Album == 0 {
				return invalid("no album chosen")
			}
			res.Undo = albumUndo(acc, b, items)
			return s.store.MoveToAlbum(ctx, ids, b.From, b.Album)
		case BatchRemove:
			res.Undo = albumUndo(acc, b, items)
			return s.store.RemoveFromAlbum(ctx, ids, b.From)
		case BatchDelete:
			res.Undo = trashUndo(a, items)
			return s.trash(ctx, a, items)
		case BatchRestore:
			var again []string
			for _, it := range items {
				if it.Deleted {
					again = append(again, it.Key)
				}
			}
			if len(again) > 0 {
				res.Undo = []Batch{{Action: BatchDelete, Keys: again}}
			}
			return s.store.Restore(ctx, ids)
		case BatchField, BatchUnfield:
			res.Undo, err = s.batchField(ctx, b, items, ids)
			return err
		case BatchCover:
			// The cover of an album is one of its own items.
			if len(items) != 1 || !slices.ContainsFunc(items[0].Links, func(l gallery.AlbumLink) bool { return l.Album == b.From }) {
				return invalid("a cover is one item of the album")
			}
			return s.store.SetCover(ctx, b.From, ids[0])
		}
		return invalid("action %q", b.Action)
	})
	if err != nil {
		return BatchResult{}, err
	}
	return res, nil
}

// UndoBatch applies the undo of a batch action, all of it or nothing. Each
// of its batches is an ordinary one, checked as if the caller had sent
// it: an undo never does what the caller could not do by hand.
func (s *Service) UndoBatch(ctx context.Context, a Actor, undo []Batch) (int, error) {
	if len(undo) == 0 {
		return 0, invalid("nothing to undo")
	}
	seen := map[string]bool{}
	err := s.store.Atomic(ctx, func(ctx context.Context) error {
		for _, b := range undo {
			b.undo = true
			if _, err := s.ApplyBatch(ctx, a, b); err != nil {
				return err
			}
			for _, k := range b.Keys {
				seen[k] = true
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(seen), nil
}

// tagUndo is what puts tags back as they were before b: for adding, the
// removal of each tag from the items that did not have it; for removing,
// the addition of each tag to the items that had it.
func tagUndo(b Batch, items []gallery.ItemLinks, before map[int64][]string) []Batch {
	var undo []Batch
	done := map[string]bool{}
	for _, t := range b.Tags {
		t = strings.TrimSpace(t)
		if t == "" || done[t] {
			continue
		}
		done[t] = true
		var keys []string
		for _, it := range items {
			if slices.Contains(before[it.ID], t) == (b.Action == BatchUntag) {
				keys = append(keys, it.Key)
			}
		}
		if len(keys) == 0 {
			continue
		}
		back := BatchUntag
		if b.Action == BatchUntag {
			back = BatchTag
		}
		undo = append(undo, Batch{Action: back, Keys: keys, Tags: []string{t}})
	}
	return undo
}

// albumUndo is what puts the items of a copy, move or removal back in the
// albums they were in, and only those. An item a removal leaves in no
// album the caller edits has no undo: it is no longer theirs to file.
func albumUndo(acc *gallery.Access, b Batch, items []gallery.ItemLinks) []Batch {
	in := func(it gallery.ItemLinks, album int64) bool {
		return slices.ContainsFunc(it.Links, func(l gallery.AlbumLink) bool { return l.Album == album })
	}
	var moveBack, takeOut, putBack []string
	for _, it := range items {
		inTo, inFrom := in(it, b.Album), in(it, b.From)
		switch b.Action {
		case BatchCopy:
			if !inTo {
				takeOut = append(takeOut, it.Key)
			}
		case BatchRemove:
			stays := acc.All || slices.ContainsFunc(it.Links, func(l gallery.AlbumLink) bool {
				return l.Album != b.From && acc.On(l.Album).Has(gallery.PermEdit)
			})
			if inFrom && stays {
				putBack = append(putBack, it.Key)
			}
		case BatchMove:
			if b.From == b.Album {
				continue
			}
			switch {
			case !inTo && inFrom:
				moveBack = append(moveBack, it.Key)
			case inTo && inFrom:
				putBack = append(putBack, it.Key)
			case !inTo && !inFrom:
				takeOut = append(takeOut, it.Key)
			}
		}
	}
	var undo []Batch
	if len(moveBack) > 0 {
		undo = append(undo, Batch{Action: BatchMove, Keys: moveBack, From: b.Album, Album: b.From})
	}
	if len(takeOut) > 0 {
		undo = append(undo, Batch{Action: BatchRemove, Keys: takeOut, From: b.Album})
	}
	if len(putBack) > 0 {
		undo = append(undo, Batch{Action: BatchCopy, Keys: putBack, Album: b.From})
	}
	return undo
}

// trashUndo is what brings back the items a delete puts in the trash. An
// item a delete only takes out of the albums the caller edits has no undo:
// out of those albums, it is no longer theirs to file again.
func trashUndo(a Actor, items []gallery.ItemLinks) []Batch {
	var restore []string
	for _, it := range items {
		if !it.Deleted && it.EditsEverywhere(a.Access) {
			restore = append(restore, it.Key)
		}
	}
	if len(restore) == 0 {
		return nil
	}
	return []Batch{{Action: BatchRestore, Keys: restore}}
}

// trash puts items in the trash, or, for an editor who may not edit every
// album holding one, takes it out of the albums they edit only.
func (s *Service) trash(ctx context.Context, a Actor, items []gallery.ItemLinks) error {
	var whole []int64
	for _, it := range items {
		if it.EditsEverywhere(a.Access) {
			whole = append(whole, it.ID)
			continue
		}
		for _, l := range it.Links {
			if a.Access.On(l.Album).Has(gallery.PermEdit) {
				if err := s.store.RemoveFromAlbum(ctx, []int64{it.ID}, l.Album); err != nil {
					return err
				}
			}
		}
	}
	return s.store.Trash(ctx, whole, s.now())
}

func dedupe(keys []string) map[string]bool {
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// batchDetail is what the audit log keeps of a batch action's fields.
func batchDetail(b Batch) string {
	var parts []string
	if len(b.Tags) > 0 {
		parts = append(parts, "tags="+strings.Join(b.Tags, ","))
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"album", b.Album}, {"from", b.From}, {"parent", b.Parent}} {
		if f.v != 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", f.name, f.v))
		}
	}
	if b.NewAlbum != "" {
		parts = append(parts, "new_album="+b.NewAlbum)
	}
	if b.Action == BatchLevel {
		parts = append(parts, fmt.Sprintf("level=%d", b.Level))
	}
	if b.Field != 0 {
		parts = append(parts, fmt.Sprintf("field=%d", b.Field))
		if len(b.Values) > 0 {
			parts = append(parts, "values="+strings.Join(b.Values, "|"))
		}
	}
	if b.undo {
		parts = append(parts, "undo")
	}
	if b.found != "" {
		// Last, since a query's words run to the end of the detail.
		parts = append(parts, "query="+b.found)
	}
	return strings.Join(parts, " ")
}

// Review publishes contributions, or rejects them to the trash (where they
// can still be restored for a while).
func (s *Service) Review(ctx context.Context, a Actor, keys []string, publish bool) error {
	if err := admin(a, "review"); err != nil {
		return err
	}
	if len(keys) > maxBatch {
		return invalid("%d items at once", len(keys))
	}
	items, err := s.store.ItemsByKeys(ctx, keys)
	if err != nil {
		return err
	}
	// Only contributions waiting for review are published or rejected
	// here: a published item is trashed from its page, not rejected.
	ids := make([]int64, len(items))
	for i, it := range items {
		if !it.Pending || it.Deleted {
			return invalid("item %s is not waiting for review", it.Key)
		}
		ids[i] = it.ID
	}
	if len(items) != len(dedupe(keys)) {
		return fmt.Errorf("review: %w", gallery.ErrNotFound)
	}
	action := "review.reject"
	if publish {
		action = "review.publish"
	}
	return s.change(ctx, a, action, strings.Join(keys, " "), "", func(ctx context.Context) error {
		if publish {
			return s.store.Publish(ctx, ids)
		}
		// The uploader is told their file was refused, even once it
		// has left the trash.
		if err := s.store.RefuseContributions(ctx, ids, s.now()); err != nil {
			return err
		}
		return s.store.Trash(ctx, ids, s.now())
	})
}

// TrashRetention is how long deleted items wait before they go for good.
const TrashRetention = 30 * 24 * time.Hour

// PurgeTrash deletes for good what stayed in the trash longer than the
// retention; the purge is audited, under the server, with the rows it
// deletes.
func (s *Service) PurgeTrash(ctx context.Context) (int, error) {
	return s.lib.PurgeTrashRecorded(ctx, TrashRetention, func(ctx context.Context, n int) error {
		return s.audit(ctx, Actor{Command: "the server: emptying the trash"}, "trash.purge", "", fmt.Sprintf("items=%d", n))
	})
}

// DeleteExpiredSessions forgets the sessions past their expiry, which
// nothing opens any more.
func (s *Service) DeleteExpiredSessions(ctx context.Context) error {
	return s.store.DeleteExpiredSessions(ctx, s.now())
}
