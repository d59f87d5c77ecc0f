package server

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHostMatches(t *testing.T) {
	tests := []struct {
		host, scheme, local string
		want                bool
	}{
		{"127.0.0.1:8080", "http", "127.0.0.1:8080", true},
		{"localhost:8080", "http", "127.0.0.1:8080", true},
		{"LocalHost:8080", "http", "127.0.0.1:8080", true},
		{"[::1]:8080", "http", "127.0.0.1:8080", true}, // loopback for loopback
		{"localhost:8080", "http", "[::1]:8080", true},
		{"localhost:8080", "http", "[::ffff:127.0.0.1]:8080", true},
		{"127.0.0.1:8080", "http", "[::ffff:127.0.0.1]:8080", true},
		{"localhost:8081", "http", "127.0.0.1:8080", false},
		{"evil.example:8080", "http", "127.0.0.1:8080", false},
		{"evil.example", "http", "127.0.0.1:80", false},
		{"localhost", "http", "127.0.0.1:80", true},
		{"localhost", "https", "127.0.0.1:80", false},
		{"localhost", "https", "127.0.0.1:443", true},
		{"192.0.2.10:8080", "http", "192.0.2.10:8080", true},
		{"[2001:db8::10]:8080", "http", "[2001:db8::10]:8080", true},
		{"[2001:db8::10]", "http", "[2001:db8::10]:80", true},
		{"localhost:8080", "http", "192.0.2.10:8080", false}, // not listening on loopback
		{"127.0.0.1:8080", "http", "192.0.2.10:8080", false},
		{"192.0.2.11:8080", "http", "192.0.2.10:8080", false},
		{"photos.example.org:8080", "http", "192.0.2.10:8080", false},
		{"192.0.2.10:", "http", "192.0.2.10:80", false},
		{"192.0.2.10:99999", "http", "192.0.2.10:8080", false},
		{"[fe80::1%25eth0]:8080", "http", "[fe80::1]:8080", false},
		{"", "http", "127.0.0.1:80", false},
	}
	for _, tt := range tests {
		if got := hostMatches(tt.host, tt.scheme, tt.local); got != tt.want {
			t.Errorf("hostMatches(%q, %s, %s): got %v, want %v", tt.host, tt.scheme, tt.local, got, tt.want)
		}
	}
}

// TestLinksBase asks a server on loopback for its links with various Host
// headers, with and without a public URL.
func TestLinksBase(t *testing.T) {
	handler := func(l Links) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if base, ok := l.Base(r); ok {
				io.WriteString(w, base)
			} else {
				io.WriteString(w, "no link")
			}
		})
	}
	log := slog.New(slog.DiscardHandler)
	local := httptest.NewServer(New(handler(NewLinks("")), log))
	defer local.Close()
	public := httptest.NewServer(New(handler(NewLinks("https://photos.example.org/")), log))
	defer public.Close()
	proxied := httptest.NewServer(NewWithOptions(handler(NewLinks("")), log, Options{TrustedProxies: prefixes("127.0.0.1/32")}))
	defer proxied.Close()
	port := func(s *httptest.Server) string { _, p, _ := net.SplitHostPort(s.Listener.Addr().String()); return p }

	tests := []struct {
		name   string
		srv    *httptest.Server
		host   string
		header map[string]string
		want   string
	}{
		{"the listen address", local, "", nil, local.URL},
		{"localhost on loopback", local, "localhost:" + port(local), nil, "http://localhost:" + port(local)},
		{"a forged host", local, "evil.example", nil, "no link"},
		{"a forged host with the port", local, "evil.example:" + port(local), nil, "no link"},
		{"another port", local, "127.0.0.1:1", nil, "no link"},
		{"forged proto ignored", local, "", map[string]string{"X-Forwarded-Proto": "https"}, local.URL},
		{"public URL whatever the host", public, "evil.example", nil, "https://photos.example.org"},
		{"trusted proxy says https", proxied, "", map[string]string{"X-Forwarded-Proto": "https"}, "https://" + proxied.Listener.Addr().String()},
		{"trusted proxy says https, no port", proxied, "127.0.0.1", map[string]string{"X-Forwarded-Proto": "https"}, "no link"}, // 443 is not ours
		{"trusted proxy says http", proxied, "", map[string]string{"X-Forwarded-Proto": "http"}, proxied.URL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", tt.srv.URL, nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != tt.want {
				t.Errorf("got %q, want %q", b, tt.want)
			}
		})
	}
}

// TestScheme checks TLS and the forwarded scheme after the middleware.
func TestScheme(t *testing.T) {
	srv := httptest.NewTLSServer(New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, Scheme(r))
	}), slog.New(slog.DiscardHandler)))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "https" {
		t.Errorf("over TLS: got %q, want https", b)
	}
}
