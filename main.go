// Command ramtui is a terminal UI for Alibaba Cloud RAM administrators.
//
// main.go is wiring only: the command line lives in package commands, which builds the TUI
// from ui and views, and the subcommands (sim, assume, ...) from their packages.
package main

import (
	"os"

	"github.com/ramtui/ramtui/commands"
)

func main() { os.Exit(commands.Main()) }
