package web

import (
	"errors"
	"fmt"
	"net/url"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// The custom fields' forged requests, for TestAttackCSRF: each would
// change something if its token were not checked.
func init() {
	for pattern, path := range map[string]string{
		"POST /admin/fields/{id}":        "/admin/fields/1",
		"POST /admin/fields/{id}/delete": "/admin/fields/1/delete",
		"POST /admin/fields/{id}/move":   "/admin/fields/1/move",
	} {
		csrfAttempts[pattern] = func(f *fixture) (string, url.Values, any, []byte) {
			return path, url.Values{"name": {"forged"}, "type": {"text"}, "label_fr": {"forged"}, "confirmed": {"1"}, "dir": {"up"}}, nil, nil
		}
	}
	csrfAttempts["POST /admin/fields"] = func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/fields", url.Values{"name": {"forged"}, "type": {"text"}, "label_fr": {"forged"}}, nil, nil
	}
	csrfAttempts["POST /admin/fields/import"] = func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/fields/import", url.Values{"token": {"forged"}}, nil, nil
	}
	csrfAttempts["POST /m/{key}/fields"] = func(f *fixture) (string, url.Values, any, []byte) {
		return "/m/" + f.items[visPublic].Key + "/fields", url.Values{"field": {"1"}, "f1": {"forged"}}, nil, nil
	}
	for _, a := range []string{"field", "unfield"} {
		csrfAttempts["POST /batch/"+a] = func(f *fixture) (string, url.Values, any, []byte) {
			return "/batch/" + a, url.Values{"ids": {f.items[visPublic].Key}, "field": {fmt.Sprint(1)}, "value": {"forged"}}, nil, nil
		}
	}
}

// TestFieldRefusals: a refused value is worded with the field's label in
// the reader's language, and a spreadsheet's problem with its line.
func TestFieldRefusals(t *testing.T) {
	en, fr := localizers(t)
	f := gallery.Field{Name: "inventaire", LabelFR: "N° d’inventaire", LabelEN: "Inventory number", Type: gallery.FieldNumber}
	_, err := f.Canonical("douze")
	for _, tt := range []struct {
		l    *i18n.Localizer
		err  error
		want string
	}{
		{en, err, "Inventory number: “douze” is not a number."},
		{fr, err, "N° d’inventaire\u00a0: «\u00a0douze\u00a0» n’est pas un nombre."},
		{fr, &service.CSVError{Line: 7, Problem: service.CSVValue, Value: f.Refusal("douze", gallery.ProblemNumber)},
			"Ligne 7\u00a0: N° d’inventaire\u00a0: «\u00a0douze\u00a0» n’est pas un nombre."},
		{en, &service.CSVError{Line: 4, Problem: service.CSVAmbiguousFile, Detail: "photo.jpg"},
			"Line 4: Several items are called “photo.jpg”: name it by its SHA-256."},
		{en, fmt.Errorf("x: %w", service.ErrReservedName), "This name is a search operator already (date, tag, album…): choose another one."},
	} {
		var got string
		var ce *service.CSVError
		if errors.As(tt.err, &ce) {
			got = csvRefusal(tt.l, ce)
		} else {
			got = refusal(tt.l, tt.err)
		}
		if got != tt.want {
			t.Errorf("%v in %s: got %q, want %q", tt.err, tt.l.Lang(), got, tt.want)
		}
	}
}
