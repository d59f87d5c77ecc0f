package meta

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExiftoolValues checks the facts about exiftool's output that the
// fast reader reproduces, with values exiftool 12.57 prints.
func TestExiftoolValues(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		for in, want := range map[string]any{
			"True": true, "false": false, "12": json.Number("12"), "-0.5": json.Number("-0.5"),
			"007": "007", "1.50": json.Number("1.50"), "1e-05": json.Number("1e-05"), "1 2": "1 2",
			"1234567890123456": "1234567890123456", "a\x00b": "ab", "caf\xe9": "caf?",
			"\xef\xbf\xbe": "???", "\xed\xa0\x80": "???", "é": "é",
		} {
			if got := jsonValue(in); got != want {
				t.Errorf("jsonValue(%q) = %#v, want %#v", in, got, want)
			}
		}
	})
	t.Run("degrees", func(t *testing.T) {
		for _, tt := range []struct {
			in   string
			sign bool
			want string
		}{
			{"43 41 14.6196", false, "43.6873943333333"}, {"40,26.767S", true, "-40.4461166666667"},
			{"79,58.93W", true, "-79.9821666666667"}, {"12.5", true, "12.5"}, {"-12.5", false, "12.5"},
			{"33 51 undef", false, ""}, {"NaN,0,0.00", false, "0"}, {"10 South", true, "-10"},
		} {
			got := ""
			if d, ok := toDegrees(tt.in, tt.sign); ok {
				got = perlNumber(d)
			}
			if got != tt.want {
				t.Errorf("toDegrees(%q, %v) = %q, want %q", tt.in, tt.sign, got, tt.want)
			}
		}
	})
	t.Run("xmp", func(t *testing.T) {
		got := map[string]string{}
		for _, in := range []string{"2019-03-04T05:06:07.123+01:00", "2019-03-04T05:06", "2019-03-04",
			"2007-11-19T00:00-08:00", "junk"} {
			got[in] = xmpDateValue(in)
		}
		for _, in := range []string{"71/10", "1/0", "0/0", "-1/4", "5.6"} {
			got[in] = xmpRationalValue(in)
		}
		for _, in := range []string{"fr_fr", "EN-us", "x-Repair", "de", "zh-Hant-TW"} {
			got[in] = standardLang(in)
		}
		for _, in := range []string{"title", "MAKE", "GPS_LATITUDE", "ISO"} {
			got[in] = genericName(in)
		}
		want := map[string]string{
			"2019-03-04T05:06:07.123+01:00": "2019:03:04 05:06:07.123+01:00", "2019-03-04T05:06": "2019:03:04 05:06",
			"2019-03-04": "2019:03:04", "2007-11-19T00:00-08:00": "2007:11:19 00:00-08:00", "junk": "junk",
			"71/10": "7.1", "1/0": "inf", "0/0": "undef", "-1/4": "-0.25", "5.6": "5.6",
			"fr_fr": "fr_fr", "EN-us": "en-US", "x-Repair": "x-repair", "de": "de", "zh-Hant-TW": "zh-hant-tw",
			"title": "Title", "MAKE": "Make", "GPS_LATITUDE": "GpsLatitude", "ISO": "Iso",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("conversions mismatch (-want +got):\n%s", diff)
		}
	})
}
