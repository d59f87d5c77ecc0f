package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// audit records a change the caller made. A failure to record is logged,
// not shown: the change itself is done.
func (h *Handler) audit(r *http.Request, action, target, detail string) {
	e := sqlstore.AuditEntry{Action: action, Target: target, Detail: detail, Address: clientIP(r)}
	if se := sessionOf(r.Context()); se != nil {
		e.UserID, e.UserName = se.User.ID, se.User.Name
	}
	if err := h.store.AddAudit(context.WithoutCancel(r.Context()), e); err != nil {
		h.log.Error("audit", "action", action, "err", err)
	}
}

// quotaInfo is "used / allowed" for the tightest quota that applies.
type quotaInfo struct {
	Used int64
	// Allowed is 0 when no quota applies.
	Allowed int64
	// Group names the group whose quota it is, "" for the user's own.
	Group string
}

// quotaOf returns the caller's usage against their own quota.
func (h *Handler) quotaOf(ctx context.Context, u gallery.User) (quotaInfo, error) {
	used, err := h.store.UserUsage(ctx, u.ID)
	if err != nil {
		return quotaInfo{}, err
	}
	q := quotaInfo{Used: used.Bytes}
	if u.Quota != nil {
		q.Allowed = *u.Quota
	}
	return q, nil
}

// overQuota tells, in the caller's language, why size more bytes would not
// fit in the user's quota or one of their groups', counting uploads still
// in progress; "" when they fit. Administrators have no quota.
func (h *Handler) overQuota(r *http.Request, u gallery.User, size int64) (string, error) {
	if u.Role.IsAdmin() {
		return "", nil
	}
	ctx := r.Context()
	l := h.localizer(r)
	staged := h.uploads.reserved()
	fresh, err := h.store.UserByID(ctx, u.ID)
	if err != nil {
		return "", err
	}
	if fresh.Quota != nil {
		used, err := h.store.UserUsage(ctx, u.ID)
		if err != nil {
			return "", err
		}
		if used.Bytes+staged[u.ID]+size > *fresh.Quota {
			return l.T("This file would go over your storage quota: %s used of %s.", l.Bytes(used.Bytes+staged[u.ID]), l.Bytes(*fresh.Quota)), nil
		}
	}
	groups, err := h.store.Groups(ctx)
	if err != nil {
		return "", err
	}
	for _, g := range groups {
		if g.Quota == nil || !slices.Contains(g.Members, u.ID) {
			continue
		}
		used, err := h.store.GroupUsage(ctx, g.ID)
		if err != nil {
			return "", err
		}
		pending := int64(0)
		for _, m := range g.Members {
			pending += staged[m]
		}
		if used.Bytes+pending+size > *g.Quota {
			return l.T("This file would go over the storage quota of the group %s: %s used of %s.", g.Name, l.Bytes(used.Bytes+pending), l.Bytes(*g.Quota)), nil
		}
	}
	return "", nil
}

// parseQuota reads a quota field in megabytes; empty means none.
func parseQuota(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	mb, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || mb < 0 || mb > 1e9 {
		return nil, fmt.Errorf("quota %q: %w", s, gallery.ErrInvalid)
	}
	b := int64(mb * 1e6)
	return &b, nil
}

type userRow struct {
	gallery.User
	Used       int64
	GroupNames []string
}

type peopleData struct {
	Awaiting    []gallery.User
	Invitations []sqlstore.Invitation
	// NewInvite is the link of the invitation just made, shown once.
	NewInvite string
	Users     []userRow
	Groups    []groupRow
	Library   sqlstore.Usage
	Levels    []int
	Roles     []gallery.Role
	Error     string
}

type groupRow struct {
	sqlstore.Group
	Used        int64
	MemberNames []string
}

// people lists accounts and groups with their usage, for administrators.
func (h *Handler) people(w http.ResponseWriter, r *http.Request) {
	h.renderPeople(w, r, "")
}

func (h *Handler) renderPeople(w http.ResponseWriter, r *http.Request, newInvite string) {
	ctx := r.Context()
	users, err := h.store.Users(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	groups, err := h.store.Groups(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	usage, err := h.store.UsageByUser(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := peopleData{NewInvite: newInvite, Levels: gallery.Levels, Roles: []gallery.Role{gallery.RoleNormal, gallery.RoleGeneric, gallery.RoleAdmin, gallery.RoleWebmaster}}
	if d.Awaiting, err = h.store.Awaiting(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Invitations, err = h.store.Invitations(ctx, time.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Library, err = h.store.LibraryUsage(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	userNames := map[int64]string{}
	for _, u := range users {
		row := userRow{User: u, Used: usage[u.ID].Bytes}
		for _, g := range u.Groups {
			row.GroupNames = append(row.GroupNames, names[g])
		}
		d.Users = append(d.Users, row)
		userNames[u.ID] = u.Name
	}
	for _, g := range groups {
		row := groupRow{Group: g}
		for _, m := range g.Members {
			row.Used += usage[m].Bytes
			row.MemberNames = append(row.MemberNames, userNames[m])
		}
		sort.Strings(row.MemberNames)
		d.Groups = append(d.Groups, row)
	}
	switch r.URL.Query().Get("error") {
	case "exists":
		d.Error = h.localizer(r).T("That name is already taken.")
	case "invalid":
		d.Error = h.localizer(r).T("That is not possible.")
	}
	h.render(w, r, http.StatusOK, "people", h.localizer(r).T("People"), d)
}

// peopleAction adds or changes an account or a group.
func (h *Handler) peopleAction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := sessionOf(ctx).User
	var err error
	action := r.PostFormValue("action")
	target := ""
	switch action {
	case "user.add":
		role := gallery.Role(r.PostFormValue("role"))
		name := strings.TrimSpace(r.PostFormValue("name"))
		target = name
		hash, herr := auth.HashPassword(r.PostFormValue("password"))
		switch {
		case herr != nil || name == "" || len(name) > 100:
			err = fmt.Errorf("new user: %w", gallery.ErrInvalid)
		case role == gallery.RoleWebmaster && me.Role != gallery.RoleWebmaster:
			err = fmt.Errorf("only the webmaster makes webmasters: %w", gallery.ErrInvalid)
		default:
			level, _ := strconv.Atoi(r.PostFormValue("level"))
			u := &gallery.User{Name: name, Role: role, PasswordHash: hash, Level: level, Email: strings.TrimSpace(r.PostFormValue("email"))}
			if !gallery.ValidLevel(level) {
				err = fmt.Errorf("level: %w", gallery.ErrInvalid)
			} else if u.Quota, err = parseQuota(r.PostFormValue("quota")); err == nil {
				err = h.store.AddUser(ctx, u)
			}
		}
	case "user.update":
		var u gallery.User
		if u, err = h.store.UserByID(ctx, formID(r, "id")); err != nil {
			break
		}
		target = u.Name
		role := gallery.Role(r.PostFormValue("role"))
		// Only a webmaster touches a webmaster or makes one, and nobody
		// demotes or disables themselves (the library needs one).
		if (u.Role == gallery.RoleWebmaster || role == gallery.RoleWebmaster) && me.Role != gallery.RoleWebmaster || u.ID == me.ID && (role != u.Role || r.PostFormValue("disabled") != "") {
			err = fmt.Errorf("user %d: %w", u.ID, gallery.ErrInvalid)
			break
		}
		u.Role = role
		u.Level, _ = strconv.Atoi(r.PostFormValue("level"))
		u.Disabled = r.PostFormValue("disabled") != ""
		u.Email = strings.TrimSpace(r.PostFormValue("email"))
		if u.Quota, err = parseQuota(r.PostFormValue("quota")); err == nil {
			err = h.store.UpdateUser(ctx, u)
		}
	case "invite.add":
		token, terr := auth.NewToken()
		if terr != nil {
			err = terr
			break
		}
		inv := &sqlstore.Invitation{GroupID: formID(r, "group"), CreatedBy: me.ID, Note: r.PostFormValue("note"), ExpiresAt: time.Now().Add(invitationTTL)}
		if err = h.store.AddInvitation(ctx, inv, auth.HashToken(token)); err != nil {
			break
		}
		h.audit(r, action, strconv.FormatInt(inv.ID, 10), inv.Note)
		// The link is shown on this page, once; only its hash is kept.
		h.renderPeople(w, r, inviteLink(r, token))
		return
	case "invite.revoke":
		target = r.PostFormValue("invite")
		err = h.store.RevokeInvitation(ctx, formID(r, "invite"), time.Now())
	case "user.approve", "user.refuse":
		target = r.PostFormValue("id")
		err = h.store.Approve(ctx, formID(r, "id"), action == "user.approve")
	case "group.add":
		target = r.PostFormValue("name")
		_, err = h.store.CreateGroup(ctx, target)
	case "group.delete":
		target = strconv.FormatInt(formID(r, "group"), 10)
		err = h.store.DeleteGroup(ctx, formID(r, "group"))
	case "group.quota":
		var q *int64
		target = strconv.FormatInt(formID(r, "group"), 10)
		if q, err = parseQuota(r.PostFormValue("quota")); err == nil {
			err = h.store.SetGroupQuota(ctx, formID(r, "group"), q)
		}
	case "group.join", "group.leave":
		target = r.PostFormValue("group") + " " + r.PostFormValue("user")
		err = h.store.SetMember(ctx, formID(r, "group"), formID(r, "user"), action == "group.join")
	default:
		err = fmt.Errorf("action %q: %w", action, gallery.ErrInvalid)
	}
	if errors.Is(err, gallery.ErrConflict) || errors.Is(err, gallery.ErrInvalid) {
		code := "exists"
		if errors.Is(err, gallery.ErrInvalid) {
			code = "invalid"
		}
		http.Redirect(w, r, "/admin/people?error="+code, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.audit(r, action, target, "")
	http.Redirect(w, r, "/admin/people", http.StatusSeeOther)
}

type settingsData struct {
	Guests, GuestDownload, NewAlbumsPublic bool
	Registration                           string
	Blocks                                 []sqlstore.IPBlock
	Error                                  string
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request) {
	s, err := h.store.Settings(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := settingsData{
		Guests:          s[sqlstore.SettingGuests] != "false",
		GuestDownload:   s[sqlstore.SettingGuestDownload] == "true",
		NewAlbumsPublic: s[sqlstore.SettingNewAlbumsPublic] == "true",
		Registration:    h.registration(r),
	}
	if d.Blocks, err = h.store.IPBlocks(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("error") == "network" {
		d.Error = h.localizer(r).T("Give an address, such as 192.0.2.7, or a network, such as 2001:db8::/48.")
	}
	h.render(w, r, http.StatusOK, "settings", h.localizer(r).T("Settings"), d)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) {
	switch r.PostFormValue("action") {
	case "block":
		p, err := parseNetwork(r.PostFormValue("network"))
		if err != nil {
			http.Redirect(w, r, "/admin/settings?error=network#blocks", http.StatusSeeOther)
			return
		}
		// Shutting oneself out would need the database to undo.
		if p.Contains(mustAddr(clientIP(r))) {
			http.Redirect(w, r, "/admin/settings?error=network#blocks", http.StatusSeeOther)
			return
		}
		if err := h.store.AddIPBlock(r.Context(), p.String(), r.PostFormValue("note")); err != nil && !errors.Is(err, gallery.ErrConflict) {
			h.fail(w, r, err)
			return
		}
		h.blocks.invalidate()
		h.audit(r, "ip.block", p.String(), r.PostFormValue("note"))
		http.Redirect(w, r, "/admin/settings#blocks", http.StatusSeeOther)
		return
	case "unblock":
		if err := h.store.RemoveIPBlock(r.Context(), formID(r, "id")); err != nil {
			h.fail(w, r, err)
			return
		}
		h.blocks.invalidate()
		h.audit(r, "ip.unblock", r.PostFormValue("id"), "")
		http.Redirect(w, r, "/admin/settings#blocks", http.StatusSeeOther)
		return
	}
	old, err := h.store.Settings(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if reg := r.PostFormValue("registration"); (reg == "off" || reg == "approval" || reg == "open") && reg != h.registration(r) {
		if err := h.store.SetSetting(r.Context(), sqlstore.SettingRegistration, reg); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "setting.change", sqlstore.SettingRegistration, reg)
	}
	for _, name := range []string{sqlstore.SettingGuests, sqlstore.SettingGuestDownload, sqlstore.SettingNewAlbumsPublic} {
		v := strconv.FormatBool(r.PostFormValue(name) != "")
		was := old[name]
		if was == "" {
			was = strconv.FormatBool(name == sqlstore.SettingGuests) // the defaults
		}
		if v == was {
			continue
		}
		if err := h.store.SetSetting(r.Context(), name, v); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "setting.change", name, v)
	}
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}
