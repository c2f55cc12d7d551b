//go:build race

package switchrole

const raceEnabled = true
