package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

type peopleData struct {
	service.People
	// NewInvite is the link of the invitation just made, shown once.
	NewInvite string
	Roles     []gallery.Role
	Error     string
}

// people lists accounts and groups with their usage, for administrators.
func (h *Handler) people(w http.ResponseWriter, r *http.Request) {
	h.renderPeople(w, r, "")
}

func (h *Handler) renderPeople(w http.ResponseWriter, r *http.Request, newInvite string) {
	p, err := h.svc.People(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := peopleData{People: p, NewInvite: newInvite,
		Roles: []gallery.Role{gallery.RoleNormal, gallery.RoleGeneric, gallery.RoleAdmin, gallery.RoleWebmaster}}
	switch r.URL.Query().Get("error") {
	case "exists":
		d.Error = h.localizer(r).T("That name is already taken.")
	case "password":
		d.Error = passwordRefused(h.localizer(r))
	case "invalid":
		d.Error = h.localizer(r).T("That is not possible.")
	}
	h.render(w, r, http.StatusOK, "people", h.localizer(r).T("People"), d)
}

// pathID reads the {id} of a route; 0 when malformed, which names nothing.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// formID reads an id field; 0 when absent or malformed.
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return id
}

// peopleDone goes back to the people page: a name taken or a change the
// rules refuse is said there by a code, never by text a link could carry.
func (h *Handler) peopleDone(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, gallery.ErrConflict):
		http.Redirect(w, r, "/admin/people?error=exists", http.StatusSeeOther)
	case errors.Is(err, service.ErrWeakPassword):
		http.Redirect(w, r, "/admin/people?error=password", http.StatusSeeOther)
	case errors.Is(err, gallery.ErrInvalid):
		http.Redirect(w, r, "/admin/people?error=invalid", http.StatusSeeOther)
	case err != nil:
		h.fail(w, r, err)
	default:
		http.Redirect(w, r, "/admin/people", http.StatusSeeOther)
	}
}

// userForm reads the account fields of the people page.
func userForm(r *http.Request) (service.UserForm, error) {
	level, err := strconv.Atoi(r.PostFormValue("level"))
	if err != nil {
		return service.UserForm{}, fmt.Errorf("level: %w", gallery.ErrInvalid)
	}
	q, err := service.ParseQuota(r.PostFormValue("quota"))
	return service.UserForm{
		Name: r.PostFormValue("name"), Password: r.PostFormValue("password"), Role: gallery.Role(r.PostFormValue("role")),
		Level: level, Email: r.PostFormValue("email"), Quota: q, Disabled: r.PostFormValue("disabled") != "",
	}, err
}

func (h *Handler) addUser(w http.ResponseWriter, r *http.Request) {
	f, err := userForm(r)
	if err == nil {
		_, err = h.svc.AddUser(r.Context(), actorOf(r), f)
	}
	h.peopleDone(w, r, err)
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request) {
	f, err := userForm(r)
	if err == nil {
		err = h.svc.UpdateUser(r.Context(), actorOf(r), pathID(r), f)
	}
	h.peopleDone(w, r, err)
}

func (h *Handler) approveUser(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.peopleDone(w, r, h.svc.Approve(r.Context(), actorOf(r), pathID(r), approve))
	}
}

// invite makes an invitation link and shows it on this page, once; only
// its hash is kept.
func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	token, err := h.svc.Invite(r.Context(), actorOf(r), formID(r, "group"), r.PostFormValue("note"))
	if err != nil {
		h.peopleDone(w, r, err)
		return
	}
	// Without the site's public address, and with a Host header that
	// does not name this server, the link is shown as a path: the page
	// says to set --public-url.
	base, _ := h.opt.Links.Base(r)
	h.renderPeople(w, r, base+"/invite/"+token)
}

func (h *Handler) revokeInvite(w http.ResponseWriter, r *http.Request) {
	h.peopleDone(w, r, h.svc.RevokeInvitation(r.Context(), actorOf(r), pathID(r)))
}

func (h *Handler) addGroup(w http.ResponseWriter, r *http.Request) {
	_, err := h.svc.AddGroup(r.Context(), actorOf(r), r.PostFormValue("name"))
	h.peopleDone(w, r, err)
}

func (h *Handler) deleteGroup(w http.ResponseWriter, r *http.Request) {
	h.peopleDone(w, r, h.svc.DeleteGroup(r.Context(), actorOf(r), pathID(r)))
}

func (h *Handler) groupQuota(w http.ResponseWriter, r *http.Request) {
	q, err := service.ParseQuota(r.PostFormValue("quota"))
	if err == nil {
		err = h.svc.SetGroupQuota(r.Context(), actorOf(r), pathID(r), q)
	}
	h.peopleDone(w, r, err)
}

func (h *Handler) groupMember(member bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.peopleDone(w, r, h.svc.SetMember(r.Context(), actorOf(r), pathID(r), formID(r, "user"), member))
	}
}

type settingsData struct {
	service.SettingsView
	Error string
	// BrandError is why a branding form was refused, and BrandField
	// which field it was.
	BrandError, BrandField string
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.SettingsView(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := settingsData{SettingsView: v}
	switch r.URL.Query().Get("error") {
	case "network":
		d.Error = h.localizer(r).T("Give an address, such as 192.0.2.7, or a network, such as 2001:db8::/48.")
	case "self":
		d.Error = h.localizer(r).T("That would block your own address.")
	}
	h.render(w, r, http.StatusOK, "settings", h.localizer(r).T("Settings"), d)
}

// saveSettings saves the settings form: every box is sent, so a missing
// one is off.
func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) {
	f := service.SettingsForm{
		Guests: r.PostFormValue("guest_access") != "", GuestDownload: r.PostFormValue("guest_download") != "",
		NewAlbumsPublic: r.PostFormValue("new_albums_public") != "", Registration: r.PostFormValue("registration"),
	}
	if err := h.svc.SaveSettings(r.Context(), actorOf(r), f); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}

func (h *Handler) block(w http.ResponseWriter, r *http.Request) {
	err := h.svc.BlockAddress(r.Context(), actorOf(r), r.PostFormValue("network"), strings.TrimSpace(r.PostFormValue("note")))
	switch {
	case errors.Is(err, service.ErrSelfBlock):
		http.Redirect(w, r, "/admin/settings?error=self#blocks", http.StatusSeeOther)
	case errors.Is(err, gallery.ErrInvalid):
		http.Redirect(w, r, "/admin/settings?error=network#blocks", http.StatusSeeOther)
	case err != nil && !errors.Is(err, gallery.ErrConflict):
		h.fail(w, r, err)
	default:
		http.Redirect(w, r, "/admin/settings#blocks", http.StatusSeeOther)
	}
}

func (h *Handler) unblock(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.UnblockAddress(r.Context(), actorOf(r), pathID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings#blocks", http.StatusSeeOther)
}
