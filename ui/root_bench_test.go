package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/ui/theme"
)

// BenchmarkRootFilterKeystroke10k is one keystroke in the filter of a 10,000-row list through
// the whole root: input mode routing, the text input, the screen's filter, and the full frame
// (header, tabs, table, status, hints). Budget: 5 ms.
func BenchmarkRootFilterKeystroke10k(b *testing.B) {
	km := keymap.Default()
	m := New(Options{Theme: theme.New(true), Keys: km,
		Tabs: []Tab{{Name: "Users", New: func() screen.Screen { return newListScreen(km, "user", 10_000) }}}})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(screentest.Key("/"))
	strokes := []tea.KeyMsg{screentest.Key("u"), screentest.Key("s"), screentest.Key("e"), screentest.Key("r"), screentest.Key("-"), screentest.Key("1"),
		{Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}, {Type: tea.KeyBackspace},
		{Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(strokes[i%len(strokes)])
		_ = m.View()
	}
}
