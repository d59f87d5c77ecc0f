package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// TestFieldsCommands imports a spreadsheet of fields' values from the
// command line, dry run first, and exports it back; a bad line makes the
// command fail naming the line.
func TestFieldsCommands(t *testing.T) {
	ctx := context.Background()
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if code, _, errOut := run(t, env, "", "import", "--album", "Culture", testmedia.Path(t, "cameras/Canon_40D.jpg"), testmedia.Path(t, "cameras/Apple.jpg")); code != 0 {
				t.Fatalf("import: %s", errOut)
			}
			st := openStore(t, env)
			if _, err := st.CreateField(ctx, gallery.Field{Name: "coloris", Type: gallery.FieldChoice, LabelFR: "Coloris", LabelEN: "Colour", Choices: []string{"Rouge", "Vert"}}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			in := filepath.Join(dir, "in.csv")
			os.WriteFile(in, []byte("fichier;coloris\nCanon_40D.jpg;rouge\nApple.jpg;Bleu\nNowhere.jpg;Vert\n"), 0o644)

			code, out, errOut := run(t, env, "", "fields", "import", "--dry-run", in)
			if code != 1 || !strings.Contains(out, "line 2: Canon_40D.jpg: would change coloris: (empty) → Rouge") ||
				!strings.Contains(errOut, `line 3: field coloris: "Bleu" is not one of the choices`) || !strings.Contains(errOut, `line 4: no item is "Nowhere.jpg"`) {
				t.Errorf("dry run: exit %d\n%s\n%s", code, out, errOut)
			}
			out, _, _ = runOK(t, env, "fields", "export", "-")
			if !strings.Contains(out, ",Canon_40D.jpg,\n") {
				t.Errorf("the dry run changed something:\n%s", out)
			}
			os.WriteFile(in, []byte("file,coloris\nCanon_40D.jpg,rouge\n"), 0o644)
			runOK(t, env, "fields", "import", in)
			exported := filepath.Join(dir, "out.csv")
			runOK(t, env, "fields", "export", exported)
			data, err := os.ReadFile(exported)
			if err != nil || !strings.Contains(string(data), ",Canon_40D.jpg,Rouge\n") || !strings.HasPrefix(string(data), "\uFEFFsha256,file,coloris\n") {
				t.Errorf("export: %q, %v", data, err)
			}
			if code, _, errOut := run(t, env, "", "fields", "import", filepath.Join(dir, "missing.csv")); code == 0 || errOut == "" {
				t.Errorf("a missing file: exit %d, %q", code, errOut)
			}
			entries, err := st.Audit(ctx, gallery.AuditFilter{Action: "fields.import"})
			if err != nil || len(entries) != 1 || !strings.HasPrefix(entries[0].UserName, "command line: imagier fields import") {
				t.Errorf("the import's audit entry: %+v, %v", entries, err)
			}
		})
	}
}

func runOK(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	code, out, errOut := run(t, env, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	return out, errOut, code
}
