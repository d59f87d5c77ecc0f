package gallery

// DefaultSiteName is the site's name until the webmaster gives another.
const DefaultSiteName = "Imagier"

// Branding is the organisation's identity, which the webmaster sets: the
// site's name, a logo, an accent colour, the home page's introduction and
// the legal pages' texts.
type Branding struct {
	// SiteName is the name shown in the header and titles; "" is
	// DefaultSiteName.
	SiteName string
	// Accent is the accent colour as #rrggbb; "" keeps the default.
	Accent string
	// Intro is the home page's introduction, plain text.
	Intro string
	// Compliance is the site's accessibility compliance as its statement
	// gives it, one of the Compliance values, which the footer's link to
	// the statement shows as French law asks.
	Compliance string
	// Pages are the legal pages' texts by PageKey; a missing one shows
	// the default text.
	Pages map[string]string
	// Logo describes the logo; its Digest is "" when there is none.
	Logo Logo
}

// Logo describes the uploaded logo.
type Logo struct {
	// Type is its media type: image/png, image/jpeg, image/webp or
	// image/svg+xml.
	Type string
	// Digest names the logo's version, for its address.
	Digest        string
	Width, Height int
}

// Name returns the site's name.
func (b Branding) Name() string {
	if b.SiteName == "" {
		return DefaultSiteName
	}
	return b.SiteName
}

// Accessibility compliance, as RGAA words it; "" is not stated.
const (
	ComplianceNone    = "none"
	CompliancePartial = "partial"
	ComplianceFull    = "full"
)

// LegalPages are the pages every site has, by their path name: the legal
// notice, the personal data policy and the accessibility statement.
var LegalPages = []string{"legal", "privacy", "accessibility"}

// PageLangs are the languages a legal page is written in.
var PageLangs = []string{"fr", "en"}

// PageKey names a legal page's text in a language, as Branding.Pages and
// the database do: "page.legal.fr".
func PageKey(page, lang string) string { return "page." + page + "." + lang }

// BrandingNames lists the branding texts by the names the database and the
// audit log use.
func BrandingNames() []string {
	out := []string{"site_name", "accent", "intro", "compliance"}
	for _, p := range LegalPages {
		for _, l := range PageLangs {
			out = append(out, PageKey(p, l))
		}
	}
	return out
}

// Value returns a branding text by name.
func (b Branding) Value(name string) string {
	switch name {
	case "site_name":
		return b.SiteName
	case "accent":
		return b.Accent
	case "intro":
		return b.Intro
	case "compliance":
		return b.Compliance
	}
	return b.Pages[name]
}

// Set changes a branding text by name; names it does not know are ignored,
// as other versions' may be.
func (b *Branding) Set(name, value string) {
	switch name {
	case "site_name":
		b.SiteName = value
	case "accent":
		b.Accent = value
	case "intro":
		b.Intro = value
	case "compliance":
		b.Compliance = value
	default:
		if b.Pages == nil {
			b.Pages = map[string]string{}
		}
		b.Pages[name] = value
	}
}
