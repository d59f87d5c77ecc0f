package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// TestE2EFields: an administrator defines a choice field and a
// hierarchical list that apply to the album "Tests" (and so to its
// sub-album), fills them on a photo's page, sets the choice on two items
// in the selection bar, and previews then applies a spreadsheet; on a
// desktop in English and on a phone in French, with axe-core on every
// page and no page wider than the screen.
func TestE2EFields(t *testing.T) {
	b := newE2E(t)
	lib := b.library(b.signedInPages())
	f := &fieldsFlow{b: b, t: t, lib: lib}
	for _, l := range []look{{desktop, "light", "en"}, {phone, "dark", "fr"}} {
		b.show(l)
		f.look = l
		f.define()
		f.fillMediaPage()
		f.batch()
		f.spreadsheet()
	}
}

type fieldsFlow struct {
	b    *browser
	t    *testing.T
	lib  e2eLibrary
	look look
	// choice and tree are the ids of this look's fields.
	choice, tree int64
}

var fieldsWords = map[string]struct{ created, colour, site, batched, preview, applied string }{
	"en": {"The field is created.", "Colour", "Site", "The field is set on 2 items.", "Preview: 1 line would change items; nothing is changed yet.", "1 line applied."},
	"fr": {"Le champ est créé.", "Coloris", "Site", "Le champ est renseigné sur 2 éléments.",
		"Aperçu\u00a0: 1 ligne modifierait des éléments\u00a0; rien n’est encore modifié.", "1 ligne appliquée."},
}

func (f *fieldsFlow) where(what string) string { return f.look.String() + ", " + what }

// name is this look's name for a field, so that each look defines its own.
func (f *fieldsFlow) name(base string) string { return base + "-" + f.look.lang }

// define makes the two fields through the form.
func (f *fieldsFlow) define() {
	f.t.Helper()
	b, w := f.b, fieldsWords[f.look.lang]
	b.open("/admin/fields")
	b.audit(f.where("fields"))
	for _, d := range []struct{ name, typ, fr, en, choices, help string }{
		{f.name("coloris"), "choice", "Coloris", "Colour", "Rouge\nVert", "La teinte dominante"},
		{f.name("site"), "tree", "Site", "Site", "Bretagne > Rennes > École Jean Moulin\nBretagne > Brest", ""},
	} {
		b.load("Add a field", chromedp.Click(chromedp.CSS(`main a[href="/admin/fields/new"]`)))
		if d.typ == "choice" {
			b.audit(f.where("new field"))
		}
		f.set(map[string]string{"fd-label-fr": d.fr, "fd-label-en": d.en, "fd-name": d.name, "fd-type": d.typ,
			"fd-choices": d.choices, "fd-help-fr": d.help, "fd-help-en": d.help})
		b.step("tick the album", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=albums][value="%d"]`, f.lib.parent.ID))))
		b.load("Save", chromedp.Click(chromedp.CSS(`main form[action="/admin/fields"] button[type=submit]`)))
		if got := b.text("main .notice"); got != w.created {
			f.t.Fatalf("%s: after saving the field %s, the page says %q (%s), want %q", f.where("define"), d.name, got, b.text(".error"), w.created)
		}
	}
	b.audit(f.where("fields listed"))
	fields, err := b.site.svc.Fields(context.Background(), service.CommandLine([]string{"test"}))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, x := range fields {
		switch x.Name {
		case f.name("coloris"):
			f.choice = x.ID
			if x.Type != gallery.FieldChoice || !slices.Equal(x.Albums, []int64{f.lib.parent.ID}) || x.HelpFR != "La teinte dominante" {
				f.t.Errorf("%s: the choice field reads %+v", f.where("define"), x)
			}
		case f.name("site"):
			f.tree = x.ID
		}
	}
	if f.choice == 0 || f.tree == 0 {
		f.t.Fatalf("%s: fields defined: %+v", f.where("define"), fields)
	}
}

// set gives form controls, by id, their values.
func (f *fieldsFlow) set(values map[string]string) {
	f.t.Helper()
	for id, v := range values {
		if !eval[bool](f.b, fmt.Sprintf(`(() => { const e = document.getElementById(%q); if (!e) return false; e.value = %q;
			e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === %q; })()`, id, v, v)) {
			f.t.Fatalf("%s: could not set #%s to %q", f.where("form"), id, v)
		}
	}
}

// values returns an item's values of a field.
func (f *fieldsFlow) values(key string, field int64) []string {
	f.t.Helper()
	ctx := context.Background()
	m, err := f.b.site.store.MediaByKey(ctx, key)
	if err != nil {
		f.t.Fatal(err)
	}
	vs, err := f.b.site.store.FieldValues(ctx, []int64{m.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, v := range vs[m.ID] {
		if v.FieldID == field {
			out = append(out, v.Value)
		}
	}
	return out
}

func mediaKey(path string) string {
	k := strings.TrimPrefix(path, "/m/")
	k, _, _ = strings.Cut(k, "?")
	return k
}

// fillMediaPage fills both fields on the photo's page, in a select each,
// the tree's levels indented.
func (f *fieldsFlow) fillMediaPage() {
	f.t.Helper()
	b, w := f.b, fieldsWords[f.look.lang]
	b.open(f.lib.media)
	b.step("open the fields form", chromedp.Click(chromedp.CSS("#fields summary")))
	b.audit(f.where("fields form"))
	choice, tree := fmt.Sprintf("mf-%d", f.choice), fmt.Sprintf("mf-%d", f.tree)
	if got := eval[string](b, fmt.Sprintf(`document.querySelector('#%s option[value="Bretagne > Rennes"]').textContent`, tree)); got != "\u00a0\u00a0\u00a0Rennes" {
		f.t.Errorf("%s: the tree's second level reads %q, want it indented", f.where("fields form"), got)
	}
	if got := b.text("#" + choice + "-help"); got != "La teinte dominante" {
		f.t.Errorf("%s: the choice's help reads %q", f.where("fields form"), got)
	}
	f.set(map[string]string{choice: "Vert", tree: "Bretagne > Rennes"})
	b.load("Save the fields", chromedp.Click(chromedp.CSS(`#fields button[type=submit]`)))
	key := mediaKey(f.lib.media)
	if got := f.values(key, f.choice); !slices.Equal(got, []string{"Vert"}) {
		f.t.Errorf("%s: the choice holds %q", f.where("media page"), got)
	}
	if got := f.values(key, f.tree); !slices.Equal(got, []string{"Bretagne > Rennes"}) {
		f.t.Errorf("%s: the tree holds %q", f.where("media page"), got)
	}
	shown := eval[[]string](b, `[...document.querySelectorAll('.field-values dt, .field-values dd')].map(e => e.textContent.trim())`)
	if !slices.Contains(shown, w.colour) || !slices.Contains(shown, "Vert") || !slices.Contains(shown, "Bretagne > Rennes") {
		f.t.Errorf("%s: the page shows %q", f.where("media page"), shown)
	}
	b.audit(f.where("media page with values"))
}

// batch sets the choice on the album's first two items.
func (f *fieldsFlow) batch() {
	f.t.Helper()
	b, w := f.b, fieldsWords[f.look.lang]
	b.open(f.lib.album + "?select=1")
	keys := eval[[]string](b, `[...document.querySelectorAll('.grid a.card')].slice(0, 2).map(a => a.dataset.key)`)
	eval[bool](b, `document.querySelectorAll('input.pick').forEach((c, i) => { if (i < 2) c.click(); }), true`)
	b.step("open the fields group", chromedp.Click(chromedp.JSPath(`document.getElementById('b-field').closest('details').querySelector('summary')`)))
	b.audit(f.where("selection bar, fields"))
	f.set(map[string]string{"b-field": fmt.Sprint(f.choice)})
	b.step("type the value", chromedp.SendKeys(chromedp.ID("b-value"), "rouge"))
	b.load("Set the field", chromedp.Click(chromedp.CSS(`button[formaction="/batch/field"]`)))
	if got := b.text(".flash p"); got != w.batched {
		f.t.Errorf("%s: after the batch, the message reads %q, want %q", f.where("batch"), got, w.batched)
	}
	for _, k := range keys {
		if got := f.values(k, f.choice); !slices.Equal(got, []string{"Rouge"}) {
			f.t.Errorf("%s: item %s holds %q", f.where("batch"), k, got)
		}
	}
	b.audit(f.where("batch message"))
}

// spreadsheet previews a spreadsheet that sets the tree on the photo,
// then applies it.
func (f *fieldsFlow) spreadsheet() {
	f.t.Helper()
	b, w := f.b, fieldsWords[f.look.lang]
	key := mediaKey(f.lib.media)
	m, err := b.site.store.MediaByKey(context.Background(), key)
	if err != nil {
		f.t.Fatal(err)
	}
	csv := filepath.Join(f.t.TempDir(), "fields.csv")
	body := fmt.Sprintf("sha256;%s\n%s;Bretagne > Brest\nNowhere.jpg;Bretagne\n", f.name("site"), m.SHA256)
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		f.t.Fatal(err)
	}
	b.open("/admin/fields/import")
	b.audit(f.where("import page"))
	b.step("choose the file", chromedp.SetUploadFiles(chromedp.ID("sheet-file"), []string{csv}))
	b.load("Preview", chromedp.Click(chromedp.CSS(`main button[name=dry]`)))
	if got := b.text("main .notice"); !strings.HasPrefix(got, w.preview) {
		f.t.Errorf("%s: the preview says %q, want %q", f.where("preview"), got, w.preview)
	}
	if n := eval[int](b, `document.querySelectorAll('table.sheet tbody tr').length`); n != 2 {
		f.t.Errorf("%s: the preview lists %d lines, want 2 (a change, a problem)", f.where("preview"), n)
	}
	if got := f.values(key, f.tree); !slices.Equal(got, []string{"Bretagne > Rennes"}) {
		f.t.Errorf("%s: the preview changed the tree to %q", f.where("preview"), got)
	}
	b.audit(f.where("preview"))
	b.load("Apply", chromedp.Click(chromedp.CSS(`main form input[name=token] ~ button`)))
	if got := b.text("main .notice"); !strings.HasPrefix(got, w.applied) {
		f.t.Errorf("%s: after applying, the page says %q, want %q", f.where("apply"), got, w.applied)
	}
	if got := f.values(key, f.tree); !slices.Equal(got, []string{"Bretagne > Brest"}) {
		f.t.Errorf("%s: after applying, the tree holds %q", f.where("apply"), got)
	}
	b.audit(f.where("applied"))
}
