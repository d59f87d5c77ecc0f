package service

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// Quota is "used / allowed" for one quota: the user's own, or one of
// their groups'.
type Quota struct {
	// Used counts the originals kept and the uploads in progress.
	Used int64
	// Allowed is 0 when no quota applies.
	Allowed int64
	// Group names the group whose quota it is, "" for the user's own.
	Group string
}

// Quota returns the actor's usage against the tightest quota that applies
// to them — the one with the least room left — worked out as uploads are
// checked against it. Administrators have no quota.
func (s *Service) Quota(ctx context.Context, a Actor) (Quota, error) {
	if a.User.ID == 0 {
		return Quota{}, fmt.Errorf("quota: %w", gallery.ErrNotFound)
	}
	qs, err := s.quotas(ctx, a.User.ID)
	if err != nil || len(qs) == 0 {
		return Quota{}, err
	}
	tight := qs[0]
	for _, q := range qs[1:] {
		if q.Allowed > 0 && (tight.Allowed == 0 || q.Allowed-q.Used < tight.Allowed-tight.Used) {
			tight = q
		}
	}
	return tight, nil
}

// quotas returns what counts against each quota that applies to a user:
// first their own usage (with Allowed 0 when they have no quota of their
// own), then each of their groups' with a quota. Administrators have only
// the first, and no quota.
func (s *Service) quotas(ctx context.Context, userID int64) ([]Quota, error) {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	staged, err := s.store.StagedBytes(ctx)
	if err != nil {
		return nil, err
	}
	used, err := s.store.UserUsage(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	own := Quota{Used: used.Bytes + staged[u.ID]}
	if u.Role.IsAdmin() {
		return []Quota{own}, nil
	}
	if u.Quota != nil {
		own.Allowed = *u.Quota
	}
	out := []Quota{own}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if g.Quota == nil || !slices.Contains(g.Members, u.ID) {
			continue
		}
		gu, err := s.store.GroupUsage(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		q := Quota{Used: gu.Bytes, Allowed: *g.Quota, Group: g.Name}
		for _, m := range g.Members {
			q.Used += staged[m]
		}
		out = append(out, q)
	}
	return out, nil
}

// QuotaError says that a file would not fit in a quota: the user's own
// (Group empty) or one of their groups'. It is of kind ErrInvalid.
type QuotaError struct {
	Group         string
	Used, Allowed int64
}

func (e *QuotaError) Error() string {
	who := "your"
	if e.Group != "" {
		who = "the group " + e.Group + "'s"
	}
	return fmt.Sprintf("over %s storage quota: %d of %d bytes used", who, e.Used, e.Allowed)
}

// Unwrap makes a QuotaError of kind ErrInvalid.
func (e *QuotaError) Unwrap() error { return gallery.ErrInvalid }

// ParseQuota reads a quota in megabytes (a decimal comma is fine); empty
// means none.
func ParseQuota(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	mb, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || mb < 0 || mb > 1e9 {
		return nil, invalid("quota %q", s)
	}
	b := int64(mb * 1e6)
	return &b, nil
}

// UserRow is an account as the people page lists it.
type UserRow struct {
	gallery.User
	Used       int64
	GroupNames []string
}

// GroupRow is a group as the people page lists it.
type GroupRow struct {
	gallery.Group
	Used        int64
	MemberNames []string
}

// People is what administrators see of accounts and groups.
type People struct {
	Users       []UserRow
	Groups      []GroupRow
	Awaiting    []gallery.User
	Invitations []gallery.Invitation
	Library     gallery.Usage
}

// People lists accounts and groups with their usage.
func (s *Service) People(ctx context.Context, a Actor) (People, error) {
	var p People
	if err := admin(a, "people"); err != nil {
		return p, err
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return p, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return p, err
	}
	usage, err := s.store.UsageByUser(ctx)
	if err != nil {
		return p, err
	}
	if p.Awaiting, err = s.store.Awaiting(ctx); err != nil {
		return p, err
	}
	if p.Invitations, err = s.store.Invitations(ctx, s.now()); err != nil {
		return p, err
	}
	if p.Library, err = s.store.LibraryUsage(ctx); err != nil {
		return p, err
	}
	names := map[int64]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	userNames := map[int64]string{}
	for _, u := range users {
		row := UserRow{User: u, Used: usage[u.ID].Bytes}
		for _, g := range u.Groups {
			row.GroupNames = append(row.GroupNames, names[g])
		}
		p.Users = append(p.Users, row)
		userNames[u.ID] = u.Name
	}
	for _, g := range groups {
		row := GroupRow{Group: g}
		for _, m := range g.Members {
			row.Used += usage[m].Bytes
			row.MemberNames = append(row.MemberNames, userNames[m])
		}
		sort.Strings(row.MemberNames)
		p.Groups = append(p.Groups, row)
	}
	return p, nil
}

// Users lists every account, for administrators and the command line.
func (s *Service) Users(ctx context.Context, a Actor) ([]gallery.User, error) {
	if err := admin(a, "users"); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// Groups lists every group.
func (s *Service) Groups(ctx context.Context, a Actor) ([]gallery.Group, error) {
	if err := admin(a, "groups"); err != nil {
		return nil, err
	}
	return s.store.Groups(ctx)
}

// UserForm is an account as an administrator makes or changes it.
type UserForm struct {
	Name     string // only when making it
	Password string // only when making it
	Role     gallery.Role
	Level    int
	Email    string
	Quota    *int64
	Disabled bool
}

// mayTouch says whether a may give role, or change an account of role:
// only a webmaster touches a webmaster or makes one.
func mayTouch(a Actor, roles ...gallery.Role) error {
	if slices.Contains(roles, gallery.RoleWebmaster) && a.User.Role != gallery.RoleWebmaster {
		return invalid("only the webmaster makes or changes webmasters")
	}
	return nil
}

// AddUser creates an account.
func (s *Service) AddUser(ctx context.Context, a Actor, f UserForm) (gallery.User, error) {
	if err := admin(a, "users"); err != nil {
		return gallery.User{}, err
	}
	name, err := cleanName(f.Name)
	if err != nil {
		return gallery.User{}, err
	}
	if !f.Role.Valid() || f.Role == gallery.RoleGuest {
		return gallery.User{}, invalid("role %q", f.Role)
	}
	if err := mayTouch(a, f.Role); err != nil {
		return gallery.User{}, err
	}
	if !gallery.ValidLevel(f.Level) {
		return gallery.User{}, invalid("level %d", f.Level)
	}
	hash, err := s.hashPassword(ctx, f.Password)
	if err != nil {
		return gallery.User{}, err
	}
	u := gallery.User{Name: name, Role: f.Role, PasswordHash: hash, Level: f.Level, Email: strings.TrimSpace(f.Email), Quota: f.Quota}
	err = s.change(ctx, a, "user.add", name, string(f.Role), func(ctx context.Context) error {
		return s.store.AddUser(ctx, &u)
	})
	return u, err
}

// UpdateUser changes an account's role, level, e-mail, quota or state.
// Nobody demotes or disables themselves: the library needs someone.
func (s *Service) UpdateUser(ctx context.Context, a Actor, id int64, f UserForm) error {
	if err := admin(a, "users"); err != nil {
		return err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := mayTouch(a, u.Role, f.Role); err != nil {
		return err
	}
	if u.ID == a.User.ID && (f.Role != u.Role || f.Disabled) {
		return invalid("you cannot demote or disable yourself")
	}
	if !f.Role.Valid() || f.Role == gallery.RoleGuest || !gallery.ValidLevel(f.Level) {
		return invalid("role %q level %d", f.Role, f.Level)
	}
	u.Role, u.Level, u.Disabled, u.Email, u.Quota = f.Role, f.Level, f.Disabled, strings.TrimSpace(f.Email), f.Quota
	return s.change(ctx, a, "user.update", u.Name, fmt.Sprintf("role=%s level=%d disabled=%t", u.Role, u.Level, u.Disabled), func(ctx context.Context) error {
		return s.store.UpdateUser(ctx, u)
	})
}

// Approve lets in, or refuses, an account made from the sign-in page.
func (s *Service) Approve(ctx context.Context, a Actor, id int64, approve bool) error {
	if err := admin(a, "users"); err != nil {
		return err
	}
	action := map[bool]string{true: "user.approve", false: "user.refuse"}[approve]
	return s.change(ctx, a, action, fmt.Sprint(id), "", func(ctx context.Context) error {
		return s.store.Approve(ctx, id, approve)
	})
}

// Invite makes a one-time invitation link's token, optionally into a
// group; only its hash is kept.
func (s *Service) Invite(ctx context.Context, a Actor, group int64, note string) (string, error) {
	if err := admin(a, "invitations"); err != nil {
		return "", err
	}
	if len(note) > 500 {
		return "", invalid("note too long")
	}
	if group != 0 {
		groups, err := s.store.Groups(ctx)
		if err != nil {
			return "", err
		}
		if !slices.ContainsFunc(groups, func(g gallery.Group) bool { return g.ID == group }) {
			return "", invalid("group %d", group)
		}
	}
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	inv := &gallery.Invitation{GroupID: group, CreatedBy: a.User.ID, Note: note, ExpiresAt: s.now().Add(invitationTTL)}
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.AddInvitation(ctx, inv, auth.HashToken(token)); err != nil {
			return err
		}
		return s.audit(ctx, a, "invite.add", fmt.Sprint(inv.ID), note)
	})
	return token, err
}

// RevokeInvitation ends an invitation link.
func (s *Service) RevokeInvitation(ctx context.Context, a Actor, id int64) error {
	if err := admin(a, "invitations"); err != nil {
		return err
	}
	return s.change(ctx, a, "invite.revoke", fmt.Sprint(id), "", func(ctx context.Context) error {
		return s.store.RevokeInvitation(ctx, id, s.now())
	})
}

// AddGroup creates a group with members (user names), and returns its id.
func (s *Service) AddGroup(ctx context.Context, a Actor, name string, members ...string) (int64, error) {
	if err := admin(a, "groups"); err != nil {
		return 0, err
	}
	name, err := cleanName(name)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.change(ctx, a, "group.add", name, strings.Join(members, " "), func(ctx context.Context) error {
		if id, err = s.store.CreateGroup(ctx, name); err != nil {
			return err
		}
		for _, m := range members {
			u, err := s.store.UserByName(ctx, m)
			if err != nil {
				return fmt.Errorf("member %q: %w", m, err)
			}
			if err := s.store.SetMember(ctx, id, u.ID, true); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// DeleteGroup removes a group, and with it its grants.
func (s *Service) DeleteGroup(ctx context.Context, a Actor, id int64) error {
	if err := admin(a, "groups"); err != nil {
		return err
	}
	return s.change(ctx, a, "group.delete", fmt.Sprint(id), "", func(ctx context.Context) error {
		return s.store.DeleteGroup(ctx, id)
	})
}

// SetGroupQuota sets or clears (nil) a group's quota.
func (s *Service) SetGroupQuota(ctx context.Context, a Actor, id int64, quota *int64) error {
	if err := admin(a, "groups"); err != nil {
		return err
	}
	detail := "none"
	if quota != nil {
		detail = fmt.Sprint(*quota)
	}
	return s.change(ctx, a, "group.quota", fmt.Sprint(id), detail, func(ctx context.Context) error {
		return s.store.SetGroupQuota(ctx, id, quota)
	})
}

// SetMember adds a user to a group, or removes them.
func (s *Service) SetMember(ctx context.Context, a Actor, group, user int64, member bool) error {
	if err := admin(a, "groups"); err != nil {
		return err
	}
	action := map[bool]string{true: "group.join", false: "group.leave"}[member]
	return s.change(ctx, a, action, fmt.Sprintf("%d %d", group, user), "", func(ctx context.Context) error {
		return s.store.SetMember(ctx, group, user, member)
	})
}

// checkQuota returns a QuotaError when size more bytes would not fit in
// one of the quotas that apply to u, uploads in progress counted.
// Administrators have no quota. Run it in the transaction that reserves
// the bytes, after LockQuotas.
func (s *Service) checkQuota(ctx context.Context, u gallery.User, size int64) error {
	qs, err := s.quotas(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if q.Allowed > 0 && q.Used+size > q.Allowed {
			return &QuotaError{Group: q.Group, Used: q.Used, Allowed: q.Allowed}
		}
	}
	return nil
}
