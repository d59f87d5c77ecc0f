package web

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"imagier/internal/i18n"
	"imagier/internal/service"
)

// A spreadsheet of fields' values is previewed first (a dry run), then
// applied: between the two, the server keeps the file, under a random
// token only the session that sent it may use, so that it is not sent
// twice.

const (
	sheetTTL = 30 * time.Minute
	// maxSheets bounds the files kept, all sessions together; a session
	// keeps one.
	maxSheets = 4
	// maxSheetRows bounds the rows of a report the page shows.
	maxSheetRows = 2000
)

type heldSheet struct {
	owner string
	at    time.Time
	data  []byte
}

// sheetStore keeps previewed spreadsheets; its zero value is ready.
type sheetStore struct {
	mu sync.Mutex
	m  map[string]*heldSheet
}

func (s *sheetStore) put(owner string, data []byte) string {
	var b [18]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]*heldSheet{}
	}
	now := time.Now()
	for k, h := range s.m {
		if h.owner == owner || now.Sub(h.at) > sheetTTL {
			delete(s.m, k)
		}
	}
	for k := range s.m {
		if len(s.m) < maxSheets {
			break
		}
		delete(s.m, k)
	}
	s.m[token] = &heldSheet{owner: owner, at: now, data: data}
	return token
}

// take returns and forgets the spreadsheet under token, when owner sent it.
func (s *sheetStore) take(token, owner string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.m[token]
	if !ok || owner == "" || h.owner != owner || time.Since(h.at) > sheetTTL {
		return nil
	}
	delete(s.m, token)
	return h.data
}

// sheetForm is fileForm for a spreadsheet, which may be larger than a
// logo.
func (h *Handler) sheetForm(next http.HandlerFunc) http.HandlerFunc {
	return h.multipartForm(int64(service.MaxFieldsCSV+maxForm), 1<<20, func(l *i18n.Localizer) string {
		return l.T("The file is too large: at most %s.", l.Bytes(service.MaxFieldsCSV))
	}, next)
}

// sheetLine is one line of the preview or of the result.
type sheetLine struct {
	Line              int
	File, Key         string
	Field, Old, New   string
	Problem           string
	First, HasProblem bool
}

type sheetPageData struct {
	// Ran is set once a file was read: Report is what it did or would do.
	Ran    bool
	Report service.ImportReport
	Lines  []sheetLine
	// More counts the rows left out of a long report.
	More int
	// Token, after a dry run with changes, applies the same file.
	Token string
	Error string
}

func (h *Handler) fieldsImportPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "fieldsimport", h.localizer(r).T("Import fields from a spreadsheet"), sheetPageData{})
}

// importFields previews or applies a spreadsheet: the file sent, or the
// one kept from the preview.
func (h *Handler) importFields(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	owner := ""
	if se := sessionOf(r.Context()); se != nil {
		owner = se.TokenHash()
	}
	var data []byte
	if f, _, err := r.FormFile("file"); err == nil {
		data, err = io.ReadAll(io.LimitReader(f, service.MaxFieldsCSV+1))
		f.Close()
		if err != nil {
			h.fail(w, r, err)
			return
		}
	} else if t := r.PostFormValue("token"); t != "" {
		data = h.sheets.take(t, owner)
	}
	d := sheetPageData{}
	if data == nil {
		d.Error = l.T("Choose a file first.")
		h.render(w, r, http.StatusBadRequest, "fieldsimport", l.T("Import fields from a spreadsheet"), d)
		return
	}
	dry := r.PostFormValue("dry") != ""
	rep, err := h.svc.ImportFieldsCSV(r.Context(), actorOf(r), bytes.NewReader(data), dry)
	var ce *service.CSVError
	if errors.As(err, &ce) {
		d.Error = csvRefusal(l, ce)
		h.render(w, r, http.StatusBadRequest, "fieldsimport", l.T("Import fields from a spreadsheet"), d)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Ran, d.Report, d.Lines = true, rep, sheetLines(l, rep)
	if len(d.Lines) > maxSheetRows {
		// The page stays readable; the command line prints them all.
		d.More, d.Lines = len(d.Lines)-maxSheetRows, d.Lines[:maxSheetRows]
	}
	if dry && rep.Applied > 0 {
		d.Token = h.sheets.put(owner, data)
	}
	h.render(w, r, http.StatusOK, "fieldsimport", l.T("Import fields from a spreadsheet"), d)
}

// sheetLines lists a report's changes and problems, a row each.
func sheetLines(l *i18n.Localizer, rep service.ImportReport) []sheetLine {
	var out []sheetLine
	shown := func(f service.FieldChange, vs []string) string {
		if len(vs) == 0 {
			return "—"
		}
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = f.Field.Display(v, l.Lang())
		}
		return strings.Join(out, " | ")
	}
	for _, x := range rep.Lines {
		if x.Problem != nil {
			out = append(out, sheetLine{Line: x.Line, File: x.File, Problem: csvRefusal(l, x.Problem), First: true, HasProblem: true})
			continue
		}
		for i, c := range x.Changes {
			out = append(out, sheetLine{Line: x.Line, File: x.File, Key: x.Key, Field: c.Field.Label(l.Lang()), Old: shown(c, c.Old), New: shown(c, c.New), First: i == 0})
		}
	}
	return out
}

// csvRefusal words a problem of a spreadsheet.
func csvRefusal(l *i18n.Localizer, e *service.CSVError) string {
	var why string
	switch e.Problem {
	case service.CSVTooLarge:
		why = l.T("The file is too large: at most %s.", l.Bytes(service.MaxFieldsCSV))
	case service.CSVTooManyRows:
		why = l.T("The file has too many lines: at most %s.", l.Int(service.MaxFieldsCSVRows))
	case service.CSVNotText:
		why = l.T("The file is not a spreadsheet saved as CSV (UTF-8).")
	case service.CSVMalformed:
		why = l.T("This line cannot be read (a quotation mark that does not close?).")
	case service.CSVNoFileColumn:
		why = l.T("The first line must name a “file” or “sha256” column.")
	case service.CSVUnknownColumn:
		why = l.T("No field is called “%s”.", e.Detail)
	case service.CSVTwiceColumn:
		why = l.T("The field “%s” has two columns.", e.Detail)
	case service.CSVNoFile:
		why = l.T("No file name or SHA-256 on this line.")
	case service.CSVUnknownFile:
		why = l.T("No item is “%s”.", e.Detail)
	case service.CSVAmbiguousFile:
		why = l.T("Several items are called “%s”: name it by its SHA-256.", e.Detail)
	case service.CSVValue:
		why = valueRefusal(l, e.Value)
	}
	if e.Line == 0 {
		return why
	}
	return l.T("Line %d: %s", e.Line, why)
}

// exportFields downloads every item's fields as a spreadsheet.
func (h *Handler) exportFields(w http.ResponseWriter, r *http.Request) {
	if _, err := h.svc.Fields(r.Context(), actorOf(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="imagier-fields.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := h.svc.ExportFieldsCSV(r.Context(), actorOf(r), w); err != nil {
		// The header is sent: the download ends short, and the log says why.
		h.log.Error("export fields", "err", err)
	}
}
