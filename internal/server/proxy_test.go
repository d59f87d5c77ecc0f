package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func TestClientAddr(t *testing.T) {
	proxies := prefixes("10.0.0.0/8", "192.0.2.1/32", "2001:db8:aa::/48")
	tests := []struct {
		name    string
		peer    string
		xff     []string
		proxies []netip.Prefix
		want    string
	}{
		{"no proxies: the peer, whatever it says", "10.1.1.1", []string{"198.51.100.7"}, nil, "10.1.1.1"},
		{"untrusted peer", "203.0.113.5", []string{"198.51.100.7"}, proxies, "203.0.113.5"},
		{"trusted peer, one hop", "10.1.1.1", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"trusted peer, no header", "10.1.1.1", nil, proxies, "10.1.1.1"},
		{"client-written entries on the left are ignored", "10.1.1.1", []string{"1.1.1.1, 2.2.2.2, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"walks past trusted hops", "10.1.1.1", []string{"1.1.1.1, 198.51.100.7, 192.0.2.1, 10.2.2.2"}, proxies, "198.51.100.7"},
		{"every header line is read", "10.1.1.1", []string{"1.1.1.1", "198.51.100.7, 10.9.9.9", ""}, proxies, "198.51.100.7"},
		{"the last line is the nearest hop", "10.1.1.1", []string{"198.51.100.7", "203.0.113.9"}, proxies, "203.0.113.9"},
		{"empty entries are no hop", "10.1.1.1", []string{"198.51.100.7,, ,"}, proxies, "198.51.100.7"},
		{"garbage stops at the hop that passed it", "10.1.1.1", []string{"198.51.100.7, unknown"}, proxies, "10.1.1.1"},
		{"garbage behind a trusted hop", "10.1.1.1", []string{"198.51.100.7, nonsense, 10.3.3.3"}, proxies, "10.3.3.3"},
		{"garbage further left is never reached", "10.1.1.1", []string{"nonsense, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"an entry with a port", "10.1.1.1", []string{"198.51.100.7:4711"}, proxies, "198.51.100.7"},
		{"a bracketed IPv6 entry with a port", "10.1.1.1", []string{"[2001:db8:1::5]:4711"}, proxies, "2001:db8:1::5"},
		{"a bracketed IPv6 entry", "10.1.1.1", []string{"[2001:db8:1::5]"}, proxies, "2001:db8:1::5"},
		{"a half-bracketed entry is garbage", "10.1.1.1", []string{"[2001:db8:1::5"}, proxies, "10.1.1.1"},
		{"mapped peer is unmapped and trusted", "::ffff:10.1.1.1", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"mapped untrusted peer is unmapped", "::ffff:203.0.113.5", nil, proxies, "203.0.113.5"},
		{"mapped entry is unmapped", "10.1.1.1", []string{"::ffff:198.51.100.7"}, proxies, "198.51.100.7"},
		{"mapped trusted hop is walked past", "10.1.1.1", []string{"198.51.100.7, ::ffff:10.4.4.4"}, proxies, "198.51.100.7"},
		{"IPv6 proxies", "2001:db8:aa::1", []string{"2001:db8:bb::9, 2001:db8:aa::2"}, proxies, "2001:db8:bb::9"},
		{"a zone is dropped", "10.1.1.1", []string{"fe80::1%eth0"}, proxies, "fe80::1"},
		{"all hops trusted: the leftmost", "10.1.1.1", []string{"10.5.5.5, 192.0.2.1"}, proxies, "10.5.5.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clientAddr(netip.MustParseAddr(tt.peer), tt.xff, tt.proxies)
			if got != netip.MustParseAddr(tt.want) {
				t.Errorf("clientAddr(%s, %q): got %s, want %s", tt.peer, tt.xff, got, tt.want)
			}
		})
	}
}

// echo answers with what a handler sees of the caller.
func echo(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(map[string]any{"addr": r.RemoteAddr, "header": r.Header})
}

// TestForwardedHeaders sends forged and genuine forwarding headers over
// loopback, with the loopback peer trusted or not.
func TestForwardedHeaders(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	untrusted := httptest.NewServer(New(http.HandlerFunc(echo), log))
	defer untrusted.Close()
	proxy := httptest.NewServer(NewWithOptions(http.HandlerFunc(echo), log, Options{TrustedProxies: prefixes("127.0.0.1/32", "10.0.0.0/8")}))
	defer proxy.Close()

	forged := http.Header{
		"X-Forwarded-For":   {"198.51.100.7", "203.0.113.9, 10.1.1.1"},
		"X-Forwarded-Proto": {"https"},
		"X-Forwarded-Host":  {"evil.example"},
		"Forwarded":         {"for=198.51.100.7;proto=https"},
		"X-Real-Ip":         {"198.51.100.7"},
		"User-Agent":        {"test"},
	}
	tests := []struct {
		name       string
		url        string
		header     http.Header
		wantAddr   string // without the port, which may be anything
		wantHeader http.Header
	}{
		{"untrusted peer: every forwarding header goes", untrusted.URL, forged, "127.0.0.1",
			http.Header{"User-Agent": {"test"}}},
		{"trusted peer: every line walked, headers kept", proxy.URL, forged, "203.0.113.9",
			http.Header{"X-Forwarded-For": forged["X-Forwarded-For"], "X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"evil.example"},
				"Forwarded": forged["Forwarded"], "X-Real-Ip": {"198.51.100.7"}, "User-Agent": {"test"}}},
		{"trusted peer: odd proto dropped", proxy.URL, http.Header{"X-Forwarded-For": {"198.51.100.7"}, "X-Forwarded-Proto": {"gopher"}, "User-Agent": {"test"}},
			"198.51.100.7", http.Header{"X-Forwarded-For": {"198.51.100.7"}, "User-Agent": {"test"}}},
		{"trusted peer: two protos dropped", proxy.URL, http.Header{"X-Forwarded-Proto": {"https", "http"}, "User-Agent": {"test"}},
			"127.0.0.1", http.Header{"User-Agent": {"test"}}},
		{"trusted peer: proto case folded", proxy.URL, http.Header{"X-Forwarded-Proto": {"HTTPS"}, "User-Agent": {"test"}},
			"127.0.0.1", http.Header{"X-Forwarded-Proto": {"https"}, "User-Agent": {"test"}}},
		{"trusted peer: mapped client unmapped", proxy.URL, http.Header{"X-Forwarded-For": {"::ffff:198.51.100.7"}, "User-Agent": {"test"}},
			"198.51.100.7", http.Header{"X-Forwarded-For": {"::ffff:198.51.100.7"}, "User-Agent": {"test"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = tt.header.Clone()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got struct {
				Addr   string
				Header http.Header
			}
			b, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			host, _, err := net.SplitHostPort(got.Addr)
			if err != nil || host != tt.wantAddr {
				t.Errorf("RemoteAddr: got %q, want %s and a port", got.Addr, tt.wantAddr)
			}
			delete(got.Header, "Accept-Encoding") // added by the client
			if diff := cmp.Diff(tt.wantHeader, got.Header); diff != "" {
				t.Errorf("headers the handler sees (-want +got):\n%s", diff)
			}
		})
	}
}

// TestForwardedHeadersIPv6 checks a dual-stack peer: ::1 trusted as an
// address, forwarding an IPv4 client in mapped form.
func TestForwardedHeadersIPv6(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{
		Handler: NewWithOptions(http.HandlerFunc(echo), slog.New(slog.DiscardHandler), Options{TrustedProxies: prefixes("::1/128")})}}
	srv.Start()
	defer srv.Close()
	for xff, want := range map[string]string{"": "::1", "::ffff:198.51.100.7": "198.51.100.7", "2001:db8::7, ::1": "2001:db8::7"} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Addr string }
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if host, _, _ := net.SplitHostPort(got.Addr); host != want {
			t.Errorf("X-Forwarded-For %q: got RemoteAddr %q, want %s", xff, got.Addr, want)
		}
	}
}
