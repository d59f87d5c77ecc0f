package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// The administrators' pages of the organisation's own fields: the list,
// a form to define or change one, and the spreadsheet import and export.
// Filling a field is on the media page and in the selection bar.

// fieldRow is one field on the list.
type fieldRow struct {
	gallery.Field
	Label, TypeName string
	Albums          []string
	// First and Last leave out the moves that go nowhere.
	First, Last bool
}

type fieldsPageData struct {
	Fields []fieldRow
	// Done says what was just done ("created", "saved", "deleted").
	Done string
}

func (h *Handler) fieldsPage(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	fields, err := h.svc.Fields(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, byID, err := h.svc.AlbumNodes(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := fieldsPageData{Done: r.URL.Query().Get("done")}
	for _, f := range fields {
		row := fieldRow{Field: f, Label: f.Label(l.Lang()), TypeName: fieldTypeName(l, f.Type), First: len(d.Fields) == 0, Last: len(d.Fields) == len(fields)-1}
		for _, a := range f.Albums {
			if al, ok := byID[a]; ok {
				row.Albums = append(row.Albums, al.Path)
			}
		}
		d.Fields = append(d.Fields, row)
	}
	h.render(w, r, http.StatusOK, "fields", l.T("Custom fields"), d)
}

// fieldTypeName names a field type for people.
func fieldTypeName(l *i18n.Localizer, t gallery.FieldType) string {
	switch t {
	case gallery.FieldText:
		return l.T("Text")
	case gallery.FieldLongText:
		return l.T("Long text")
	case gallery.FieldNumber:
		return l.T("Number")
	case gallery.FieldDate:
		return l.T("Date")
	case gallery.FieldBool:
		return l.T("Yes or no")
	case gallery.FieldChoice:
		return l.T("Single choice")
	case gallery.FieldMultiChoice:
		return l.T("Multiple choice")
	case gallery.FieldTree:
		return l.T("Hierarchical list")
	}
	return string(t)
}

// albumOption is an album in a list indented by depth.
type albumOption struct {
	ID       int64
	Name     string
	Depth    int
	Selected bool
}

type fieldFormData struct {
	// ID is 0 for a new field.
	ID    int64
	Def   service.FieldDef
	Types []typeOption
	// Albums are every album, in tree order, those the field applies to
	// selected.
	Albums []albumOption
	Error  string
}

type typeOption struct {
	Value, Name string
}

// fieldForm shows the form of a new field, or of field {id}.
func (h *Handler) fieldForm(w http.ResponseWriter, r *http.Request) {
	var d fieldFormData
	if id := r.PathValue("id"); id != "" {
		f, err := h.svc.Field(r.Context(), actorOf(r), pathID(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.ID = f.ID
		d.Def = service.FieldDef{Name: f.Name, Type: f.Type, LabelFR: f.LabelFR, LabelEN: f.LabelEN, HelpFR: f.HelpFR, HelpEN: f.HelpEN,
			Required: f.Required, Choices: strings.Join(f.Choices, "\n"), Albums: f.Albums}
	} else {
		d.Def.Type = gallery.FieldText
	}
	h.renderFieldForm(w, r, http.StatusOK, d)
}

func (h *Handler) renderFieldForm(w http.ResponseWriter, r *http.Request, status int, d fieldFormData) {
	l := h.localizer(r)
	for _, t := range gallery.FieldTypes {
		d.Types = append(d.Types, typeOption{Value: string(t), Name: fieldTypeName(l, t)})
	}
	roots, _, err := h.svc.AlbumNodes(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var walk func([]*gallery.Album, int)
	walk = func(list []*gallery.Album, depth int) {
		for _, a := range list {
			sel := false
			for _, id := range d.Def.Albums {
				sel = sel || id == a.ID
			}
			d.Albums = append(d.Albums, albumOption{ID: a.ID, Name: a.Name, Depth: depth, Selected: sel})
			walk(a.Children, depth+1)
		}
	}
	walk(roots, 0)
	title := l.T("New field")
	if d.ID != 0 {
		title = l.T("Edit the field")
	}
	h.render(w, r, status, "fieldform", title, d)
}

// fieldDef reads a field's form.
func fieldDef(r *http.Request) service.FieldDef {
	f := r.PostForm
	d := service.FieldDef{Name: f.Get("name"), Type: gallery.FieldType(f.Get("type")), LabelFR: f.Get("label_fr"), LabelEN: f.Get("label_en"),
		HelpFR: f.Get("help_fr"), HelpEN: f.Get("help_en"), Required: f.Get("required") != "", Choices: f.Get("choices")}
	for _, v := range f["albums"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.Albums = append(d.Albums, id)
		}
	}
	return d
}

// saveField creates a field, or saves field {id}; a refusal shows the form
// again with what was typed and why.
func (h *Handler) saveField(w http.ResponseWriter, r *http.Request) {
	d := fieldFormData{ID: pathID(r), Def: fieldDef(r)}
	var err error
	done := "saved"
	if d.ID == 0 {
		_, err = h.svc.DefineField(r.Context(), actorOf(r), d.Def)
		done = "created"
	} else {
		err = h.svc.UpdateField(r.Context(), actorOf(r), d.ID, d.Def)
	}
	if errors.Is(err, gallery.ErrInvalid) || errors.Is(err, gallery.ErrConflict) {
		d.Error = refusal(h.localizer(r), err)
		h.renderFieldForm(w, r, http.StatusBadRequest, d)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/fields?done="+done, http.StatusSeeOther)
}

type fieldDeleteData struct {
	ID    int64
	Label string
}

// deleteField deletes a field once confirmed: by the script's dialog, or
// else on a page of its own.
func (h *Handler) deleteField(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	if r.PostFormValue("confirmed") == "" {
		f, err := h.svc.Field(r.Context(), actorOf(r), pathID(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.render(w, r, http.StatusOK, "fielddelete", l.T("Confirm"), fieldDeleteData{ID: f.ID, Label: f.Label(l.Lang())})
		return
	}
	if err := h.svc.DeleteField(r.Context(), actorOf(r), pathID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/fields?done=deleted", http.StatusSeeOther)
}

func (h *Handler) moveField(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.MoveField(r.Context(), actorOf(r), pathID(r), r.PostFormValue("dir") == "up"); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/fields#field-%d", pathID(r)), http.StatusSeeOther)
}

// fieldRefusal words a refusal of a field's definition or value.
func fieldRefusal(l *i18n.Localizer, err error) (string, bool) {
	var ve *gallery.ValueError
	if errors.As(err, &ve) {
		return valueRefusal(l, ve), true
	}
	switch {
	case errors.Is(err, service.ErrReservedName):
		return l.T("This name is a search operator already (date, tag, album…): choose another one."), true
	case errors.Is(err, service.ErrBadFieldName):
		return l.T("A field’s name needs 1 to 40 letters, digits, “-” and “_”, starting with a letter."), true
	case errors.Is(err, service.ErrFieldTypeInUse):
		return l.T("Items hold values of this field: its type cannot change."), true
	}
	return "", false
}

// valueRefusal words a value a field refuses.
func valueRefusal(l *i18n.Localizer, ve *gallery.ValueError) string {
	switch ve.Problem {
	case gallery.ProblemNumber:
		return l.T("%s: “%s” is not a number.", ve.Label(l.Lang()), ve.Value)
	case gallery.ProblemDate:
		return l.T("%s: “%s” is not a date (day/month/year).", ve.Label(l.Lang()), ve.Value)
	case gallery.ProblemBool:
		return l.T("%s: “%s” is neither yes nor no.", ve.Label(l.Lang()), ve.Value)
	case gallery.ProblemChoice:
		return l.T("%s: “%s” is not one of the choices.", ve.Label(l.Lang()), ve.Value)
	case gallery.ProblemTree:
		return l.T("%s: “%s” is not in the list.", ve.Label(l.Lang()), ve.Value)
	case gallery.ProblemLong:
		return l.T("%s: the text is too long.", ve.Label(l.Lang()))
	case gallery.ProblemMultiple:
		return l.T("%s takes only one value.", ve.Label(l.Lang()))
	case gallery.ProblemRequired:
		return l.T("%s is required: fill it in.", ve.Label(l.Lang()))
	case gallery.ProblemApplies:
		return l.T("%s does not apply to some of these items.", ve.Label(l.Lang()))
	}
	return l.T("That is not possible.")
}

// fieldOption is a choice of a field's input.
type fieldOption struct {
	Value, Text string
	Selected    bool
}

// fieldInput is one field of an item, for its page and its form.
type fieldInput struct {
	service.ItemField
	Label, Help string
	// Shown are the values as the reader reads them; Input is the value
	// of a one-line input (a number with the reader's decimal mark).
	Shown []string
	Input string
	// Options are a choice's choices, or a tree's paths indented by
	// level.
	Options []fieldOption
}

// fieldInputs prepares an item's fields for its page.
func fieldInputs(l *i18n.Localizer, fields []service.ItemField) []fieldInput {
	var out []fieldInput
	for _, f := range fields {
		in := fieldInput{ItemField: f, Label: f.Label(l.Lang()), Help: f.Help(l.Lang())}
		for _, v := range f.Values {
			in.Shown = append(in.Shown, f.Display(v, l.Lang()))
		}
		in.Input = f.Value()
		if f.Type == gallery.FieldNumber && len(in.Shown) > 0 {
			in.Input = in.Shown[0]
		}
		choices := f.Choices
		if f.Type == gallery.FieldTree {
			choices = f.TreePaths()
		}
		for _, c := range choices {
			text := c
			if f.Type == gallery.FieldTree {
				levels := strings.Split(c, gallery.TreeSeparator)
				// No-break spaces indent a level: a select shows no markup.
				text = strings.Repeat("\u00a0\u00a0\u00a0", len(levels)-1) + levels[len(levels)-1]
			}
			in.Options = append(in.Options, fieldOption{Value: c, Text: text, Selected: f.Has(c)})
		}
		out = append(out, in)
	}
	return out
}

// saveItemFields saves the fields form of a media page.
func (h *Handler) saveItemFields(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	values := map[int64][]string{}
	for _, v := range r.PostForm["field"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			h.fail(w, r, fmt.Errorf("field %q: %w", v, gallery.ErrInvalid))
			return
		}
		values[id] = r.PostForm["f"+v]
	}
	next := "/m/" + key
	if n := r.PostFormValue("next"); n != "" {
		next = safeNext(n)
	}
	err := h.svc.SetItemFields(r.Context(), actorOf(r), key, values)
	if msg, ok := fieldRefusal(h.localizer(r), err); ok {
		h.say(w, r, &flash{problem: msg, next: next + "#fields"})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next+"#fields", http.StatusSeeOther)
}

// batchValues reads the values typed in the selection bar: several are
// separated by "|", as in a spreadsheet.
func batchValues(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
