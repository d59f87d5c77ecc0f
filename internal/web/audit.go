package web

import (
	"maps"
	"strconv"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// auditSentence words an activity log entry for people: who did what to
// which, with names looked up by the service. An action this page does
// not know yet is shown by its code, never left out.
func auditSentence(l *i18n.Localizer, x service.AuditLine) string {
	who := x.UserName
	if who == "" {
		who = l.T("Someone")
	}
	f := x.Facts
	if q := f["query"]; q != "" && strings.HasPrefix(x.Action, "media.") {
		// A batch on every result of a search says which search.
		y := x
		y.Facts = maps.Clone(f)
		delete(y.Facts, "query")
		return l.T("%s, among the results of the search %s", auditSentence(l, y), quote(l, q))
	}
	switch x.Action {
	case "album.create":
		return l.T("%s created the album %s", who, quote(l, lastPart(x.Target)))
	case "album.update":
		return l.T("%s updated the album %s", who, quote(l, x.Target))
	case "album.rename":
		return l.T("%s renamed an album to %s", who, quote(l, x.Detail))
	case "album.move":
		if f["parent"] == "0" {
			return l.T("%s moved %s to the top level", who, albumRef(l, x.Object))
		}
		return l.T("%s moved %s into %s", who, albumRef(l, x.Object), albumRef(l, x.Parent))
	case "album.position":
		return l.T("%s changed the place of %s among its neighbours", who, albumRef(l, x.Object))
	case "album.description":
		return l.T("%s changed the description of %s", who, albumRef(l, x.Object))
	case "album.order":
		switch gallery.ItemOrder(x.Detail) {
		case gallery.OrderManual:
			return l.T("%s chose to arrange %s by hand", who, albumRef(l, x.Object))
		case gallery.OrderTitle:
			return l.T("%s sorted %s by title", who, albumRef(l, x.Object))
		case gallery.OrderName:
			return l.T("%s sorted %s by file name", who, albumRef(l, x.Object))
		}
		return l.T("%s sorted %s by date taken", who, albumRef(l, x.Object))
	case "album.arrange":
		return l.T("%s changed the order of the items in %s", who, albumRef(l, x.Object))
	case "album.place":
		return l.T("%s changed the place of %s among its neighbours", who, albumRef(l, x.Object))
	case "album.delete":
		if f["trash_media"] == "true" {
			return l.T("%s deleted an album and put its items in the trash", who)
		}
		return l.T("%s deleted an album", who)
	case "album.visibility":
		if f["public"] != "true" {
			return l.T("%s made %s private", who, albumRef(l, x.Object))
		}
		if n, _ := strconv.Atoi(f["sub_albums"]); n > 0 {
			return l.N("%s made %s and %d sub-album public", "%s made %s and %d sub-albums public", n, who, albumRef(l, x.Object), n)
		}
		return l.T("%s made %s public", who, albumRef(l, x.Object))
	case "album.grant":
		to := accountRef(l, x.Who, "")
		if x.WhoGroup {
			to = l.T("%s (group)", to)
		}
		perms, _ := strconv.Atoi(f["perms"])
		if perms == 0 {
			return l.T("%s took back every right of %s on %s", who, to, albumRef(l, x.Object))
		}
		return l.T("%[1]s gave %[2]s these rights on %[3]s: %[4]s", who, to, albumRef(l, x.Object), permNames(l, gallery.Perm(perms)))
	case "media.edit":
		return l.T("%s edited %s", who, itemsRef(l, x))
	case "media.tag", "media.untag":
		tags := strings.Split(f["tags"], ",")
		quoted := make([]string, len(tags))
		for i, t := range tags {
			quoted[i] = quote(l, t)
		}
		list := strings.Join(quoted, ", ")
		if x.Action == "media.tag" {
			return l.N("%[1]s tagged %[2]s with %[3]s", "%[1]s tagged %[2]s with %[3]s", len(tags), who, itemsRef(l, x), list)
		}
		return l.N("%[1]s removed the tag %[3]s from %[2]s", "%[1]s removed the tags %[3]s from %[2]s", len(tags), who, itemsRef(l, x), list)
	case "media.copy":
		return l.T("%s added %s to %s", who, itemsRef(l, x), albumRef(l, x.Album))
	case "media.move":
		return l.T("%s moved %s from %s to %s", who, itemsRef(l, x), albumRef(l, x.From), albumRef(l, x.Album))
	case "media.remove":
		return l.T("%s removed %s from %s", who, itemsRef(l, x), albumRef(l, x.From))
	case "media.delete":
		return l.T("%s put %s in the trash", who, itemsRef(l, x))
	case "media.restore":
		return l.T("%s restored %s from the trash", who, itemsRef(l, x))
	case "media.level":
		level, _ := strconv.Atoi(f["level"])
		return l.T("%s gave %s the privacy level %s", who, itemsRef(l, x), quote(l, levelName(l, level)))
	case "media.cover":
		return l.T("%s chose the cover of %s", who, albumRef(l, x.Album))
	case "review.publish":
		if x.Album != "" {
			return l.T("%s published %s in %s", who, itemsRef(l, x), quote(l, x.Album))
		}
		return l.T("%s published %s", who, itemsRef(l, x))
	case "review.reject":
		return l.T("%s rejected %s", who, itemsRef(l, x))
	case "upload", "import":
		if x.Album != "" {
			return l.T("%s added %s to %s", who, quote(l, x.Target), quote(l, x.Album))
		}
		return l.T("%s added %s", who, quote(l, x.Target))
	case "upload.contribute":
		if x.Album != "" {
			return l.T("%s sent %s to %s, awaiting review", who, quote(l, x.Target), quote(l, x.Album))
		}
		return l.T("%s sent %s, awaiting review", who, quote(l, x.Target))
	case "upload.existing", "import.existing":
		return l.T("%s added %s, which was already in the library", who, quote(l, x.Target))
	case "upload.withheld":
		return l.T("%s sent %s, which was withheld: nothing was stored", who, quote(l, x.Target))
	case "library.repair":
		n, _ := strconv.Atoi(f["repaired"])
		return l.N("%s repaired %d file", "%s repaired %d files", n, who, n)
	case "trash.purge":
		n, _ := strconv.Atoi(f["items"])
		return l.N("The trash was emptied of %d item", "The trash was emptied of %d items", n, n)
	case "setting.change":
		return l.T("%s set the setting %s to %s", who, quote(l, x.Target), quote(l, x.Detail))
	case "branding.change":
		return l.T("%s changed the site’s identity: %s", who, brandingPart(l, x.Target))
	case "branding.logo":
		return l.T("%s set a new logo", who)
	case "branding.logo.remove":
		return l.T("%s removed the logo", who)
	case "ip.block":
		return l.T("%s blocked the address %s", who, x.Target)
	case "ip.unblock":
		return l.T("%s unblocked an address", who)
	case "user.add":
		return l.T("%s created the account %s", who, quote(l, x.Target))
	case "user.update":
		return l.T("%s changed the account %s", who, quote(l, x.Target))
	case "user.approve":
		return l.T("%s let in %s", who, accountRef(l, x.Object, x.Target))
	case "user.refuse":
		return l.T("%s refused %s", who, accountRef(l, x.Object, x.Target))
	case "invite.add":
		return l.T("%s made an invitation", who)
	case "invite.revoke":
		return l.T("%s revoked an invitation", who)
	case "group.add":
		return l.T("%s created the group %s", who, quote(l, x.Target))
	case "group.delete":
		return l.T("%s deleted the group %s", who, groupRef(l, x.Object, x.Target))
	case "group.quota":
		return l.T("%s changed the storage quota of the group %s", who, groupRef(l, x.Object, x.Target))
	case "group.join", "group.leave":
		ids := strings.Fields(x.Target)
		if len(ids) != 2 {
			ids = []string{"", ""}
		}
		if x.Action == "group.join" {
			return l.T("%s added %s to the group %s", who, accountRef(l, x.Who, ids[1]), groupRef(l, x.Object, ids[0]))
		}
		return l.T("%s removed %s from the group %s", who, accountRef(l, x.Who, ids[1]), groupRef(l, x.Object, ids[0]))
	case "account.setup":
		return l.T("%s set up the library", who)
	case "account.register":
		if x.Detail == "awaiting approval" {
			return l.T("%s made an account, awaiting approval", who)
		}
		return l.T("%s made an account", who)
	case "account.invited":
		return l.T("%s joined through an invitation", who)
	case "account.reset-link":
		return l.T("%s asked for a link to choose a new password", who)
	case "account.reset":
		return l.T("%s chose a new password through a reset link", who)
	case "account.password":
		return l.T("%s changed their password", who)
	case "account.signout-everywhere":
		return l.T("%s closed their other sessions", who)
	case "key.add":
		return l.T("%s made the API key %s", who, quote(l, x.Target))
	case "key.revoke":
		return l.T("%s revoked an API key", who)
	case "account.totp.on":
		return l.T("%s turned on two-step sign-in", who)
	case "account.totp.off":
		return l.T("%s turned off two-step sign-in", who)
	case "account.language":
		return l.T("%s changed their language", who)
	case "search.save":
		return l.T("%s saved the search %s", who, quote(l, x.Target))
	case "search.edit":
		return l.T("%s changed the saved search %s", who, quote(l, x.Target))
	case "search.delete":
		return l.T("%s deleted the saved search %s", who, quote(l, x.Target))
	case "field.create":
		return l.T("%s created the field %s", who, quote(l, x.Target))
	case "field.update":
		return l.T("%s changed the field %s", who, quote(l, x.Target))
	case "field.delete":
		return l.T("%s deleted the field %s and its values", who, quote(l, x.Target))
	case "field.move":
		return l.T("%s changed the place of the field %s", who, quote(l, x.Target))
	case "media.fields":
		return l.T("%s filled in the fields of %s", who, itemsRef(l, x))
	case "media.field":
		return l.T("%s set a field on %s", who, itemsRef(l, x))
	case "media.unfield":
		return l.T("%s cleared a field on %s", who, itemsRef(l, x))
	case "fields.import":
		n, _ := strconv.Atoi(f["lines"])
		return l.N("%s imported fields from a spreadsheet: %d line applied", "%s imported fields from a spreadsheet: %d lines applied", n, who, n)
	}
	return l.T("%s did %s", who, quote(l, x.Action))
}

// quote puts a name between the language's quotation marks.
func quote(l *i18n.Localizer, s string) string { return l.T("“%s”", s) }

// lastPart is an album path's last name.
func lastPart(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// albumRef names an album, or says it is gone.
func albumRef(l *i18n.Localizer, name string) string {
	if name == "" {
		return l.T("an album since deleted")
	}
	return quote(l, name)
}

// accountRef names an account, else by its number, else vaguely.
func accountRef(l *i18n.Localizer, name, id string) string {
	switch {
	case name != "":
		return quote(l, name)
	case id != "":
		return l.T("account no. %s", id)
	}
	return l.T("an account since deleted")
}

// groupRef names a group, else by its number.
func groupRef(l *i18n.Localizer, name, id string) string {
	if name != "" {
		return quote(l, name)
	}
	return l.T("no. %s", id)
}

// itemsRef names the items of an entry: one by its title, several by
// their count and kind.
func itemsRef(l *i18n.Localizer, x service.AuditLine) string {
	if x.Items == 1 && x.Item != "" {
		return quote(l, x.Item)
	}
	switch x.Kind {
	case gallery.KindImage:
		return l.N("%d photo", "%d photos", x.Items, x.Items)
	case gallery.KindVideo:
		return l.N("%d video", "%d videos", x.Items, x.Items)
	}
	return l.N("%d item", "%d items", x.Items, x.Items)
}

// brandingPart words which part of the site's identity a change touched:
// its target is a setting's name, or page.<page>.<lang> for a legal page.
func brandingPart(l *i18n.Localizer, target string) string {
	switch target {
	case "site_name":
		return l.T("the site’s name")
	case "accent":
		return l.T("the accent colour")
	case "intro":
		return l.T("the home page’s introduction")
	case "compliance":
		return l.T("the accessibility compliance")
	}
	if page, lang, ok := strings.Cut(strings.TrimPrefix(target, "page."), "."); ok && strings.HasPrefix(target, "page.") {
		return l.T("the page %s (%s)", quote(l, pageTitle(l, page)), lang)
	}
	return quote(l, target)
}
