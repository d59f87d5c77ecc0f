//go:build race

package places_test

// raceEnabled: the race detector slows lookups some tenfold.
const raceEnabled = true
