package web

import (
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// The one password rule, worded once: every form where a password is
// chosen shows passwordRule under its field (templates/_password.html),
// and every refusal of a new password says it again.

// passwordRule states the rule the service enforces.
func passwordRule(l *i18n.Localizer) string {
	return l.T("At least %d characters.", service.MinPasswordLen)
}

// passwordRefused is the refusal of a new password: the rule, again.
func passwordRefused(l *i18n.Localizer) string {
	return l.T("This password cannot be used.") + " " + passwordRule(l)
}

// newPasswordField is a field where a new password is chosen, with the
// rule under it.
type newPasswordField struct {
	ID, Name, Label, Rule string
	Min                   int
	Autofocus             bool
}

// newPassword makes the field the "newpassword" template draws; a last
// argument true gives it the focus when the page opens.
func newPassword(l *i18n.Localizer, id, name, label string, autofocus ...bool) newPasswordField {
	return newPasswordField{ID: id, Name: name, Label: label, Rule: passwordRule(l), Min: service.MinPasswordLen,
		Autofocus: len(autofocus) > 0 && autofocus[0]}
}
