package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"imagier/internal/testmedia"
)

// TestListCredits: imagier list --json gives each item's creator, credit
// line and copyright, as read from the file's IPTC at import.
func TestListCredits(t *testing.T) {
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if code, _, stderr := run(t, env, "", "import", "--album", "Presse", testmedia.Path(t, "iptc-xmp/IPTC.jpg")); code != 0 {
				t.Fatalf("import exit %d: %s", code, stderr)
			}
			code, out, _ := run(t, env, "", "list", "--json")
			var item struct{ Creator, Credit, Copyright string }
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &item); code != 0 || err != nil {
				t.Fatalf("list: exit %d, %q: %v", code, out, err)
			}
			if item.Creator != "Phil Harvey" || item.Credit != "My Credit" || item.Copyright != "Copyright 2004 Phil Harvey" {
				t.Errorf("list --json: %+v", item)
			}
		})
	}
}
