package config

import (
	"flag"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFlagsAndEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    func(c Config) string // returns "" when c is right
		wantErr string
	}{
		{name: "defaults", want: func(c Config) string {
			if c.Listen != "127.0.0.1:8080" || !strings.HasSuffix(c.DataDir, "imagier-data") || c.Database != "" {
				return "unexpected defaults"
			}
			return ""
		}},
		{name: "env", env: map[string]string{"IMAGIER_LISTEN": "127.0.0.1:9999", "IMAGIER_DATABASE": "postgres://u@h/db", "IMAGIER_FILE_TIMEOUT": "3s"},
			want: func(c Config) string {
				if c.Listen != "127.0.0.1:9999" || c.Database != "postgres://u@h/db" || c.FileTimeout != 3*time.Second {
					return "env not applied"
				}
				return ""
			}},
		{name: "flag beats env", args: []string{"--listen", "127.0.0.1:7000"}, env: map[string]string{"IMAGIER_LISTEN": "127.0.0.1:9999"},
			want: func(c Config) string {
				if c.Listen != "127.0.0.1:7000" {
					return "flag did not win: " + c.Listen
				}
				return ""
			}},
		{name: "bad database", args: []string{"--database", "mysql://x:secret@h/db"}, wantErr: "postgres://"},
		{name: "password never shown", args: []string{"--database", "mysql://x:secret@h/db"}, want: nil, wantErr: "…@h/db"},
		{name: "bad listen", args: []string{"--listen", "nonsense"}, wantErr: "listen address"},
		{name: "bad workers", args: []string{"--workers", "0"}, wantErr: "workers 0"},
		{name: "trusted proxies from env", env: map[string]string{"IMAGIER_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16"},
			want: func(c Config) string {
				if p, err := c.Proxies(); err != nil || len(p) != 2 {
					return "proxies not read"
				}
				return ""
			}},
		{name: "trusted proxies by default: none", want: func(c Config) string {
			if p, err := c.Proxies(); err != nil || len(p) != 0 {
				return "proxies trusted by default"
			}
			return ""
		}},
		{name: "bad trusted proxy", args: []string{"--trusted-proxies", "10.0.0.1,proxy.lan"}, wantErr: `"proxy.lan"`},
		{name: "public URL", args: []string{"--public-url", "https://photos.example.org/"}, want: func(c Config) string { return "" }},
		{name: "public URL without scheme", args: []string{"--public-url", "photos.example.org"}, wantErr: "public URL"},
		{name: "public URL with a query", args: []string{"--public-url", "https://photos.example.org/?a=b"}, wantErr: "public URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			getenv := func(k string) string { return tt.env[k] }
			c.Flags(fs, getenv)
			c.ServeFlags(fs, getenv)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := c.Validate()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Fatalf("error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if msg := tt.want(c); msg != "" {
				t.Fatalf("%s: got %+v", msg, c)
			}
		})
	}
}

func TestProxies(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{" , ", nil, ""},
		{"10.0.0.1", []string{"10.0.0.1/32"}, ""},
		{"10.0.0.1, 192.168.1.7/16 ,2001:db8::/32,::1", []string{"10.0.0.1/32", "192.168.0.0/16", "2001:db8::/32", "::1/128"}, ""},
		{"::ffff:192.0.2.1", []string{"192.0.2.1/32"}, ""},
		{"::ffff:172.16.0.0/108", []string{"172.16.0.0/12"}, ""},
		{"10.0.0.1,localhost,10.0.0.0/33", nil, `"localhost"`},
		{"10.0.0.0/33", nil, `"10.0.0.0/33"`},
		{"fe80::1%eth0", nil, "fe80"},
	}
	for _, tt := range tests {
		got, err := Config{TrustedProxies: tt.in}.Proxies()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: got error %v, want one containing %s", tt.in, err, tt.wantErr)
			}
			continue
		}
		var want []netip.Prefix
		for _, w := range tt.want {
			want = append(want, netip.MustParsePrefix(w))
		}
		if err != nil || !cmp.Equal(got, want, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })) {
			t.Errorf("%q: got %v, %v; want %v", tt.in, got, err, want)
		}
	}
}
