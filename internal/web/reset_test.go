package web

import (
	"bufio"
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/mail"
	"imagier/internal/service"
)

// smtpSink is a minimal SMTP server on loopback that keeps the messages it
// receives: enough of the protocol for Go's client, no more.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	got  chan struct{}
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, got: make(chan struct{}, 100)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 sink")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "DATA"):
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, b.String())
			s.mu.Unlock()
			s.got <- struct{}{}
			say("250 kept")
		case strings.HasPrefix(cmd, "QUIT"):
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// wait returns the next message, or "" after a few seconds.
func (s *smtpSink) wait() string {
	select {
	case <-s.got:
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.msgs[len(s.msgs)-1]
	case <-time.After(5 * time.Second):
		return ""
	}
}

// TestPasswordReset asks for a reset by name and by e-mail, follows the
// link from the real e-mail, and checks the rules: the same answer for
// unknown accounts, one mail per ten minutes, a link used once, the old
// password and the sessions gone.
func TestPasswordReset(t *testing.T) {
	ctx := context.Background()
	sink := newSMTPSink(t)
	sender, err := mail.New("smtp://"+sink.ln.Addr().String(), "imagier@example.org")
	if err != nil {
		t.Fatal(err)
	}
	sites := newSitesWith(t, func(o *service.Options) { o.Mailer, o.PublicURL = sender, "https://photos.example.org" })
	for name, s := range sites {
		t.Run(name, func(t *testing.T) {
			hash, _ := auth.HashPassword("old password")
			u := &gallery.User{Name: "lise" + name, Role: gallery.RoleNormal, PasswordHash: hash, Email: "lise@example.org"}
			if err := s.store.AddUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			signedIn := s.client(false)
			signedIn.PostForm(s.URL+"/login", url.Values{"name": {u.Name}, "password": {"old password"}})
			c := s.client(false)
			ask := func(who string) string {
				resp, err := c.PostForm(s.URL+"/reset", url.Values{"who": {who}})
				return body(t, resp, err)
			}
			unknown, known := ask("nobody@example.org"), ask(u.Name)
			if !strings.Contains(known, "on its way") || unknown != known {
				t.Fatal("the answer differs for an unknown account")
			}
			msg := sink.wait()
			m := regexp.MustCompile(`https://photos\.example\.org/reset/([A-Za-z0-9_-]+)`).FindStringSubmatch(msg)
			if m == nil || !strings.Contains(msg, "To: lise@example.org") {
				t.Fatalf("no reset link in the mail: %q", msg)
			}
			// A second request at once sends nothing.
			ask("LISE@example.org")
			if again := sink.wait(); again != "" {
				t.Errorf("a second mail within ten minutes")
			}
			link := "/reset/" + m[1]
			if p := get(t, c, s.URL+link); !strings.Contains(p, `action="`+link+`"`) {
				t.Fatal("the link shows no form")
			}
			resp, err := c.PostForm(s.URL+link, url.Values{"password": {"a brand new one"}})
			body(t, resp, err)
			if resp.StatusCode != 303 {
				t.Fatalf("setting the new password: got %d", resp.StatusCode)
			}
			resp, err = c.PostForm(s.URL+link, url.Values{"password": {"yet another one"}})
			body(t, resp, err)
			if resp.StatusCode != 404 {
				t.Errorf("the link used twice: got %d", resp.StatusCode)
			}
			for pw, want := range map[string]int{"old password": 401, "a brand new one": 303} {
				resp, err := s.client(false).PostForm(s.URL+"/login", url.Values{"name": {u.Name}, "password": {pw}})
				body(t, resp, err)
				if resp.StatusCode != want {
					t.Errorf("sign in with %q: got %d, want %d", pw, resp.StatusCode, want)
				}
			}
			resp, err = signedIn.Get(s.URL + "/account")
			body(t, resp, err)
			if resp.StatusCode != 303 {
				t.Errorf("a session from before the reset still works: %d", resp.StatusCode)
			}
		})
	}
}
