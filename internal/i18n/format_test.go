package i18n

import (
	"math"
	"testing"
	"time"

	"golang.org/x/text/language"
)

func TestDate(t *testing.T) {
	b := newTestBundle(t)
	bastille := time.Date(2025, 7, 14, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		t      time.Time
		style  DateStyle
		en, fr string
	}{
		{"long", bastille, DateLong, "July 14, 2025", "14 juillet 2025"},
		{"short", bastille, DateShort, "Jul 14, 2025", "14 juil. 2025"},
		{"full", bastille, DateFull, "Monday, July 14, 2025", "lundi 14 juillet 2025"},
		{"month and year", bastille, DateMonthYear, "July 2025", "juillet 2025"},
		{"first of the month", time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), DateLong, "August 1, 2025", "1er août 2025"},
		{"first, short", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), DateShort, "Feb 1, 2024", "1er févr. 2024"},
		{"leap day", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), DateFull, "Thursday, February 29, 2024", "jeudi 29 février 2024"},
		{"Sunday in December", time.Date(2024, 12, 22, 0, 0, 0, 0, time.UTC), DateFull, "Sunday, December 22, 2024", "dimanche 22 décembre 2024"},
		{"in t's own location", time.Date(2025, 7, 14, 23, 0, 0, 0, time.UTC).In(time.FixedZone("+02", 2*3600)), DateLong,
			"July 15, 2025", "15 juillet 2025"},
		{"unknown style is long", bastille, DateStyle(99), "July 14, 2025", "14 juillet 2025"},
	}
	en, fr := b.Localizer(language.English), b.Localizer(language.French)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := en.Date(tt.t, tt.style); got != tt.en {
				t.Errorf("en: got %q, want %q", got, tt.en)
			}
			if got := fr.Date(tt.t, tt.style); got != tt.fr {
				t.Errorf("fr: got %q, want %q", got, tt.fr)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		x      float64
		en, fr string
	}{
		{12345.6, "12,345.6", "12\u202f345,6"},
		{0, "0", "0"},
		{0.5, "0.5", "0,5"},
		{999, "999", "999"},
		{1000, "1,000", "1\u202f000"},
		{-1234567.891, "-1,234,567.891", "-1\u202f234\u202f567,891"},
		{2.0004, "2", "2"},
		{999.9996, "1,000", "1\u202f000"},
		{-0.0001, "0", "0"},
		{math.NaN(), "NaN", "NaN"},
	}
	en, fr := b.Localizer(language.English), b.Localizer(language.French)
	for _, tt := range tests {
		if got := en.Number(tt.x); got != tt.en {
			t.Errorf("en: Number(%v): got %q, want %q", tt.x, got, tt.en)
		}
		if got := fr.Number(tt.x); got != tt.fr {
			t.Errorf("fr: Number(%v): got %q, want %q", tt.x, got, tt.fr)
		}
	}
}

func TestInt(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		n      int
		en, fr string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{12345, "12,345", "12\u202f345"},
		{-1234567, "-1,234,567", "-1\u202f234\u202f567"},
		{math.MaxInt64, "9,223,372,036,854,775,807", "9\u202f223\u202f372\u202f036\u202f854\u202f775\u202f807"},
	}
	en, fr := b.Localizer(language.English), b.Localizer(language.French)
	for _, tt := range tests {
		if got := en.Int(tt.n); got != tt.en {
			t.Errorf("en: Int(%d): got %q, want %q", tt.n, got, tt.en)
		}
		if got := fr.Int(tt.n); got != tt.fr {
			t.Errorf("fr: Int(%d): got %q, want %q", tt.n, got, tt.fr)
		}
	}
}

func TestBytes(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		n      int64
		en, fr string
	}{
		{0, "0\u00a0B", "0\u00a0o"},
		{999, "999\u00a0B", "999\u00a0o"},
		{1000, "1\u00a0kB", "1\u00a0ko"},
		{1500, "1.5\u00a0kB", "1,5\u00a0ko"},
		{1_500_000, "1.5\u00a0MB", "1,5\u00a0Mo"},
		{999_949, "999.9\u00a0kB", "999,9\u00a0ko"},
		{999_999, "1\u00a0MB", "1\u00a0Mo"},
		{123_456_789, "123.5\u00a0MB", "123,5\u00a0Mo"},
		{1_234_567_890, "1.2\u00a0GB", "1,2\u00a0Go"},
		{5_000_000_000_000, "5\u00a0TB", "5\u00a0To"},
		{math.MaxInt64, "9.2\u00a0EB", "9,2\u00a0Eo"},
		{-1500, "-1.5\u00a0kB", "-1,5\u00a0ko"},
	}
	en, fr := b.Localizer(language.English), b.Localizer(language.French)
	for _, tt := range tests {
		if got := en.Bytes(tt.n); got != tt.en {
			t.Errorf("en: Bytes(%d): got %q, want %q", tt.n, got, tt.en)
		}
		if got := fr.Bytes(tt.n); got != tt.fr {
			t.Errorf("fr: Bytes(%d): got %q, want %q", tt.n, got, tt.fr)
		}
	}
}

func TestCoordinates(t *testing.T) {
	b := newTestBundle(t)
	en, fr := b.Localizer(language.English), b.Localizer(language.French)
	for _, tt := range []struct {
		lat, lon float64
		en, fr   string
	}{
		{48.857826, 2.2945, "48.85783°\u00a0N, 2.29450°\u00a0E", "48,85783°\u00a0N, 2,29450°\u00a0E"},
		{-33.8567844, -151.2152967, "33.85678°\u00a0S, 151.21530°\u00a0W", "33,85678°\u00a0S, 151,21530°\u00a0O"},
		{0, 0, "0.00000°\u00a0N, 0.00000°\u00a0E", "0,00000°\u00a0N, 0,00000°\u00a0E"},
	} {
		if got := en.Coordinates(tt.lat, tt.lon); got != tt.en {
			t.Errorf("en: Coordinates(%v, %v): got %q, want %q", tt.lat, tt.lon, got, tt.en)
		}
		if got := fr.Coordinates(tt.lat, tt.lon); got != tt.fr {
			t.Errorf("fr: Coordinates(%v, %v): got %q, want %q", tt.lat, tt.lon, got, tt.fr)
		}
	}
}
