package web

import (
	"fmt"
	"net/url"
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
