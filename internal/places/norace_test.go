//go:build !race

package places_test

const raceEnabled = false
