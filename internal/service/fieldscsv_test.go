package service

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/testmedia"
)

func TestImportFieldsCSV(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			// A French spreadsheet: a byte-order mark, semicolons, labels
			// for headers, a decimal comma, and the file named by hash on
			// one line.
			good := "\uFEFFFichier;sha256;Coloris;N° d’inventaire;Thèmes;site\n" +
				"Canon_40D.jpg;;rouge;12,5;Mer|Ville;Bretagne > Brest\n" +
				";" + f.fete.SHA256 + ";Vert;7;;\n" +
				"\n" +
				"Casio.jpg;;;3;montagne;\n"
			rep, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(good), true)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Applied != 3 || rep.Refused != 0 || len(rep.Lines) != 3 || rep.Lines[2].Line != 5 {
				t.Fatalf("dry run: %+v", rep)
			}
			c := rep.Lines[0].Changes
			if len(c) != 4 || c[0].Field.Name != "coloris" || len(c[0].Old) != 0 || !slices.Equal(c[0].New, []string{"Rouge"}) {
				t.Errorf("the dry run's changes of line 2: %+v", c)
			}
			if v := f.values(t, f.culture, f.coloris); len(v) != 0 {
				t.Fatalf("a dry run wrote %q", v)
			}
			if e.auditCount(t, "fields.import") != 0 {
				t.Error("a dry run was audited")
			}
			if _, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(good), false); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				m     gallery.Media
				field int64
				want  []string
			}{{f.culture, f.coloris, []string{"Rouge"}}, {f.culture, f.n, []string{"12.5"}}, {f.culture, f.theme, []string{"Mer", "Ville"}},
				{f.culture, f.site, []string{"Bretagne > Brest"}}, {f.fete, f.coloris, []string{"Vert"}}, {f.sport, f.theme, []string{"Montagne"}}} {
				if got := f.values(t, c.m, c.field); !slices.Equal(got, c.want) {
					t.Errorf("%s, field %d: %q, want %q", c.m.Filename, c.field, got, c.want)
				}
			}
			if e.auditCount(t, "fields.import") != 1 {
				t.Error("the import is not audited")
			}
			// The same file again changes nothing; "-" clears.
			rep, _ = e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(good), false)
			if rep.Applied != 0 {
				t.Errorf("importing again: %+v", rep)
			}
			rep, err = e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader("file,coloris,themes\nCanon_40D.jpg,-,-\n"), false)
			if err != nil || rep.Applied != 1 || len(f.values(t, f.culture, f.coloris)) != 0 || len(f.values(t, f.culture, f.theme)) != 0 {
				t.Errorf("clearing with -: %+v, %v", rep, err)
			}
		})
	}
}

// TestImportFieldsCSVProblems: a broken file is refused whole with the
// reason; a bad line is reported with its number, and the good lines
// are still applied.
func TestImportFieldsCSVProblems(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			// Two different files of the same name.
			dir := t.TempDir()
			for i, src := range []string{"cameras/Canon.jpg", "cameras/Kodak.jpg"} {
				sub := filepath.Join(dir, string(rune('a'+i)))
				os.MkdirAll(sub, 0o755)
				data, err := os.ReadFile(testmedia.Path(t, src))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(sub, "photo.jpg"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.lib.Import(ctx, []string{dir}, media.ImportOptions{Album: []string{"Twins"}}); err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				name, csv string
				line      int
				problem   CSVProblem
			}{
				{"bad header", "titre,coloris\nx,Rouge\n", 1, CSVNoFileColumn},
				{"unknown field", "file,coloris,couleur du ciel\nCanon_40D.jpg,Rouge,bleu\n", 1, CSVUnknownColumn},
				{"a field twice", "file,coloris,Colour\nCanon_40D.jpg,Rouge,Vert\n", 1, CSVTwiceColumn},
				{"unclosed quote", "file,coloris\nCanon_40D.jpg,Rouge\n\"Apple.jpg,Vert\n", 3, CSVMalformed},
				{"not text", "file,coloris\n\xff\xfe\n", 0, CSVNotText},
				{"empty", "", 1, CSVNoFileColumn},
			} {
				_, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(tt.csv), false)
				var ce *CSVError
				if !errors.As(err, &ce) || ce.Problem != tt.problem || ce.Line != tt.line || !errors.Is(err, gallery.ErrInvalid) {
					t.Errorf("%s: %v, want %s at line %d", tt.name, err, tt.problem, tt.line)
				}
			}
			// Line 7 holds a bad number; other lines name an unknown file,
			// an ambiguous name, a value outside the choices, an item the
			// field does not apply to. Lines 2 and 8 are good.
			bad := "file,inventaire,coloris\n" +
				"Canon_40D.jpg,1,Rouge\n" +
				"Nowhere.jpg,2,\n" +
				"photo.jpg,3,\n" +
				"Apple.jpg,4,Bleu\n" +
				"Casio.jpg,5,Rouge\n" +
				"Apple.jpg,douze,\n" +
				"Apple.jpg,8,\n"
			rep, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(bad), false)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int]CSVProblem{3: CSVUnknownFile, 4: CSVAmbiguousFile, 5: CSVValue, 6: CSVValue, 7: CSVValue}
			for _, l := range rep.Lines {
				p := CSVProblem("")
				if l.Problem != nil {
					p = l.Problem.Problem
					if !strings.HasPrefix(l.Problem.Error(), "line ") {
						t.Errorf("line %d's message %q does not name its line", l.Line, l.Problem.Error())
					}
				}
				if p != want[l.Line] {
					t.Errorf("line %d: %v, want %q", l.Line, l.Problem, want[l.Line])
				}
			}
			if rep.Lines[5].Problem == nil || rep.Lines[5].Problem.Error() != `line 7: field inventaire: "douze" is not a number` {
				t.Errorf("line 7's message: %v", rep.Lines[5].Problem)
			}
			if rep.Applied != 2 || rep.Refused != 5 {
				t.Errorf("applied %d, refused %d; want 2 and 5", rep.Applied, rep.Refused)
			}
			if got := f.values(t, f.fete, f.n); !slices.Equal(got, []string{"8"}) {
				t.Errorf("the good line 8 was not applied: %q", got)
			}
			// An editor's spreadsheet reaches only the items they edit.
			rep, err = e.svc.ImportFieldsCSV(ctx, f.ed, strings.NewReader("file,inventaire\nCasio.jpg,9\nApple.jpg,10\n"), false)
			if err != nil || rep.Applied != 1 || rep.Lines[0].Problem == nil || rep.Lines[0].Problem.Problem != CSVUnknownFile {
				t.Errorf("an editor's import: %+v, %v", rep, err)
			}
			if _, err := e.svc.ImportFieldsCSV(ctx, Actor{}, strings.NewReader("file\n"), false); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a guest's import: %v", err)
			}
		})
	}
}

func TestImportFieldsCSVBounds(t *testing.T) {
	e := newEnvs(t)["sqlite"]
	ctx := context.Background()
	big := bytes.Repeat([]byte("x"), MaxFieldsCSV+1)
	var ce *CSVError
	if _, err := e.svc.ImportFieldsCSV(ctx, e.admin, bytes.NewReader(big), true); !errors.As(err, &ce) || ce.Problem != CSVTooLarge {
		t.Errorf("a file over the size: %v", err)
	}
	rows := "file\n" + strings.Repeat("a.jpg\n", MaxFieldsCSVRows+1)
	if _, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(rows), true); !errors.As(err, &ce) || ce.Problem != CSVTooManyRows {
		t.Errorf("a file over the rows: %v", err)
	}
}

// TestExportImportFields: what the export writes, the import reads back
// unchanged, values a spreadsheet would take for formulas included.
func TestExportImportFields(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFieldEnv(t, e)
			text, err := e.svc.DefineField(ctx, e.admin, FieldDef{Name: "remarque", Type: gallery.FieldText, LabelFR: "Remarque"})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetItemFields(ctx, e.admin, f.fete.Key, map[int64][]string{f.coloris: {"Rouge"}, f.n: {"-3,5"},
				f.theme: {"Mer", "Montagne"}, f.site: {"Bretagne > Rennes > École Jean Moulin"}, text: {"=1+1, \"quoted\""}}); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := e.svc.ExportFieldsCSV(ctx, e.admin, &out); err != nil {
				t.Fatal(err)
			}
			s := out.String()
			if !strings.HasPrefix(s, "\uFEFFsha256,file,coloris,site,inventaire,themes,remarque\n") || !strings.Contains(s, "'-3.5,Mer|Montagne,\"'=1+1, \"\"quoted\"\"\"") {
				t.Errorf("export:\n%s", s)
			}
			if err := e.svc.ExportFieldsCSV(ctx, f.ed, &out); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("an editor's export: %v", err)
			}
			// Clear everything, import the export: all comes back.
			before, _ := e.store.FieldValues(ctx, []int64{f.fete.ID})
			for _, id := range []int64{f.coloris, f.theme, f.site, text} {
				if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchUnfield, Keys: []string{f.fete.Key}, Field: id}); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := e.svc.ImportFieldsCSV(ctx, e.admin, strings.NewReader(s), false)
			if err != nil || rep.Refused != 0 || rep.Applied != 1 {
				t.Fatalf("importing the export: %+v, %v", rep, err)
			}
			after, _ := e.store.FieldValues(ctx, []int64{f.fete.ID})
			if !slices.Equal(before[f.fete.ID], after[f.fete.ID]) {
				t.Errorf("round trip: %v, want %v", after[f.fete.ID], before[f.fete.ID])
			}
		})
	}
}
