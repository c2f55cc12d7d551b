package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of .goreleaser.yaml that this test holds to the release rules
// (issue 14): six targets, static, trimmed, stamped; archives with README and LICENSE;
// checksums; deb and rpm.
type goreleaserConfig struct {
	Version int
	Builds  []struct {
		Env     []string
		Goos    []string
		Goarch  []string
		Flags   []string
		Ldflags []string
	}
	Archives []struct {
		Formats         []string
		FormatOverrides []struct {
			Goos    string
			Formats []string
		} `yaml:"format_overrides"`
		Files []yaml.Node
	}
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	}
	Nfpms []struct {
		Formats []string
		License string
	}
}

func loadGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	data, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

func TestReleaseConfig(t *testing.T) {
	c := loadGoreleaser(t)
	if c.Version != 2 || len(c.Builds) != 1 || len(c.Archives) != 1 || len(c.Nfpms) != 1 {
		t.Fatalf("want version 2 with one build, archive and nfpm: %+v", c)
	}
	b := c.Builds[0]
	if !slices.Equal(b.Goos, []string{"linux", "darwin", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("targets %v x %v", b.Goos, b.Goarch)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") || !slices.Contains(b.Ldflags, "-s -w") {
		t.Errorf("not a static, trimmed, stripped build: env %v flags %v ldflags %v", b.Env, b.Flags, b.Ldflags)
	}
	a := c.Archives[0]
	var files []string
	for _, f := range a.Files {
		files = append(files, f.Value)
	}
	if !slices.Contains(files, "README.md") || !slices.Contains(files, "LICENSE") {
		t.Errorf("archive files %v lack README.md or LICENSE", files)
	}
	if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("windows archives are not zip: %+v", a.FormatOverrides)
	}
	if c.Checksum.NameTemplate == "" {
		t.Error("no checksums")
	}
	if n := c.Nfpms[0]; !slices.Equal(n.Formats, []string{"deb", "rpm"}) || n.License != "Apache-2.0" {
		t.Errorf("nfpms %+v", n)
	}
	for _, f := range []string{"README.md", "LICENSE"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

// The ldflags must name variables that exist: `go build -X` ignores a wrong one silently, and
// the release would say "(devel)". Build with them as goreleaser does and ask the binary.
func TestReleaseLdflagsStampTheVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	b := loadGoreleaser(t).Builds[0]
	stamp := strings.NewReplacer("{{.Version}}", "9.8.7", "{{.Commit}}", "abc1234", "{{.Date}}", "2026-01-02T03:04:05Z")
	ldflags := stamp.Replace(strings.Join(b.Ldflags, " "))
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("a template this test does not know: %s", ldflags)
	}
	// Only the link step differs from a plain build (the compiled packages come from the
	// cache); .ci/release-check builds with the release's env and flags for all six targets.
	bin := filepath.Join(t.TempDir(), "ramtui")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", ldflags, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ramtui 9.8.7", "commit abc1234", "built 2026-01-02T03:04:05Z"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("--version = %q, lacks %q", out, want)
		}
	}
}
