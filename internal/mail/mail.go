// Package mail sends Imagier's few e-mails (password resets) through an
// SMTP server the administrator configures, with the standard library's
// client: STARTTLS whenever the server offers it, and credentials only
// over an encrypted connection or to the local machine.
package mail

import (
	"context"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Sender sends mail through one SMTP server.
type Sender struct {
	addr string // host:port
	auth smtp.Auth
	from string
}

// New reads an SMTP URL — smtp://user:password@host:port, or smtp://host
// (port 25) — and the From address.
func New(smtpURL, from string) (*Sender, error) {
	u, err := url.Parse(smtpURL)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: %q is not an smtp://host:port URL", smtpURL)
	}
	if from == "" || strings.ContainsAny(from, "\r\n") || !strings.Contains(from, "@") {
		return nil, fmt.Errorf("mail: the sender address %q is not an e-mail address", from)
	}
	port := u.Port()
	if port == "" {
		port = "25"
	}
	s := &Sender{addr: net.JoinHostPort(u.Hostname(), port), from: from}
	if u.User != nil {
		pw, _ := u.User.Password()
		// PlainAuth refuses to send the password unencrypted, except to
		// localhost.
		s.auth = smtp.PlainAuth("", u.User.Username(), pw, u.Hostname())
	}
	return s, nil
}

// Send sends a plain-text message. Header values are encoded, so that a
// user-supplied name cannot add headers.
func (s *Sender) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || !strings.Contains(to, "@") {
		return fmt.Errorf("mail: bad recipient %q", to)
	}
	msg := "From: " + s.from + "\r\n" +
		"To: " + to + "\r\n" +
		"Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.addr, s.auth, s.from, []string{to}, []byte(msg)) }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("mail to %s: %w", to, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
