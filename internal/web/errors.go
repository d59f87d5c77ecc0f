package web

import (
	"errors"
	"net/http"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// Errors reach people as sentences in their language: the service's
// errors are for logs and programs, and what a person can act on is
// worded here, at the edge, from the error's kind.

// refusal words a refused request for the person who made it.
func refusal(l *i18n.Localizer, err error) string {
	if msg, ok := fieldRefusal(l, err); ok {
		return msg
	}
	switch {
	case errors.Is(err, gallery.ErrBadAlbumName):
		return l.T("An album name cannot be empty, contain “/”, or be longer than 255 characters.")
	case errors.Is(err, gallery.ErrTooLong):
		return l.T("This text is too long.")
	case errors.Is(err, service.ErrBadName):
		return l.T("A name needs 1 to 100 characters, without line breaks.")
	case errors.Is(err, service.ErrWrongPassword):
		return l.T("Wrong code, or wrong password.")
	case errors.Is(err, service.ErrSelfBlock):
		return l.T("That would block your own address.")
	case errors.Is(err, service.ErrTooManyAccounts):
		return l.T("Too many accounts were made from your address lately: try again later.")
	case errors.Is(err, gallery.ErrConflict):
		return l.T("This already exists, or was changed meanwhile: reload the page and try again.")
	}
	return l.T("That is not possible.")
}

// errorData is the error page's.
type errorData struct {
	Message string
}

// errorPage answers with a page, like every other, that says what went
// wrong in a sentence.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, r, status, "error", h.localizer(r).T("This did not work"), errorData{Message: msg})
}

// renderFailed answers a page that could not be made: with the error page,
// unless that is the page that failed, when the sentence alone goes.
func (h *Handler) renderFailed(w http.ResponseWriter, r *http.Request, name string, err error) {
	if name != "error" {
		h.fail(w, r, err)
		return
	}
	h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	http.Error(w, h.localizer(r).T("Something went wrong on the server; try again later."), http.StatusInternalServerError)
}

// rejectionReason words why the import refused an uploaded file. The
// import's reasons are for logs, in English; a person gets the gist.
func rejectionReason(l *i18n.Localizer, reason string) string {
	switch r := strings.ToLower(reason); {
	case r == "":
		return ""
	case strings.Contains(r, "limit"):
		return l.T("The file is larger than this server takes.")
	case strings.Contains(r, "empty"):
		return l.T("The file is empty.")
	case strings.Contains(r, "took") && strings.Contains(r, "long"):
		return l.T("The file took too long to read: it may be damaged.")
	case strings.Contains(r, "changed while"):
		return l.T("The file changed while it was being sent: send it again.")
	}
	return l.T("This file is not a photo or a video Imagier can read, or it is damaged.")
}
