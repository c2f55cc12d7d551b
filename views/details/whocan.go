package details

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/whocan"
)

// whoCanAction is w on a policy: :whocan asked what the document's first Allow statement
// allows (its first action and resource; the form lets the user change them).
func whoCanAction(d *kit.Deps, when func() bool, document func() string) kit.Action {
	return kit.Action{Key: d.Keys.Detail.WhoCan, Help: "who can", When: when, Do: func() tea.Cmd {
		action, resource := firstAllowed(document())
		return whocan.Open(d, action, resource, principalOpener(d))
	}}
}

// principalOpener opens the screens of the principals :whocan lists (for the tools below the
// details: who-can, and the simulator's w).
func principalOpener(d *kit.Deps) whocan.Opener {
	return func(kind, name string) screen.Screen {
		kinds := map[string]ramclient.PrincipalKind{"user": ramclient.PrincipalUser, "group": ramclient.PrincipalGroup, "role": ramclient.PrincipalRole}
		return openPrincipal(d, ramclient.Principal{Kind: kinds[kind], Name: name})
	}
}

// firstAllowed is the first action and resource of the first Allow statement that names
// actions (not NotAction); "" for what the document does not give.
func firstAllowed(document string) (action, resource string) {
	doc, err := policy.Parse(document, policy.Permission)
	if err != nil {
		return "", ""
	}
	for _, st := range doc.Statement {
		if st.Effect != policy.Allow || len(st.Action) == 0 {
			continue
		}
		if len(st.Resource) > 0 {
			resource = st.Resource[0]
		}
		return st.Action[0], resource
	}
	return "", ""
}
