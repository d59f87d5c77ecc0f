//go:build race

package auth

// raceEnabled tells tests that the race detector is on: its shadow memory
// multiplies what a process holds.
const raceEnabled = true
