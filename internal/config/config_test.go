package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
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
