package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/testmedia"
)

// csrfOf reads the session's CSRF token from a page.
func csrfOf(t *testing.T, s *site, c *http.Client) string {
	t.Helper()
	m := regexp.MustCompile(`data-csrf="([^"]+)"`).FindStringSubmatch(get(t, c, s.URL+"/upload"))
	if m == nil {
		t.Fatal("upload page has no CSRF token")
	}
	return m[1]
}

func apiDo(t *testing.T, c *http.Client, method, url, csrf string, hdr map[string]string, body []byte) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("X-CSRF-Token", csrf)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

// TestUploadResumes sends a real photo in chunks, breaks off in the middle
// of one, asks where the server is, and finishes from there.
func TestUploadResumes(t *testing.T) {
	data, err := os.ReadFile(testmedia.Path(t, "cameras/jolla.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			csrf := csrfOf(t, s, c)
			start := func(name string, size int) string {
				body, _ := json.Marshal(map[string]any{"name": name, "size": size, "new_album": "Envois"})
				resp, out := apiDo(t, c, "POST", s.URL+"/api/uploads", csrf, map[string]string{"Content-Type": "application/json"}, body)
				if resp.StatusCode != 201 {
					t.Fatalf("start: got %d %v", resp.StatusCode, out)
				}
				return out["id"].(string)
			}
			id := start("jolla.jpg", len(data))
			u := s.URL + "/api/uploads/" + id
			third := len(data) / 3
			if resp, out := apiDo(t, c, "PATCH", u, csrf, map[string]string{"Upload-Offset": "0"}, data[:third]); resp.StatusCode != 200 || out["offset"].(float64) != float64(third) {
				t.Fatalf("first chunk: got %d %v", resp.StatusCode, out)
			}
			// A chunk sent again from a stale offset is refused with the
			// server's offset.
			if resp, out := apiDo(t, c, "PATCH", u, csrf, map[string]string{"Upload-Offset": "0"}, data[:third]); resp.StatusCode != 409 || out["offset"].(float64) != float64(third) {
				t.Fatalf("stale chunk: got %d %v, want 409 at %d", resp.StatusCode, out, third)
			}
			// Without the CSRF header nothing is accepted.
			if resp, _ := apiDo(t, c, "PATCH", u, "", map[string]string{"Upload-Offset": strconv.Itoa(third)}, data[third:]); resp.StatusCode != 403 {
				t.Fatalf("chunk without CSRF: got %d, want 403", resp.StatusCode)
			}
			resp, _ := apiDo(t, c, "HEAD", u, csrf, nil, nil)
			if got := resp.Header.Get("Upload-Offset"); got != strconv.Itoa(third) {
				t.Fatalf("HEAD: offset %q, want %d", got, third)
			}
			if resp, out := apiDo(t, c, "POST", u+"/finish", csrf, nil, nil); resp.StatusCode != 409 {
				t.Fatalf("finish early: got %d %v, want 409", resp.StatusCode, out)
			}
			if resp, out := apiDo(t, c, "PATCH", u, csrf, map[string]string{"Upload-Offset": strconv.Itoa(third)}, data[third:]); resp.StatusCode != 200 {
				t.Fatalf("rest: got %d %v", resp.StatusCode, out)
			}
			resp, out := apiDo(t, c, "POST", u+"/finish", csrf, nil, nil)
			if resp.StatusCode != 200 || out["outcome"] != "imported" || out["key"] == "" {
				t.Fatalf("finish: got %d %v", resp.StatusCode, out)
			}
			m, err := s.store.MediaByKey(t.Context(), out["key"].(string))
			if err != nil || m.Filename != "jolla.jpg" || len(m.Albums) != 1 || m.Albums[0] != "Envois" {
				t.Fatalf("uploaded item: %+v, %v; want jolla.jpg in Envois", m, err)
			}

			// A broken file is rejected with its reason; the staging file goes.
			bad := []byte("\xff\xd8\xff\xe0 not really a jpeg")
			id = start("cassé.jpg", len(bad))
			apiDo(t, c, "PATCH", s.URL+"/api/uploads/"+id, csrf, map[string]string{"Upload-Offset": "0"}, bad)
			resp, out = apiDo(t, c, "POST", s.URL+"/api/uploads/"+id+"/finish", csrf, nil, nil)
			if resp.StatusCode != 422 || out["outcome"] != "rejected" || out["reason"] == "" {
				t.Fatalf("broken upload: got %d %v, want 422 with a reason", resp.StatusCode, out)
			}
			// More bytes than announced are refused.
			id = start("x.jpg", 4)
			if resp, _ := apiDo(t, c, "PATCH", s.URL+"/api/uploads/"+id, csrf, map[string]string{"Upload-Offset": "0"}, []byte("12345678")); resp.StatusCode < 400 {
				t.Fatalf("oversized chunk: got %d, want an error", resp.StatusCode)
			}
			// Another account cannot touch someone's upload.
			for _, bogus := range []string{"../../etc/passwd", strings.Repeat("z", 32), fmt.Sprintf("%032x", 1)} {
				if resp, _ := apiDo(t, c, "HEAD", s.URL+"/api/uploads/"+bogus, csrf, nil, nil); resp.StatusCode != 404 {
					t.Errorf("HEAD %q: got %d, want 404", bogus, resp.StatusCode)
				}
			}
		})
	}
}
