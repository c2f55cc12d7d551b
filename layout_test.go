package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageLayering keeps the import rules of DESIGN.md true as the code grows: one package
// speaks to Alibaba Cloud, the policy engine stays pure, the simulator stands alone, and the
// root of the UI never knows the screens (commands/tui.go wires them), and main only starts commands.
func TestPackageLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/ramtui/ramtui"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(fields[0], mod), fields[1:]
		pkg = strings.TrimPrefix(pkg, "/")
		for _, imp := range imports {
			own := strings.TrimPrefix(strings.TrimPrefix(imp, mod), "/")
			isOwn := strings.HasPrefix(imp, mod)
			switch {
			case strings.HasPrefix(imp, "github.com/aliyun/alibaba-cloud-sdk-go") && pkg != "ramclient":
				t.Errorf("%s imports the SDK: only ramclient may", pkg)
			case strings.HasPrefix(imp, "github.com/aliyun/alibabacloud-oss-go-sdk-v2") && pkg != "ossclient":
				t.Errorf("%s imports the OSS SDK: only ossclient may", pkg)
			case (pkg == "policy" || pkg == "safetext" || pkg == "limits" || pkg == "lazyre") && strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
				t.Errorf("%s imports %s: it must stay pure Go (standard library only)", pkg, imp)
			case strings.HasPrefix(pkg, "ramsim") && isOwn && !strings.HasPrefix(own, "ramsim") && own != "policy":
				t.Errorf("%s imports %s: the simulator uses only policy", pkg, imp)
			case isOwn && (own == "ui" || strings.HasPrefix(own, "ui/") || own == "views" || strings.HasPrefix(own, "views/")) &&
				(pkg == "ramclient" || pkg == "ossclient" || pkg == "policy" || pkg == "assume" || pkg == "userdata" || pkg == "keymap" ||
					pkg == "access" || pkg == "grant" || pkg == "audit"):
				t.Errorf("%s imports %s: the layers below the UI never import it", pkg, imp)
			case pkg == "" && isOwn && own != "commands":
				t.Errorf("main imports %s: main.go is wiring only, the command line lives in commands", imp)
			case (pkg == "ui" || strings.HasPrefix(pkg, "ui/")) && (own == "views" || strings.HasPrefix(own, "views/")) && isOwn:
				t.Errorf("%s imports views: the root never knows the screens; commands wires them", pkg)
			case (pkg == "ui" || strings.HasPrefix(pkg, "ui/")) && own == "session" && isOwn:
				t.Errorf("%s imports session: the root knows it only as a ui.Handler; commands wires it", pkg)
			case pkg == "session" && isOwn && own != "ramclient" && own != "ui/screen":
				t.Errorf("session imports %s: it sits below the screens and the root, and uses only ramclient and the screen messages", imp)
			case isOwn && viewsLayer(pkg) >= 0 && viewsLayer(own) > viewsLayer(pkg):
				t.Errorf("%s imports %s: within views, kit < switchrole < simulate, whocan < details < feature screens (grant, audit, ...) < lists < views", pkg, imp)
			case pkg == "views/kit" && isOwn && strings.HasPrefix(own, "views"):
				t.Errorf("views/kit imports %s: the kit is below every screen package", imp)
			}
		}
	}
}

// viewsLayer ranks the screen packages: a package may import only lower or equal ranks (-1:
// not a screen package). Lists open details and the feature screens, details never open lists;
// tools opened from a detail (simulate, who-can) sit below details; everything is built on kit.
// A new views/<name> package is a feature screen (a wizard, a top-level view): rank 4.
func viewsLayer(pkg string) int {
	switch {
	case pkg == "views/kit":
		return 0
	case pkg == "views/switchrole":
		return 1
	case pkg == "views/simulate" || pkg == "views/whocan":
		return 2
	case pkg == "views/details":
		return 3
	case pkg == "views/lists":
		return 5
	case pkg == "views":
		return 6
	case strings.HasPrefix(pkg, "views/internal/"):
		return -1
	case strings.HasPrefix(pkg, "views/"):
		return 4
	}
	return -1
}
