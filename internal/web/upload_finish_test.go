package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"imagier/internal/meta"
	"imagier/internal/testmedia"
)

// TestUploadFinishAnswers: over HTTP and in French, a photo sent with its
// XMP sidecar gets the sidecar's keywords; the same bytes sent again say,
// in a sentence, that they were already in the album or were added to
// another, with the item's key; a sidecar alone, an XXE and an oversized
// sidecar are refused with sentences, before anything is sent.
func TestUploadFinishAnswers(t *testing.T) {
	read := func(rel string) []byte {
		data, err := os.ReadFile(testmedia.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	photo := read("cameras/Pentax.jpg")
	sidecar := read("iptc-xmp/APhotoManager-exmaple.xmp")
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			if resp, err := c.PostForm(s.URL+"/lang", url.Values{"lang": {"fr"}, "next": {"/upload"}}); err != nil {
				t.Fatal(err)
			} else {
				resp.Body.Close()
			}
			csrf := csrfOf(t, s, c)
			start := func(req map[string]any) (*http.Response, map[string]any) {
				t.Helper()
				body, _ := json.Marshal(req)
				return apiDo(t, c, "POST", s.URL+"/api/uploads", csrf, map[string]string{"Content-Type": "application/json"}, body)
			}
			send := func(req map[string]any) map[string]any {
				t.Helper()
				req["size"] = len(photo)
				resp, out := start(req)
				if resp.StatusCode != 201 {
					t.Fatalf("start %v: got %d %v", req["name"], resp.StatusCode, out)
				}
				u := s.URL + "/api/uploads/" + out["id"].(string)
				if resp, out := apiDo(t, c, "PATCH", u, csrf, map[string]string{"Upload-Offset": "0"}, photo); resp.StatusCode != 200 {
					t.Fatalf("chunk: got %d %v", resp.StatusCode, out)
				}
				resp, out = apiDo(t, c, "POST", u+"/finish", csrf, nil, nil)
				if resp.StatusCode != 200 {
					t.Fatalf("finish: got %d %v", resp.StatusCode, out)
				}
				return out
			}
			first := send(map[string]any{"name": "IMG_1.jpg", "new_album": "Fête", "sidecars": []map[string]any{{"name": "IMG_1.xmp", "data": sidecar}}})
			key, _ := first["key"].(string)
			if first["outcome"] != "imported" || key == "" || first["album"] == 0.0 || first["message"] != "" {
				t.Fatalf("photo with its sidecar: %v", first)
			}
			m, err := s.store.MediaByKey(t.Context(), key)
			if err != nil || !slices.Contains(m.Tags, "tagA2") || !slices.Contains(m.Tags, "tagB2") || m.Title != "Title2" {
				t.Errorf("the photo: tags %v, title %q (%v); want the sidecar's", m.Tags, m.Title, err)
			}
			if n, err := s.store.CountMedia(t.Context()); err != nil || n != 1 {
				t.Errorf("%d items (%v), want the photo alone", n, err)
			}
			album := first["album"].(float64)
			again := send(map[string]any{"name": "copie.jpg", "album": album})
			if again["outcome"] != "duplicate" || again["key"] != key || again["message"] != "déjà dans cet album" {
				t.Errorf("again into its album: %v", again)
			}
			other := send(map[string]any{"name": "copie.jpg", "new_album": "Autre"})
			if other["outcome"] != "duplicate" || other["key"] != key || other["message"] != "déjà dans la photothèque\u00a0; ajouté à l’album «\u00a0Autre\u00a0»" {
				t.Errorf("into another album: %v", other)
			}

			padded := append(append([]byte(nil), sidecar...), bytes.Repeat([]byte(" "), meta.MaxSidecarBytes)...)
			for _, tt := range []struct {
				what   string
				req    map[string]any
				status int
				says   string
			}{
				{"a sidecar alone", map[string]any{"name": "IMG_2.xmp", "size": len(sidecar)}, 400, "choisissez-le en même temps que la photo du même nom"},
				{"another photo's sidecar", map[string]any{"name": "IMG_2.jpg", "size": len(photo),
					"sidecars": []map[string]any{{"name": "IMG_3.xmp", "data": sidecar}}}, 400, "ne porte pas le nom de la photo"},
				{"an XXE", map[string]any{"name": "IMG_2.jpg", "size": len(photo),
					"sidecars": []map[string]any{{"name": "IMG_2.jpg.xmp", "data": read("malicious/Classic_XXE_-_etc_passwd.xml")}}}, 400, "Le fichier XMP IMG_2.jpg.xmp déclare des entités"},
				{"a broken sidecar", map[string]any{"name": "IMG_2.jpg", "size": len(photo),
					"sidecars": []map[string]any{{"name": "IMG_2.xmp", "data": sidecar[:len(sidecar)/2]}}}, 400, "n’est pas du XMP lisible"},
				{"an oversized sidecar", map[string]any{"name": "IMG_2.jpg", "size": len(photo),
					"sidecars": []map[string]any{{"name": "IMG_2.xmp", "data": padded}}}, 413, "dépasse les 1\u00a0Mo autorisés"},
			} {
				resp, out := start(tt.req)
				msg, _ := out["error"].(string)
				if resp.StatusCode != tt.status || !strings.Contains(msg, tt.says) || strings.Contains(msg, "sidecar") {
					t.Errorf("%s: got %d %q, want %d saying %q", tt.what, resp.StatusCode, msg, tt.status, tt.says)
				}
			}
			if n, err := s.store.CountMedia(t.Context()); err != nil || n != 1 {
				t.Errorf("%d items (%v) after the refusals, want 1", n, err)
			}
		})
	}
}
