package commands

import (
	"debug/elf"
	"runtime"
	"testing"
)

// A binary that can reach text/template's method calls keeps every exported method of every
// type it holds, since the linker cannot tell which ones a template calls: 29 MB instead of 22,
// and more of it mapped at every start (issue 15). cobra reaches it only through
// Set*Template, so conventions prints the help and --version without one.
func TestBinaryPrunesUnusedMethods(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the ELF symbol table")
	}
	f, err := elf.Open(ramtuiBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		if s.Name == "text/template.(*state).evalField" {
			t.Fatalf("the binary holds %s: something calls text/template (a cobra Set*Template?), so the linker keeps every exported method", s.Name)
		}
	}
}
