package service

import (
	"context"
	"errors"
	"slices"
	"testing"

	"imagier/internal/gallery"
)

// fieldEnv is a library with items in Culture, Culture/Fête and Sport,
// an editor of Culture (and its sub-albums) and a viewer of everything,
// and fields: a choice and a tree that apply to Culture, a required
// number and a multiple choice that apply everywhere.
type fieldEnv struct {
	*env
	culture, fete, sport    gallery.Media
	ed, viewer              Actor
	coloris, site, n, theme int64
	cultureID, sportID      int64
}

func newFieldEnv(t *testing.T, e *env) fieldEnv {
	t.Helper()
	ctx := context.Background()
	f := fieldEnv{env: e}
	f.culture = e.importInto(t, "cameras/Canon_40D.jpg", "Culture")
	f.fete = e.importInto(t, "cameras/Apple.jpg", "Culture", "Fête")
	f.sport = e.importInto(t, "cameras/Casio.jpg", "Sport")
	culture, err := e.svc.AlbumByPath(ctx, e.admin, "Culture")
	if err != nil {
		t.Fatal(err)
	}
	sport, err := e.svc.AlbumByPath(ctx, e.admin, "Sport")
	if err != nil {
		t.Fatal(err)
	}
	f.cultureID, f.sportID = culture.ID, sport.ID
	f.ed = e.user(t, "editor", gallery.RoleNormal)
	f.viewer = e.user(t, "viewer", gallery.RoleNormal)
	for _, g := range []struct {
		who  Actor
		al   int64
		perm gallery.Perm
	}{{f.ed, culture.ID, gallery.PermView | gallery.PermEdit}, {f.ed, sport.ID, gallery.PermView},
		{f.viewer, culture.ID, gallery.PermView}, {f.viewer, sport.ID, gallery.PermView}} {
		if err := e.svc.Grant(ctx, e.admin, g.al, Grantee{User: g.who.User.ID}, g.perm); err != nil {
			t.Fatal(err)
		}
	}
	f.ed, f.viewer = e.refresh(t, f.ed), e.refresh(t, f.viewer)
	define := func(d FieldDef) int64 {
		t.Helper()
		id, err := e.svc.DefineField(ctx, e.admin, d)
		if err != nil {
			t.Fatalf("define %s: %v", d.Name, err)
		}
		return id
	}
	f.coloris = define(FieldDef{Name: "Coloris", Type: gallery.FieldChoice, LabelFR: "Coloris", LabelEN: "Colour", Choices: "Rouge\nVert", Albums: []int64{culture.ID}})
	f.site = define(FieldDef{Name: "site", Type: gallery.FieldTree, LabelFR: "Site", LabelEN: "Site",
		Choices: "Bretagne > Rennes > École Jean Moulin\nBretagne > Brest", Albums: []int64{culture.ID}})
	f.n = define(FieldDef{Name: "inventaire", Type: gallery.FieldNumber, LabelFR: "N° d’inventaire", LabelEN: "Inventory number", Required: true})
	f.theme = define(FieldDef{Name: "themes", Type: gallery.FieldMultiChoice, LabelFR: "Thèmes", LabelEN: "Themes", Choices: "Mer\nMontagne\nVille"})
	return f
}

// values returns an item's values of a field.
func (f fieldEnv) values(t *testing.T, m gallery.Media, field int64) []string {
	t.Helper()
	got, err := f.store.FieldValues(context.Background(), []int64{m.ID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range got[m.ID] {
		if v.FieldID == field {
			out = append(out, v.Value)
		}
	}
	return out
}

func TestDefineFields(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			fields, err := e.svc.Fields(ctx, e.admin)
			if err != nil || len(fields) != 4 {
				t.Fatalf("fields: %d, %v", len(fields), err)
			}
			if fields[0].Name != "coloris" || !slices.Equal(fields[0].Albums, []int64{f.cultureID}) || !slices.Equal(fields[1].Choices, []string{"Bretagne > Rennes > École Jean Moulin", "Bretagne > Brest"}) {
				t.Errorf("definitions read back: %+v", fields[:2])
			}
			for _, bad := range []struct {
				d    FieldDef
				want error
			}{
				{FieldDef{Name: "date", Type: gallery.FieldDate, LabelFR: "Date"}, ErrReservedName},
				{FieldDef{Name: "Mot-clé", Type: gallery.FieldText, LabelFR: "x"}, ErrReservedName},
				{FieldDef{Name: "a:b", Type: gallery.FieldText, LabelFR: "x"}, ErrBadFieldName},
				{FieldDef{Name: "ok", Type: "colour", LabelFR: "x"}, gallery.ErrInvalid},
				{FieldDef{Name: "ok", Type: gallery.FieldText}, gallery.ErrInvalid},
				{FieldDef{Name: "ok", Type: gallery.FieldChoice, LabelFR: "x"}, gallery.ErrInvalid},
				{FieldDef{Name: "COLORIS", Type: gallery.FieldText, LabelFR: "x"}, gallery.ErrConflict},
				{FieldDef{Name: "ok", Type: gallery.FieldText, LabelFR: string(make([]rune, 200))}, gallery.ErrInvalid},
			} {
				if _, err := e.svc.DefineField(ctx, e.admin, bad.d); !errors.Is(err, bad.want) {
					t.Errorf("define %+v: %v, want %v", bad.d, err, bad.want)
				}
			}
			if _, err := e.svc.DefineField(ctx, f.ed, FieldDef{Name: "x", Type: gallery.FieldText, LabelFR: "x"}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("an editor defines a field: %v, want ErrNotFound", err)
			}
			// Edit: the label and the albums change.
			if err := e.svc.UpdateField(ctx, e.admin, f.coloris, FieldDef{Name: "coloris", Type: gallery.FieldChoice, LabelFR: "Couleur", LabelEN: "Colour",
				HelpFR: "La teinte dominante", Choices: "Rouge\nVert\nBleu"}); err != nil {
				t.Fatal(err)
			}
			got, err := e.svc.Field(ctx, e.admin, f.coloris)
			if err != nil || got.LabelFR != "Couleur" || got.HelpFR != "La teinte dominante" || len(got.Albums) != 0 || len(got.Choices) != 3 {
				t.Errorf("after the edit: %+v, %v", got, err)
			}
			// A field with values keeps its type.
			if err := e.svc.SetItemFields(ctx, e.admin, f.sport.Key, map[int64][]string{f.coloris: {"Bleu"}, f.n: {"3"}}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.UpdateField(ctx, e.admin, f.coloris, FieldDef{Name: "coloris", Type: gallery.FieldText, LabelFR: "Couleur"}); !errors.Is(err, ErrFieldTypeInUse) {
				t.Errorf("changing the type of a field with values: %v", err)
			}
			// Order.
			if err := e.svc.MoveField(ctx, e.admin, f.site, true); err != nil {
				t.Fatal(err)
			}
			fields, _ = e.svc.Fields(ctx, e.admin)
			if fields[0].ID != f.site || fields[1].ID != f.coloris {
				t.Errorf("after moving site up: %s, %s", fields[0].Name, fields[1].Name)
			}
			// Delete takes the values with it.
			if err := e.svc.DeleteField(ctx, e.admin, f.coloris); err != nil {
				t.Fatal(err)
			}
			if v := f.values(t, f.sport, f.coloris); len(v) != 0 {
				t.Errorf("values of a deleted field: %q", v)
			}
			for _, action := range []string{"field.create", "field.update", "field.move", "field.delete", "media.fields"} {
				if e.auditCount(t, action) == 0 {
					t.Errorf("no audit entry %s", action)
				}
			}
		})
	}
}

func TestItemFieldsApply(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			names := func(m gallery.Media) []string {
				t.Helper()
				fs, err := e.svc.ItemFields(ctx, f.viewer, m.Key)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, x := range fs {
					out = append(out, x.Name)
				}
				return out
			}
			all := []string{"coloris", "site", "inventaire", "themes"}
			if got := names(f.culture); !slices.Equal(got, all) {
				t.Errorf("an item of Culture: %q, want %q", got, all)
			}
			if got := names(f.fete); !slices.Equal(got, all) {
				t.Errorf("an item of a sub-album of Culture: %q, want %q", got, all)
			}
			if got, want := names(f.sport), []string{"inventaire", "themes"}; !slices.Equal(got, want) {
				t.Errorf("an item of Sport: %q, want %q", got, want)
			}
			var ve *gallery.ValueError
			err := e.svc.SetItemFields(ctx, e.admin, f.sport.Key, map[int64][]string{f.coloris: {"Rouge"}})
			if !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a field that does not apply: %v", err)
			}
			err = e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchField, Keys: []string{f.culture.Key, f.sport.Key}, Field: f.coloris, Values: []string{"Rouge"}})
			if !errors.As(err, &ve) || ve.Problem != gallery.ProblemApplies {
				t.Errorf("a batch onto an item the field does not apply to: %v", err)
			}
		})
	}
}

func TestSetItemFields(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			var ve *gallery.ValueError
			// The required number is missing.
			err := e.svc.SetItemFields(ctx, f.ed, f.fete.Key, map[int64][]string{f.coloris: {"rouge"}})
			if !errors.As(err, &ve) || ve.Problem != gallery.ProblemRequired || ve.Field != "inventaire" {
				t.Fatalf("saving without the required field: %v", err)
			}
			if v := f.values(t, f.fete, f.coloris); len(v) != 0 {
				t.Errorf("a refused form wrote %q", v)
			}
			if err := e.svc.SetItemFields(ctx, f.ed, f.fete.Key, map[int64][]string{f.coloris: {"rouge"}, f.n: {"12,50"},
				f.site: {"bretagne > rennes"}, f.theme: {"Mer", "Ville"}}); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				field int64
				want  []string
			}{{f.coloris, []string{"Rouge"}}, {f.n, []string{"12.5"}}, {f.site, []string{"Bretagne > Rennes"}}, {f.theme, []string{"Mer", "Ville"}}} {
				if got := f.values(t, f.fete, c.field); !slices.Equal(got, c.want) {
					t.Errorf("field %d: %q, want %q", c.field, got, c.want)
				}
			}
			// Clearing the required field is refused; a bad value too.
			if err := e.svc.SetItemFields(ctx, f.ed, f.fete.Key, map[int64][]string{f.n: nil}); !errors.As(err, &ve) || ve.Problem != gallery.ProblemRequired {
				t.Errorf("clearing a required field: %v", err)
			}
			if err := e.svc.SetItemFields(ctx, f.ed, f.fete.Key, map[int64][]string{f.site: {"Rennes"}}); !errors.As(err, &ve) || ve.Problem != gallery.ProblemTree {
				t.Errorf("a path not in the tree: %v", err)
			}
			// Rights: the editor of Culture may not fill an item of Sport,
			// which they only see; a viewer fills nothing.
			if err := e.svc.SetItemFields(ctx, f.ed, f.sport.Key, map[int64][]string{f.n: {"1"}}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("an editor outside their albums: %v", err)
			}
			if err := e.svc.SetItemFields(ctx, f.viewer, f.culture.Key, map[int64][]string{f.n: {"1"}}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a viewer: %v", err)
			}
			fs, err := e.svc.ItemFields(ctx, f.viewer, f.fete.Key)
			if err != nil || len(fs) != 4 || fs[0].Value() != "Rouge" || !fs[3].Has("Ville") {
				t.Errorf("what a viewer reads: %+v, %v", fs, err)
			}
			// The search box finds the values it was given, at once.
			for _, q := range []string{"coloris:rouge", "inventaire:12.5", "themes:ville", "site:Bretagne"} {
				p, err := e.svc.Search(ctx, f.viewer, SearchRequest{Query: q})
				if err != nil || p.Total != 1 || p.Items[0].Key != f.fete.Key {
					t.Errorf("search %s: %d found, %v; want the item filled", q, p.Total, err)
				}
			}
		})
	}
}

func TestBatchField(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			both := []string{f.culture.Key, f.fete.Key}
			if err := e.svc.SetItemFields(ctx, e.admin, f.culture.Key, map[int64][]string{f.coloris: {"Vert"}, f.n: {"1"}, f.theme: {"Mer"}}); err != nil {
				t.Fatal(err)
			}
			res, err := e.svc.ApplyBatch(ctx, f.ed, Batch{Action: BatchField, Keys: both, Field: f.coloris, Values: []string{"rouge"}})
			if err != nil || res.Count != 2 || len(res.Undo) != 2 {
				t.Fatalf("set a field on two items: %+v, %v", res, err)
			}
			if a, b := f.values(t, f.culture, f.coloris), f.values(t, f.fete, f.coloris); !slices.Equal(a, []string{"Rouge"}) || !slices.Equal(b, []string{"Rouge"}) {
				t.Errorf("after the batch: %q, %q", a, b)
			}
			if _, err := e.svc.UndoBatch(ctx, f.ed, res.Undo); err != nil {
				t.Fatal(err)
			}
			if a, b := f.values(t, f.culture, f.coloris), f.values(t, f.fete, f.coloris); !slices.Equal(a, []string{"Vert"}) || len(b) != 0 {
				t.Errorf("after the undo: %q, %q; want [Vert] and nothing", a, b)
			}
			// A multiple choice gains a value, keeping the others.
			if err := e.svc.BatchEdit(ctx, f.ed, Batch{Action: BatchField, Keys: both, Field: f.theme, Values: []string{"Ville"}}); err != nil {
				t.Fatal(err)
			}
			if a := f.values(t, f.culture, f.theme); !slices.Equal(a, []string{"Mer", "Ville"}) {
				t.Errorf("adding to a multiple choice: %q", a)
			}
			if err := e.svc.BatchEdit(ctx, f.ed, Batch{Action: BatchUnfield, Keys: both, Field: f.theme, Values: []string{"Mer"}}); err != nil {
				t.Fatal(err)
			}
			if a := f.values(t, f.culture, f.theme); !slices.Equal(a, []string{"Ville"}) {
				t.Errorf("removing from a multiple choice: %q", a)
			}
			if err := e.svc.BatchEdit(ctx, f.ed, Batch{Action: BatchUnfield, Keys: both, Field: f.coloris}); err != nil {
				t.Fatal(err)
			}
			if a := f.values(t, f.culture, f.coloris); len(a) != 0 {
				t.Errorf("clearing: %q", a)
			}
			var ve *gallery.ValueError
			for _, b := range []struct {
				name string
				a    Actor
				b    Batch
				want error
			}{
				{"outside the editor's albums", f.ed, Batch{Action: BatchField, Keys: []string{f.culture.Key, f.sport.Key}, Field: f.n, Values: []string{"2"}}, gallery.ErrNotFound},
				{"a viewer", f.viewer, Batch{Action: BatchField, Keys: both, Field: f.n, Values: []string{"2"}}, gallery.ErrNotFound},
				{"a bad number", f.ed, Batch{Action: BatchField, Keys: both, Field: f.n, Values: []string{"deux"}}, gallery.ErrInvalid},
				{"clearing a required field", f.ed, Batch{Action: BatchUnfield, Keys: both, Field: f.n}, gallery.ErrInvalid},
				{"no value", f.ed, Batch{Action: BatchField, Keys: both, Field: f.n}, gallery.ErrInvalid},
				{"no such field", f.ed, Batch{Action: BatchField, Keys: both, Field: 99999, Values: []string{"2"}}, gallery.ErrNotFound},
			} {
				if err := e.svc.BatchEdit(ctx, b.a, b.b); !errors.Is(err, b.want) {
					t.Errorf("%s: %v, want %v", b.name, err, b.want)
				}
			}
			if err := e.svc.BatchEdit(ctx, f.ed, Batch{Action: BatchField, Keys: both, Field: f.n, Values: []string{"deux"}}); !errors.As(err, &ve) || ve.Problem != gallery.ProblemNumber {
				t.Errorf("a bad number's error: %v", err)
			}
			if e.auditCount(t, "media.field") < 2 || e.auditCount(t, "media.unfield") < 2 {
				t.Error("batch field actions not audited")
			}
		})
	}
}
