package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/search"
	"imagier/internal/sqlstore"
)

// A spreadsheet of fields' values, as ImportFieldsCSV reads it and
// ExportFieldsCSV writes it:
//
//   - UTF-8, with or without a byte-order mark; cells separated by commas
//     or by semicolons (as French spreadsheets write them), which the
//     header row tells.
//   - The header names a "sha256" column and/or a "file" column
//     ("fichier", "filename"), then one column per field, by its name or
//     its French or English label, in any order.
//   - A line names its item by SHA-256 when that cell is filled, else by
//     file name, which must name one item only.
//   - An empty cell leaves the field as it is; a cell holding only "-"
//     clears it; several values of a multiple choice are separated by "|".
//   - A cell starting with "'" followed by = + - @ loses the quote, which
//     the export adds so that spreadsheets do not read values as formulas.

// Bounds of an imported spreadsheet.
const (
	MaxFieldsCSV     = 20 << 20
	MaxFieldsCSVRows = 100_000
)

// CSVProblem says why a spreadsheet or one of its lines is refused; the
// doors word it.
type CSVProblem string

// The problems of a spreadsheet.
const (
	CSVTooLarge      CSVProblem = "too-large"      // over MaxFieldsCSV bytes
	CSVTooManyRows   CSVProblem = "too-many-rows"  // over MaxFieldsCSVRows lines
	CSVNotText       CSVProblem = "not-text"       // not UTF-8 text
	CSVMalformed     CSVProblem = "malformed"      // quotes that do not close, …
	CSVNoFileColumn  CSVProblem = "no-file-column" // neither sha256 nor file
	CSVUnknownColumn CSVProblem = "unknown-column" // Detail names it
	CSVTwiceColumn   CSVProblem = "twice-column"   // a field twice
	CSVNoFile        CSVProblem = "no-file"        // a line naming no file
	CSVUnknownFile   CSVProblem = "unknown-file"   // Detail is the name or hash
	CSVAmbiguousFile CSVProblem = "ambiguous-file" // several items named so
	CSVValue         CSVProblem = "value"          // Value says why
)

// CSVError is a problem of a spreadsheet, at a line (1 is the header; 0
// is the whole file). It is of kind ErrInvalid.
type CSVError struct {
	Line    int
	Problem CSVProblem
	Detail  string
	// Value is the refusal of a value, for CSVValue.
	Value *gallery.ValueError
}

func (e *CSVError) Error() string {
	var why string
	switch e.Problem {
	case CSVTooLarge:
		why = fmt.Sprintf("the file is larger than %d MB", MaxFieldsCSV>>20)
	case CSVTooManyRows:
		why = fmt.Sprintf("the file has more than %d lines", MaxFieldsCSVRows)
	case CSVNotText:
		why = "the file is not UTF-8 text"
	case CSVMalformed:
		why = "the line cannot be read: " + e.Detail
	case CSVNoFileColumn:
		why = `the header names no "file" or "sha256" column`
	case CSVUnknownColumn:
		why = fmt.Sprintf("no field is called %q", e.Detail)
	case CSVTwiceColumn:
		why = fmt.Sprintf("the field %q has two columns", e.Detail)
	case CSVNoFile:
		why = "no file name or SHA-256"
	case CSVUnknownFile:
		why = fmt.Sprintf("no item is %q", e.Detail)
	case CSVAmbiguousFile:
		why = fmt.Sprintf("several items are called %q: name it by its SHA-256", e.Detail)
	case CSVValue:
		why = e.Value.Error()
	}
	if e.Line == 0 {
		return why
	}
	return fmt.Sprintf("line %d: %s", e.Line, why)
}

// Unwrap makes a CSVError of kind ErrInvalid.
func (e *CSVError) Unwrap() error { return gallery.ErrInvalid }

// FieldChange is what a line changes of one field.
type FieldChange struct {
	Field    gallery.Field
	Old, New []string
}

// ImportLine is what became, or would become, of one line.
type ImportLine struct {
	Line int
	// File is how the line names its item; Key the item, when found.
	File, Key string
	Changes   []FieldChange
	// Problem, when set, kept the line from being applied.
	Problem *CSVError
}

// ImportReport is what an import did, or would do in a dry run.
type ImportReport struct {
	DryRun bool
	Lines  []ImportLine
	// Applied counts the lines that changed an item; Refused those with a
	// problem.
	Applied, Refused int
}

// csvColumns is what a header says: which column holds what.
type csvColumns struct {
	sha, file int // -1 when absent
	fields    map[int]gallery.Field
}

// ImportFieldsCSV reads a spreadsheet of fields' values and applies every
// line without a problem (none in a dry run), in one transaction with
// its audit entry. A problem of the whole file (too large, no file
// column, an unknown column) is returned as a *CSVError; a problem of a
// line is in the report, under its line number.
func (s *Service) ImportFieldsCSV(ctx context.Context, a Actor, r io.Reader, dryRun bool) (ImportReport, error) {
	rep := ImportReport{DryRun: dryRun}
	if a.Access == nil || a.ReadOnly {
		return rep, fmt.Errorf("import fields: %w", gallery.ErrNotFound)
	}
	records, lines, err := readCSV(r)
	if err != nil {
		return rep, err
	}
	fields, err := s.store.Fields(ctx)
	if err != nil {
		return rep, err
	}
	cols, err := header(records[0], fields)
	if err != nil {
		return rep, err
	}
	records, lines = records[1:], lines[1:]
	items, err := s.csvItems(ctx, a, records, cols)
	if err != nil {
		return rep, err
	}
	parents, err := s.store.AlbumParents(ctx)
	if err != nil {
		return rep, err
	}
	var ids []int64
	for _, it := range items.byID {
		ids = append(ids, it.ID)
	}
	values, err := s.store.FieldValues(ctx, ids)
	if err != nil {
		return rep, err
	}
	for i, rec := range records {
		if isBlank(rec) {
			continue
		}
		l := ImportLine{Line: lines[i]}
		it, err := items.find(rec, cols, &l)
		if err == nil {
			l.Key = it.Key
			l.Changes, err = lineChanges(rec, cols, it, values[it.ID], parents)
		}
		if err != nil {
			var ce *CSVError
			if !errors.As(err, &ce) {
				return rep, err
			}
			ce.Line = l.Line
			l.Problem, l.Changes = ce, nil
			rep.Refused++
		} else if len(l.Changes) > 0 {
			rep.Applied++
			// A later line sees what an earlier one set.
			values[it.ID] = applyChanges(values[it.ID], l.Changes)
		}
		rep.Lines = append(rep.Lines, l)
	}
	if dryRun || rep.Applied == 0 {
		return rep, nil
	}
	err = s.change(ctx, a, "fields.import", "", fmt.Sprintf("lines=%d refused=%d", rep.Applied, rep.Refused), func(ctx context.Context) error {
		for _, l := range rep.Lines {
			if l.Problem != nil {
				continue
			}
			id := items.byKey[l.Key].ID
			for _, c := range l.Changes {
				if err := s.store.SetFieldValues(ctx, []int64{id}, c.Field.ID, c.New, sqlstore.FieldReplace); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return rep, err
}

// readCSV reads a whole spreadsheet, bounded, and returns its records
// with the line each starts on.
func readCSV(r io.Reader) ([][]string, []int, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFieldsCSV+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	if len(data) > MaxFieldsCSV {
		return nil, nil, &CSVError{Problem: CSVTooLarge}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, &CSVError{Problem: CSVNotText}
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	var records [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, nil, &CSVError{Line: line, Problem: CSVMalformed, Detail: errors.Unwrap(err).Error()}
		}
		if len(records) >= MaxFieldsCSVRows+1 {
			return nil, nil, &CSVError{Problem: CSVTooManyRows}
		}
		line, _ := cr.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
	}
	if len(records) == 0 {
		return nil, nil, &CSVError{Line: 1, Problem: CSVNoFileColumn}
	}
	return records, lines, nil
}

// header reads the header row.
func header(rec []string, fields []gallery.Field) (csvColumns, error) {
	cols := csvColumns{sha: -1, file: -1, fields: map[int]gallery.Field{}}
	for i, cell := range rec {
		switch search.Fold(strings.TrimSpace(cell)) {
		case "sha256", "sha-256":
			cols.sha = i
		case "file", "fichier", "filename", "nom de fichier":
			cols.file = i
		}
	}
	if cols.sha < 0 && cols.file < 0 {
		return cols, &CSVError{Line: 1, Problem: CSVNoFileColumn}
	}
	taken := map[int64]bool{}
	for i, cell := range rec {
		name := strings.TrimSpace(cell)
		k := search.Fold(name)
		if k == "" || i == cols.sha || i == cols.file {
			continue
		}
		j := slices.IndexFunc(fields, func(f gallery.Field) bool {
			return f.Name == k || search.Fold(f.LabelFR) == k || search.Fold(f.LabelEN) == k
		})
		if j < 0 {
			return cols, &CSVError{Line: 1, Problem: CSVUnknownColumn, Detail: name}
		}
		if taken[fields[j].ID] {
			return cols, &CSVError{Line: 1, Problem: CSVTwiceColumn, Detail: name}
		}
		taken[fields[j].ID] = true
		cols.fields[i] = fields[j]
	}
	return cols, nil
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	v := strings.TrimSpace(rec[i])
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:]
	}
	return v
}

func isBlank(rec []string) bool {
	for i := range rec {
		if cell(rec, i) != "" {
			return false
		}
	}
	return true
}

// csvItemSet is the items a spreadsheet names that the actor may edit.
type csvItemSet struct {
	bySHA  map[string]gallery.ItemLinks
	byName map[string][]gallery.ItemLinks
	byKey  map[string]gallery.ItemLinks
	byID   map[int64]gallery.ItemLinks
}

// csvItems looks up, all at once, the items the lines name; those the
// actor may not edit are left out, as if they did not exist.
func (s *Service) csvItems(ctx context.Context, a Actor, records [][]string, cols csvColumns) (*csvItemSet, error) {
	var hashes, names []string
	for _, rec := range records {
		if h := strings.ToLower(cell(rec, cols.sha)); h != "" {
			hashes = append(hashes, h)
		} else if n := cell(rec, cols.file); n != "" {
			names = append(names, n)
		}
	}
	refs, err := s.store.ItemsByFile(ctx, hashes, names)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(refs))
	for i, r := range refs {
		keys[i] = r.Key
	}
	set := &csvItemSet{bySHA: map[string]gallery.ItemLinks{}, byName: map[string][]gallery.ItemLinks{},
		byKey: map[string]gallery.ItemLinks{}, byID: map[int64]gallery.ItemLinks{}}
	for start := 0; start < len(keys); start += 1000 {
		items, err := s.store.ItemsByKeys(ctx, keys[start:min(start+1000, len(keys))])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !it.Deleted && it.Perm(a.Access).Has(gallery.PermEdit) {
				set.byKey[it.Key], set.byID[it.ID] = it, it
			}
		}
	}
	for _, r := range refs {
		it, ok := set.byKey[r.Key]
		if !ok {
			continue
		}
		set.bySHA[r.SHA256] = it
		set.byName[r.Filename] = append(set.byName[r.Filename], it)
	}
	return set, nil
}

// find returns the item a line names.
func (set *csvItemSet) find(rec []string, cols csvColumns, l *ImportLine) (gallery.ItemLinks, error) {
	if h := strings.ToLower(cell(rec, cols.sha)); h != "" {
		l.File = h
		if it, ok := set.bySHA[h]; ok {
			return it, nil
		}
		return gallery.ItemLinks{}, &CSVError{Problem: CSVUnknownFile, Detail: h}
	}
	n := cell(rec, cols.file)
	l.File = n
	switch its := set.byName[n]; {
	case n == "":
		return gallery.ItemLinks{}, &CSVError{Problem: CSVNoFile}
	case len(its) == 0:
		return gallery.ItemLinks{}, &CSVError{Problem: CSVUnknownFile, Detail: n}
	case len(its) > 1:
		return gallery.ItemLinks{}, &CSVError{Problem: CSVAmbiguousFile, Detail: n}
	default:
		return its[0], nil
	}
}

// lineChanges checks a line's cells and returns what they change.
func lineChanges(rec []string, cols csvColumns, it gallery.ItemLinks, current []gallery.FieldValue, parents map[int64]int64) ([]FieldChange, error) {
	idx := make([]int, 0, len(cols.fields))
	for i := range cols.fields {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	var out []FieldChange
	for _, i := range idx {
		f := cols.fields[i]
		v := cell(rec, i)
		if v == "" {
			continue
		}
		var old []string
		for _, c := range current {
			if c.FieldID == f.ID {
				old = append(old, c.Value)
			}
		}
		var nv []string
		if v != "-" {
			var err error
			if nv, err = f.CanonicalValues(strings.Split(v, "|")); err != nil {
				var ve *gallery.ValueError
				errors.As(err, &ve)
				return nil, &CSVError{Problem: CSVValue, Value: ve}
			}
		}
		if slices.Equal(old, sortedCopy(nv)) || slices.Equal(old, nv) {
			continue
		}
		if !applies(f, linkAlbums(it), parents) {
			return nil, &CSVError{Problem: CSVValue, Value: f.Refusal("", gallery.ProblemApplies)}
		}
		if f.Required && len(nv) == 0 {
			return nil, &CSVError{Problem: CSVValue, Value: f.Refusal("", gallery.ProblemRequired)}
		}
		out = append(out, FieldChange{Field: f, Old: old, New: nv})
	}
	return out, nil
}

func sortedCopy(vs []string) []string {
	c := slices.Clone(vs)
	slices.Sort(c)
	return c
}

// applyChanges returns an item's values after a line's changes.
func applyChanges(values []gallery.FieldValue, changes []FieldChange) []gallery.FieldValue {
	for _, c := range changes {
		values = slices.DeleteFunc(values, func(v gallery.FieldValue) bool { return v.FieldID == c.Field.ID })
		for _, v := range sortedCopy(c.New) {
			values = append(values, gallery.FieldValue{FieldID: c.Field.ID, Value: v})
		}
	}
	return values
}

// ExportFieldsCSV writes every item's values as a spreadsheet that
// ImportFieldsCSV reads back: a byte-order mark (for spreadsheets to read
// the text as UTF-8), the header "sha256,file" and the fields' names,
// then one line per item out of the trash. For administrators.
func (s *Service) ExportFieldsCSV(ctx context.Context, a Actor, w io.Writer) error {
	if err := admin(a, "export fields"); err != nil {
		return err
	}
	fields, err := s.store.Fields(ctx)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := []string{"sha256", "file"}
	for _, f := range fields {
		head = append(head, f.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	err = s.store.EachFileRef(ctx, func(chunk []sqlstore.FileRef) error {
		ids := make([]int64, len(chunk))
		for i, r := range chunk {
			ids[i] = r.ID
		}
		values, err := s.store.FieldValues(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range chunk {
			row := []string{r.SHA256, safeCell(r.Filename)}
			for _, f := range fields {
				var vs []string
				for _, v := range values[r.ID] {
					if v.FieldID == f.ID {
						vs = append(vs, v.Value)
					}
				}
				row = append(row, safeCell(strings.Join(vs, "|")))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// safeCell keeps a spreadsheet from reading a value as a formula; the
// import takes the quote off again.
func safeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
		return "'" + v
	}
	return v
}
