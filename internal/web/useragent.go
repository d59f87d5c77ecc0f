package web

import (
	"strings"

	"imagier/internal/i18n"
)

// uaMatch is one line of a User-Agent table: the first line whose every
// token is in the header names it.
type uaMatch struct {
	tokens []string
	name   string
}

// uaBrowsers is checked in order: browsers built on another name it too
// (Edge says "Chrome", Chrome says "Safari"), so they come first.
var uaBrowsers = []uaMatch{
	{[]string{"Edg"}, "Edge"},
	{[]string{"OPR/"}, "Opera"},
	{[]string{"Opera"}, "Opera"},
	{[]string{"SamsungBrowser/"}, "Samsung Internet"},
	{[]string{"Vivaldi/"}, "Vivaldi"},
	{[]string{"FxiOS/"}, "Firefox"},
	{[]string{"Firefox/"}, "Firefox"},
	{[]string{"CriOS/"}, "Chrome"},
	{[]string{"Chromium/"}, "Chromium"},
	{[]string{"Chrome/"}, "Chrome"},
	{[]string{"Version/", "Safari/"}, "Safari"},
	{[]string{"AppleWebKit/", "Mobile/"}, "Safari"},
	{[]string{"curl/"}, "curl"},
	{[]string{"Wget/"}, "Wget"},
}

// uaSystems is checked in order, for the same reason (an iPhone says
// "like Mac OS X", Android says "Linux").
var uaSystems = []uaMatch{
	{[]string{"iPhone"}, "iPhone"},
	{[]string{"iPad"}, "iPad"},
	{[]string{"Android"}, "Android"},
	{[]string{"CrOS"}, "ChromeOS"},
	{[]string{"Windows"}, "Windows"},
	{[]string{"Macintosh"}, "macOS"},
	{[]string{"Mac OS X"}, "macOS"},
	{[]string{"Linux"}, "Linux"},
	{[]string{"FreeBSD"}, "FreeBSD"},
}

// lookupUA returns the name of the table's first line matching ua.
func lookupUA(table []uaMatch, ua string) string {
	for _, m := range table {
		all := true
		for _, t := range m.tokens {
			if !strings.Contains(ua, t) {
				all = false
				break
			}
		}
		if all {
			return m.name
		}
	}
	return ""
}

// parseUA names the browser and the system a User-Agent header says it
// runs on; "" for what it does not tell.
func parseUA(ua string) (browser, system string) {
	return lookupUA(uaBrowsers, ua), lookupUA(uaSystems, ua)
}

// browserName words a session's browser for people: "Chrome on Linux",
// « Firefox sur Android ».
func browserName(l *i18n.Localizer, ua string) string {
	b, sys := parseUA(ua)
	switch {
	case b != "" && sys != "":
		return l.T("%s on %s", b, sys)
	case b != "":
		return b
	case sys != "":
		return l.T("A browser on %s", sys)
	}
	return l.T("Unknown browser")
}
