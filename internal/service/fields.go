package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/search"
	"imagier/internal/sqlstore"
)

// The organisation's own criteria: administrators define typed fields
// (collection, coloris, Région > Commune > Site…), each applying to the
// items of some albums and their sub-albums, or to every item; editors
// fill them on an item's page, on many items at once, or from a
// spreadsheet.

// FieldDef is a field's definition as an administrator types it.
type FieldDef struct {
	// Name is the field's operator in search queries; it is folded
	// ("Coloris" → "coloris").
	Name             string
	Type             gallery.FieldType
	LabelFR, LabelEN string
	HelpFR, HelpEN   string
	Required         bool
	// Choices are one a line; a tree's are paths ("Bretagne > Rennes").
	Choices string
	// Albums are those the field applies to, with their sub-albums; none
	// means every item.
	Albums []int64
}

// ErrReservedName refuses a field named like a built-in search operator
// (date, tag, album…), which its queries could not reach.
var ErrReservedName = fmt.Errorf("the name of a built-in search operator: %w", gallery.ErrInvalid)

// ErrBadFieldName refuses a field name that is not 1 to 40 letters,
// digits, "-" and "_" starting with a letter.
var ErrBadFieldName = fmt.Errorf("field name of 1 to %d letters, digits, - and _ starting with a letter needed: %w", gallery.MaxFieldName, gallery.ErrInvalid)

// field checks a definition and returns it as stored.
func (d FieldDef) field() (gallery.Field, error) {
	name := search.Fold(strings.TrimSpace(d.Name))
	name = strings.Join(strings.Fields(name), "_")
	if !gallery.ValidFieldName(name) {
		return gallery.Field{}, fmt.Errorf("field name %q: %w", d.Name, ErrBadFieldName)
	}
	if search.IsReserved(name) {
		return gallery.Field{}, fmt.Errorf("field name %q: %w", name, ErrReservedName)
	}
	line := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	f := gallery.Field{Name: name, Type: d.Type, LabelFR: line(d.LabelFR), LabelEN: line(d.LabelEN),
		HelpFR: gallery.CleanText(d.HelpFR), HelpEN: gallery.CleanText(d.HelpEN), Required: d.Required, Albums: d.Albums}
	if err := f.CheckDefinition(); err != nil {
		return f, err
	}
	choices, err := gallery.ParseChoices(f.Type, d.Choices)
	if err != nil {
		return f, err
	}
	f.Choices = choices
	return f, nil
}

// Fields returns the field definitions in their order, for
// administrators.
func (s *Service) Fields(ctx context.Context, a Actor) ([]gallery.Field, error) {
	if err := admin(a, "fields"); err != nil {
		return nil, err
	}
	return s.store.Fields(ctx)
}

// Field returns one field's definition, for administrators.
func (s *Service) Field(ctx context.Context, a Actor, id int64) (gallery.Field, error) {
	fields, err := s.Fields(ctx, a)
	if err != nil {
		return gallery.Field{}, err
	}
	for _, f := range fields {
		if f.ID == id {
			return f, nil
		}
	}
	return gallery.Field{}, fmt.Errorf("field %d: %w", id, gallery.ErrNotFound)
}

// DefineField adds a field after the others and returns its id.
func (s *Service) DefineField(ctx context.Context, a Actor, d FieldDef) (int64, error) {
	if err := admin(a, "define field"); err != nil {
		return 0, err
	}
	f, err := d.field()
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.change(ctx, a, "field.create", f.Name, fieldDetail(f), func(ctx context.Context) error {
		id, err = s.store.CreateField(ctx, f)
		return err
	})
	return id, err
}

// UpdateField changes a field's definition. Values the new definition no
// longer takes are kept as they are (a choice renamed does not rewrite
// them); the type of a field holding values cannot change, since they
// would mean something else.
func (s *Service) UpdateField(ctx context.Context, a Actor, id int64, d FieldDef) error {
	old, err := s.Field(ctx, a, id)
	if err != nil {
		return err
	}
	f, err := d.field()
	if err != nil {
		return err
	}
	f.ID = id
	if f.Type != old.Type {
		n, err := s.store.CountFieldValues(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("field %s holds values: %w", old.Name, ErrFieldTypeInUse)
		}
	}
	return s.change(ctx, a, "field.update", f.Name, fieldDetail(f), func(ctx context.Context) error {
		return s.store.UpdateField(ctx, f)
	})
}

// ErrFieldTypeInUse refuses changing the type of a field that holds
// values.
var ErrFieldTypeInUse = fmt.Errorf("the type of a field holding values cannot change: %w", gallery.ErrConflict)

// DeleteField deletes a field with every value of it.
func (s *Service) DeleteField(ctx context.Context, a Actor, id int64) error {
	f, err := s.Field(ctx, a, id)
	if err != nil {
		return err
	}
	return s.change(ctx, a, "field.delete", f.Name, "", func(ctx context.Context) error {
		return s.store.DeleteField(ctx, id)
	})
}

// MoveField moves a field one place up or down in the order forms and
// pages show them.
func (s *Service) MoveField(ctx context.Context, a Actor, id int64, up bool) error {
	fields, err := s.Fields(ctx, a)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(fields, func(f gallery.Field) bool { return f.ID == id })
	if i < 0 {
		return fmt.Errorf("field %d: %w", id, gallery.ErrNotFound)
	}
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(fields) {
		return nil
	}
	fields[i], fields[j] = fields[j], fields[i]
	ids := make([]int64, len(fields))
	for k, f := range fields {
		ids[k] = f.ID
	}
	detail := "down"
	if up {
		detail = "up"
	}
	return s.change(ctx, a, "field.move", fields[j].Name, detail, func(ctx context.Context) error {
		return s.store.OrderFields(ctx, ids)
	})
}

// fieldDetail is what the audit log keeps of a definition.
func fieldDetail(f gallery.Field) string {
	d := "type=" + string(f.Type)
	if f.Required {
		d += " required"
	}
	if len(f.Albums) > 0 {
		ids := make([]string, len(f.Albums))
		for i, a := range f.Albums {
			ids[i] = strconv.FormatInt(a, 10)
		}
		d += " albums=" + strings.Join(ids, ",")
	}
	return d
}

// applies tells whether a field applies to an item filed in albums:
// a field without albums applies everywhere, another to the items of its
// albums and of their sub-albums.
func applies(f gallery.Field, albums []int64, parents map[int64]int64) bool {
	if len(f.Albums) == 0 {
		return true
	}
	for _, a := range albums {
		for seen := 0; a != 0 && seen < 1000; seen++ {
			if slices.Contains(f.Albums, a) {
				return true
			}
			a = parents[a]
		}
	}
	return false
}

func linkAlbums(it gallery.ItemLinks) []int64 {
	out := make([]int64, len(it.Links))
	for i, l := range it.Links {
		out[i] = l.Album
	}
	return out
}

// ItemField is one field on an item's page, with the item's values.
type ItemField struct {
	gallery.Field
	Values []string
	// Applies is false for a field that no longer applies to the item
	// (it left the field's albums) but still holds values: they are
	// shown, not offered in the form.
	Applies bool
}

// Has reports whether v is one of the item's values, for forms.
func (f ItemField) Has(v string) bool { return slices.Contains(f.Values, v) }

// Value is the item's one value (the first), for forms.
func (f ItemField) Value() string {
	if len(f.Values) == 0 {
		return ""
	}
	return f.Values[0]
}

// ItemFields returns the fields of an item the actor may see: those that
// apply to it and those holding a value, in the fields' order.
func (s *Service) ItemFields(ctx context.Context, a Actor, key string) ([]ItemField, error) {
	m, _, err := s.Media(ctx, a, key)
	if err != nil {
		return nil, err
	}
	return s.itemFields(ctx, m.ID, key)
}

func (s *Service) itemFields(ctx context.Context, id int64, key string) ([]ItemField, error) {
	fields, err := s.store.Fields(ctx)
	if err != nil || len(fields) == 0 {
		return nil, err
	}
	items, err := s.store.ItemsByKeys(ctx, []string{key})
	if err != nil || len(items) == 0 {
		return nil, err
	}
	parents, err := s.store.AlbumParents(ctx)
	if err != nil {
		return nil, err
	}
	values, err := s.store.FieldValues(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	var out []ItemField
	for _, f := range fields {
		it := ItemField{Field: f, Applies: applies(f, linkAlbums(items[0]), parents)}
		for _, v := range values[id] {
			if v.FieldID == f.ID {
				it.Values = append(it.Values, v.Value)
			}
		}
		if it.Applies || len(it.Values) > 0 {
			out = append(out, it)
		}
	}
	return out, nil
}

// SetItemFields saves an item's fields form: values maps a field's id to
// the values typed (a field left out is left as it is; an empty list
// clears it). Every value is checked before anything is written, and a
// required field that applies to the item may not be left empty.
func (s *Service) SetItemFields(ctx context.Context, a Actor, key string, values map[int64][]string) error {
	m, perm, err := s.Media(ctx, a, key)
	if err != nil {
		return err
	}
	if !perm.Has(gallery.PermEdit) {
		return fmt.Errorf("edit %s: %w", key, gallery.ErrNotFound)
	}
	current, err := s.itemFields(ctx, m.ID, key)
	if err != nil {
		return err
	}
	set := map[int64][]string{}
	var names []string
	for id, vs := range values {
		i := slices.IndexFunc(current, func(f ItemField) bool { return f.ID == id })
		if i < 0 || !current[i].Applies {
			return fmt.Errorf("field %d on %s: %w", id, key, gallery.ErrNotFound)
		}
		c, err := current[i].CanonicalValues(vs)
		if err != nil {
			return err
		}
		set[id] = c
		names = append(names, current[i].Name)
	}
	for _, f := range current {
		vs, sent := set[f.ID]
		if !sent {
			vs = f.Values
		}
		if f.Applies && f.Required && len(vs) == 0 {
			return f.Refusal("", gallery.ProblemRequired)
		}
	}
	slices.Sort(names)
	return s.change(ctx, a, "media.fields", key, "fields="+strings.Join(names, ","), func(ctx context.Context) error {
		for id, vs := range set {
			if err := s.store.SetFieldValues(ctx, []int64{m.ID}, id, vs, sqlstore.FieldReplace); err != nil {
				return err
			}
		}
		return nil
	})
}

// batchField sets or clears a field on a batch's items, returning what
// puts their values back. A multiple choice gains the values given, or
// loses them; another field's values are replaced, or cleared.
func (s *Service) batchField(ctx context.Context, b Batch, items []gallery.ItemLinks, ids []int64) ([]Batch, error) {
	fields, err := s.store.Fields(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(fields, func(f gallery.Field) bool { return f.ID == b.Field })
	if i < 0 {
		return nil, fmt.Errorf("field %d: %w", b.Field, gallery.ErrNotFound)
	}
	f := fields[i]
	values := b.Values
	if !b.replace {
		if values, err = f.CanonicalValues(b.Values); err != nil {
			return nil, err
		}
		if b.Action == BatchField && len(values) == 0 {
			return nil, f.Refusal("", gallery.ProblemRequired)
		}
		if b.Action == BatchUnfield && f.Required && (!f.Multiple() || len(values) == 0) {
			return nil, f.Refusal("", gallery.ProblemRequired)
		}
		parents, err := s.store.AlbumParents(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !applies(f, linkAlbums(it), parents) {
				return nil, f.Refusal("", gallery.ProblemApplies)
			}
		}
	}
	before, err := s.store.FieldValues(ctx, ids)
	if err != nil {
		return nil, err
	}
	op := sqlstore.FieldReplace
	switch {
	case b.replace:
	case b.Action == BatchField && f.Multiple():
		op = sqlstore.FieldAdd
	case b.Action == BatchUnfield && f.Multiple() && len(values) > 0:
		op = sqlstore.FieldRemove
	case b.Action == BatchUnfield:
		values = nil
	}
	if err := s.store.SetFieldValues(ctx, ids, f.ID, values, op); err != nil {
		return nil, err
	}
	return fieldUndo(b, f.ID, items, before), nil
}

// fieldUndo puts back each item's values of a field as they were: one
// batch per set of values held before.
func fieldUndo(b Batch, field int64, items []gallery.ItemLinks, before map[int64][]gallery.FieldValue) []Batch {
	byValues := map[string]*Batch{}
	var order []string
	for _, it := range items {
		var vs []string
		for _, v := range before[it.ID] {
			if v.FieldID == field {
				vs = append(vs, v.Value)
			}
		}
		k := strings.Join(vs, "\x00")
		u, ok := byValues[k]
		if !ok {
			u = &Batch{Action: BatchField, Field: field, Values: vs, replace: true}
			byValues[k] = u
			order = append(order, k)
		}
		u.Keys = append(u.Keys, it.Key)
	}
	undo := make([]Batch, 0, len(order))
	for _, k := range order {
		undo = append(undo, *byValues[k])
	}
	return undo
}
