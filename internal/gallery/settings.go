package gallery

import (
	"fmt"
	"strconv"
)

// Registration modes: how accounts may be made from the sign-in page.
const (
	RegistrationOff      = "off"
	RegistrationApproval = "approval" // made, then approved by an administrator
	RegistrationOpen     = "open"
)

// Settings are the library's settings that administrators change.
type Settings struct {
	// Guests lets anonymous visitors see public albums; GuestDownload
	// lets them fetch their originals too.
	Guests, GuestDownload bool
	// NewAlbumsPublic makes new albums public; they are private otherwise.
	NewAlbumsPublic bool
	// Registration is one of the Registration modes.
	Registration string
}

// DefaultSettings are a new library's.
func DefaultSettings() Settings {
	return Settings{Guests: true, Registration: RegistrationOff}
}

// SettingNames lists the settings by the names the database, the command
// line and the audit log use, in the order they are shown.
func SettingNames() []string {
	return []string{"guest_access", "guest_download", "new_albums_public", "registration"}
}

// Value returns a setting's value as text, by name.
func (s Settings) Value(name string) (string, error) {
	switch name {
	case "guest_access":
		return strconv.FormatBool(s.Guests), nil
	case "guest_download":
		return strconv.FormatBool(s.GuestDownload), nil
	case "new_albums_public":
		return strconv.FormatBool(s.NewAlbumsPublic), nil
	case "registration":
		return s.Registration, nil
	}
	return "", fmt.Errorf("no setting %q: %w", name, ErrInvalid)
}

// Set changes a setting by name from its text, checking the value.
func (s *Settings) Set(name, value string) error {
	switch name {
	case "guest_access", "guest_download", "new_albums_public":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("setting %s: %q is not true or false: %w", name, value, ErrInvalid)
		}
		switch name {
		case "guest_access":
			s.Guests = b
		case "guest_download":
			s.GuestDownload = b
		default:
			s.NewAlbumsPublic = b
		}
		return nil
	case "registration":
		switch value {
		case RegistrationOff, RegistrationApproval, RegistrationOpen:
			s.Registration = value
			return nil
		}
		return fmt.Errorf("setting registration: %q is not off, approval or open: %w", value, ErrInvalid)
	}
	return fmt.Errorf("no setting %q: %w", name, ErrInvalid)
}
