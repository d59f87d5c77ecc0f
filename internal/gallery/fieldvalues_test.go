package gallery

import (
	"errors"
	"slices"
	"testing"
)

func TestFieldCanonical(t *testing.T) {
	choice := Field{Name: "coloris", Type: FieldChoice, Choices: []string{"Rouge", "Vert"}}
	multi := Field{Name: "themes", Type: FieldMultiChoice, Choices: []string{"Mer", "Montagne"}}
	tree := Field{Name: "site", Type: FieldTree, Choices: []string{"Bretagne > Rennes > École Jean Moulin", "Bretagne > Brest"}}
	tests := []struct {
		f       Field
		in      string
		want    string
		problem ValueProblem
	}{
		{Field{Type: FieldText}, "  deux   mots \n", "deux mots", ""},
		{Field{Type: FieldText}, "", "", ""},
		{Field{Type: FieldLongText}, "ligne 1\nligne 2", "ligne 1\nligne 2", ""},
		{Field{Type: FieldNumber}, "12,50", "12.5", ""},
		{Field{Type: FieldNumber}, "12.50", "12.5", ""},
		{Field{Type: FieldNumber}, "-0012", "-12", ""},
		{Field{Type: FieldNumber}, "1 234,5", "1234.5", ""},
		{Field{Type: FieldNumber}, "-0", "0", ""},
		{Field{Type: FieldNumber}, ",5", "0.5", ""},
		{Field{Type: FieldNumber}, "1e5", "", ProblemNumber},
		{Field{Type: FieldNumber}, "Inf", "", ProblemNumber},
		{Field{Type: FieldNumber}, "1.2.3", "", ProblemNumber},
		{Field{Type: FieldNumber}, "1,2.3", "", ProblemNumber},
		{Field{Type: FieldNumber}, "douze", "", ProblemNumber},
		{Field{Type: FieldNumber}, "-", "", ProblemNumber},
		{Field{Type: FieldDate}, "2026-06-21", "2026-06-21", ""},
		{Field{Type: FieldDate}, "21/06/2026", "2026-06-21", ""},
		{Field{Type: FieldDate}, "1/6/2026", "2026-06-01", ""},
		{Field{Type: FieldDate}, "2026-02-30", "", ProblemDate},
		{Field{Type: FieldDate}, "06/21/2026", "", ProblemDate},
		{Field{Type: FieldBool}, "Oui", "true", ""},
		{Field{Type: FieldBool}, "yes", "true", ""},
		{Field{Type: FieldBool}, "NON", "false", ""},
		{Field{Type: FieldBool}, "false", "false", ""},
		{Field{Type: FieldBool}, "peut-être", "", ProblemBool},
		{choice, "Rouge", "Rouge", ""},
		{choice, "rouge", "Rouge", ""},
		{choice, "Bleu", "", ProblemChoice},
		{multi, "mer", "Mer", ""},
		{tree, "Bretagne", "Bretagne", ""},
		{tree, "bretagne>rennes", "Bretagne > Rennes", ""},
		{tree, "Bretagne > Rennes > École Jean Moulin", "Bretagne > Rennes > École Jean Moulin", ""},
		{tree, "Rennes", "", ProblemTree},
		{tree, "Bretagne > Quimper", "", ProblemTree},
	}
	for _, tt := range tests {
		t.Run(string(tt.f.Type)+"/"+tt.in, func(t *testing.T) {
			got, err := tt.f.Canonical(tt.in)
			var ve *ValueError
			switch {
			case tt.problem == "" && err != nil:
				t.Fatalf("Canonical(%q) = %v", tt.in, err)
			case tt.problem != "" && (!errors.As(err, &ve) || ve.Problem != tt.problem || !errors.Is(err, ErrInvalid)):
				t.Fatalf("Canonical(%q) = %q, %v; want problem %s", tt.in, got, err, tt.problem)
			case tt.problem == "" && got != tt.want:
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFieldCanonicalValues(t *testing.T) {
	multi := Field{Name: "themes", Type: FieldMultiChoice, Choices: []string{"Mer", "Montagne"}}
	got, err := multi.CanonicalValues([]string{"mer", " ", "Montagne", "MER"})
	if err != nil || !slices.Equal(got, []string{"Mer", "Montagne"}) {
		t.Errorf("multiple choice: %q, %v", got, err)
	}
	one := Field{Name: "coloris", Type: FieldChoice, Choices: []string{"Rouge", "Vert"}}
	var ve *ValueError
	if _, err := one.CanonicalValues([]string{"Rouge", "Vert"}); !errors.As(err, &ve) || ve.Problem != ProblemMultiple {
		t.Errorf("two values of a choice: %v, want ProblemMultiple", err)
	}
	long := Field{Name: "note", Type: FieldText}
	if _, err := long.Canonical(string(slices.Repeat([]byte("a"), MaxFieldText+1))); !errors.As(err, &ve) || ve.Problem != ProblemLong {
		t.Errorf("an overlong text: %v, want ProblemLong", err)
	}
}

func TestParseChoices(t *testing.T) {
	tests := []struct {
		typ  FieldType
		text string
		want []string
		ok   bool
	}{
		{FieldChoice, "Rouge\n\n vert \nrouge\r\nBleu", []string{"Rouge", "vert", "Bleu"}, true},
		{FieldTree, "Bretagne>Rennes\nBretagne  >  Brest", []string{"Bretagne > Rennes", "Bretagne > Brest"}, true},
		{FieldTree, "Bretagne > > Brest", nil, false},
		{FieldChoice, "a|b", nil, false},
		{FieldChoice, "", nil, false},
		{FieldText, "ignored", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseChoices(tt.typ, tt.text)
		if (err == nil) != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("ParseChoices(%s, %q) = %q, %v; want %q (ok %v)", tt.typ, tt.text, got, err, tt.want, tt.ok)
		}
	}
}

func TestValidFieldName(t *testing.T) {
	for name, want := range map[string]bool{"coloris": true, "num_inventaire": true, "site-2": true, "": false,
		"2site": false, "Coloris": false, "mot clé": false, "a:b": false, string(slices.Repeat([]byte("a"), MaxFieldName+1)): false} {
		if got := ValidFieldName(name); got != want {
			t.Errorf("ValidFieldName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFieldDisplay(t *testing.T) {
	for _, tt := range []struct {
		typ           FieldType
		v, lang, want string
	}{
		{FieldBool, "true", "fr", "oui"}, {FieldBool, "false", "en", "no"},
		{FieldDate, "2026-06-21", "fr", "21/06/2026"}, {FieldDate, "2026-06-21", "en", "2026-06-21"},
		{FieldNumber, "12.5", "fr", "12,5"}, {FieldNumber, "12.5", "en", "12.5"},
	} {
		if got := (Field{Type: tt.typ}).Display(tt.v, tt.lang); got != tt.want {
			t.Errorf("Display(%s %q, %s) = %q, want %q", tt.typ, tt.v, tt.lang, got, tt.want)
		}
	}
}
