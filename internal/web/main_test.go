package web

import (
	"os"
	"testing"

	"imagier/internal/meta"
	"imagier/internal/meta/metatest"
)

// extractors is the package's one metadata reader: starting one per test
// cost more than most tests.
var extractors metatest.Pool

func sharedExtractor(t testing.TB) *meta.Extractor { return extractors.Get(t) }

func TestMain(m *testing.M) { os.Exit(extractors.Run(m)) }
