package providers

import (
	tea "github.com/charmbracelet/bubbletea"

	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

func TestProvidersListShowsBothKinds(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewList(d), 160, 20)
	// SAML: the entity id and the certificate's expiry come from the metadata (GetSAMLProvider).
	dr.RequireView("SAML", "azure-ad", "https://sts.windows.net/6b1f3c2e-acme/", "in 40d",
		"OIDC", "ack-rrsa-c8f3e2a1b4d5", "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c8f3e2a1b4d5", "sts.aliyuncs.com")
	if !strings.HasPrefix(dr.S.Title(), "Providers (2)") {
		t.Fatalf("title %q", dr.S.Title())
	}
	dr.Key("enter")
	if p := dr.Pushed(); len(p) != 1 || p[0].Title() != "saml provider azure-ad" {
		t.Fatalf("enter pushed %v", p)
	}
}

// At 80 columns every column title is whole (session 6 cut "ISSUER / ENTITY…" and "CLIEN…":
// CERT EXPIRES was 23 wide), and so are the names and the certificate's expiry; DESCRIPTION
// comes back on a wide terminal, the cursor's row kept.
func TestProvidersListFitsAt80(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewList(d), 80, 20)
	dr.RequireView("ack-rrsa-c8f3e2a1b4d5")
	lines := strings.Split(dr.View(), "\n")
	for _, title := range []string{"KIND", "NAME", "ISSUER / ENTITY ID", "CERT EXPIRES", "CLIENT IDS"} {
		if !strings.Contains(lines[0], title+" ") && !strings.HasSuffix(strings.TrimRight(lines[0], " "), title) {
			t.Errorf("title %q cut at 80 columns:\n%s", title, dr.View())
		}
	}
	if saml := lineWith(lines, "azure-ad"); !strings.Contains(saml, "in 40d") || strings.Contains(saml, "in 40d…") {
		t.Errorf("the expiry is cut at 80 columns: %q", saml)
	}
	dr.Key("j")
	dr.S.SetSize(160, 20)
	if v := dr.View(); !strings.Contains(v, "DESCRIPTION") || !strings.Contains(v, "Corporate Azure AD") {
		t.Errorf("no DESCRIPTION at 160 columns:\n%s", v)
	}
	if cur, _ := dr.S.(*kit.List[Provider]).Table.Current(); cur.Name() != "ack-rrsa-c8f3e2a1b4d5" {
		t.Errorf("the cursor moved to %q", cur.Name())
	}
}

func lineWith(lines []string, s string) string {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestSAMLProviderScreenAndDeleteNamesTheRolesItBreaks(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	dr := viewtest.Drive(t, NewDetail(d, SAML, "azure-ad", 0), 120, 30)
	dr.RequireView("Entity ID", "https://sts.windows.net/6b1f3c2e-acme/", "Cert expires", "in 40 days",
		"Roles trusting it (1)", "sso-admin", "breaks", "SAML azure-ad")
	dr.Key("l") // Metadata
	dr.RequireView("md:EntityDescriptor")

	dr.Others = nil
	dr.Key("D")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if !strings.Contains(confirm.Question, "Delete SAML provider azure-ad? 1 role trusts it") ||
		strings.Join(confirm.Details, "\n") != "role sso-admin: breaks (nobody else can assume it)" {
		t.Fatalf("the delete does not name the role it breaks: %+v", confirm)
	}
	if _, err := c.GetSAMLProvider(context.Background(), "azure-ad"); err != nil {
		t.Fatalf("deleted before the answer: %v", err)
	}
	dr.Others = nil
	dr.Run(confirm.OnYes)
	if _, err := c.GetSAMLProvider(context.Background(), "azure-ad"); ramclient.KindOf(err) != ramclient.KindNotFound {
		t.Fatalf("not deleted: %v", err)
	}
	popped := false
	for _, m := range dr.Others {
		_, popped = m.(screen.PopMsg)
		if popped {
			break
		}
	}
	if !popped || viewtest.Last[screen.FlashMsg](dr).Text != "Deleted SAML provider azure-ad." {
		t.Fatalf("after the delete the screen did not go back: %v", dr.Others)
	}
}

func TestSAMLMetadataReplacedFromACappedCheckedFile(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	old, err := c.GetSAMLProvider(context.Background(), "azure-ad")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "idp.xml")
	newMD := strings.Replace(string(old.Metadata), "6b1f3c2e-acme", "new-tenant", 1)
	if err := os.WriteFile(good, []byte(newMD), 0o600); err != nil {
		t.Fatal(err)
	}
	notMD := filepath.Join(dir, "policy.json")
	os.WriteFile(notMD, []byte(`{"Version":"1"}`), 0o600)
	huge := filepath.Join(dir, "huge.xml")
	os.WriteFile(huge, []byte(strings.Repeat("<a/>", ramclient.MaxSAMLMetadata)), 0o600)

	dr := viewtest.Drive(t, NewDetail(d, SAML, "azure-ad", 0), 120, 30)
	dr.Key("l") // Metadata
	for _, bad := range []string{notMD, huge, filepath.Join(dir, "missing.xml")} {
		dr.Others = nil
		dr.Key("e")
		in := viewtest.Last[screen.InputMsg](dr)
		if !strings.Contains(in.Prompt, "metadata XML file") {
			t.Fatalf("e on Metadata asked %+v", in)
		}
		dr.Others = nil
		dr.Run(in.OnSubmit(bad))
		// Refused: asked again with the path as typed and why.
		if again := viewtest.Last[screen.InputMsg](dr); again.Value != bad || again.Err == "" {
			t.Fatalf("%s was not refused: %+v", bad, dr.Others)
		}
	}
	if p, _ := c.GetSAMLProvider(context.Background(), "azure-ad"); p.EntityID != old.EntityID {
		t.Fatalf("a refused file changed the provider: %s", p.EntityID)
	}
	dr.Others = nil
	dr.Key("e")
	dr.Run(viewtest.Last[screen.InputMsg](dr).OnSubmit(good))
	dr.RequireView("https://sts.windows.net/new-tenant/")

	// Elsewhere, e edits the description.
	dr.Key("l")
	dr.Others = nil
	dr.Key("e")
	in := viewtest.Last[screen.InputMsg](dr)
	if !strings.HasPrefix(in.Prompt, "Description of SAML provider azure-ad") || in.Value != old.Description {
		t.Fatalf("e asked %+v", in)
	}
	dr.Run(in.OnSubmit("Entra ID, new tenant"))
	dr.RequireView("Entra ID, new tenant")
}

func TestOIDCProviderClientIDsAndFingerprints(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	const name = "ack-rrsa-c8f3e2a1b4d5"
	dr := viewtest.Drive(t, NewDetail(d, OIDC, name, 0), 140, 30)
	dr.RequireView("Issuer", "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c8f3e2a1b4d5",
		"Roles trusting it (1)", "ack-rrsa-logging", "Client IDs (1)", "Fingerprints (1)")
	dr.Key("l") // Client IDs
	// enter on a value says what it is and which keys act on it (it did nothing before).
	dr.Others = nil
	dr.Key("enter")
	if f := viewtest.Last[screen.FlashMsg](dr); !strings.Contains(f.Text, "client id sts.aliyuncs.com is an audience") ||
		!strings.Contains(f.Text, "a adds one, x removes the marked.") {
		t.Fatalf("enter on a client id: %+v", f)
	}
	dr.Others = nil
	dr.Key("a")
	dr.Run(viewtest.Last[screen.InputMsg](dr).OnSubmit("my-app"))
	dr.RequireView("Client IDs (2)", "my-app")
	if p, _ := c.GetOIDCProvider(context.Background(), name); strings.Join(p.ClientIDs, ",") != "sts.aliyuncs.com,my-app" {
		t.Fatalf("client ids %v", p.ClientIDs)
	}
	dr.Key("j") // my-app (the rows keep the API's order)
	dr.Others = nil
	dr.Key("x")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if !strings.Contains(confirm.Question, "Remove 1 client id from OIDC provider "+name) {
		t.Fatalf("x asked %+v", confirm)
	}
	dr.Run(confirm.OnYes)
	dr.RequireView("Client IDs (1)")

	dr.Key("l") // Fingerprints
	dr.Others = nil
	dr.Key("a")
	dr.Run(viewtest.Last[screen.InputMsg](dr).OnSubmit("not-hex!")) // refused before any call
	if again := viewtest.Last[screen.InputMsg](dr); again.Value != "not-hex!" || again.Err == "" {
		t.Fatalf("a bad fingerprint was not refused: %+v", dr.Others)
	}
	dr.Others = nil
	dr.Key("a")
	dr.Run(viewtest.Last[screen.InputMsg](dr).OnSubmit("0123456789abcdef0123456789abcdef01234567"))
	dr.RequireView("Fingerprints (2)", "0123456789abcdef0123456789abcdef01234567")
}

func TestProviderDetailsReachTheTerminalSafely(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	desc := "evil\x1b]52;c;aGk=\x07\x1b[2J"
	if _, err := d.Client().UpdateOIDCProvider(context.Background(), "ack-rrsa-c8f3e2a1b4d5", ramclient.OIDCProviderUpdate{Description: &desc}); err != nil {
		t.Skipf("the description was refused before it could be stored: %v", err)
	}
	for _, s := range []screenView{viewtest.Drive(t, NewList(d), 120, 20), viewtest.Drive(t, NewDetail(d, OIDC, "ack-rrsa-c8f3e2a1b4d5", 0), 120, 30)} {
		if v := s.View(); strings.Contains(v, "\x1b]52") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x07") {
			t.Fatalf("control sequences reached the view: %q", v)
		}
	}
}

type screenView interface{ View() string }

// n creates an OIDC provider through the form; the list reloads and shows it.
func TestCreateOIDCProvider(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	list := viewtest.Drive(t, NewList(d), 160, 20)
	list.Key("n")
	p := list.Pushed()
	if len(p) != 1 {
		t.Fatalf("n pushed %v", p)
	}
	f := viewtest.Drive(t, p[0], 120, 40)
	typ := func(s string) { f.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }
	enter := func() { f.Deliver(tea.KeyMsg{Type: tea.KeyEnter}) }
	f.Deliver(tea.KeyMsg{Type: tea.KeyDown})
	enter() // OIDC
	typ("gh-actions")
	enter()
	enter() // no description
	typ("https://token.actions.githubusercontent.com")
	enter()
	enter() // client id as offered
	typ("6938fd4d98bab03faadb97b34396831e3780aea1")
	enter()
	got, err := d.Client().GetOIDCProvider(context.Background(), "gh-actions")
	if err != nil || got.IssuerURL != "https://token.actions.githubusercontent.com" || strings.Join(got.ClientIDs, ",") != "sts.aliyuncs.com" {
		t.Fatalf("created %+v, %v; view:\n%s", got, err, f.View())
	}
}

// An edit on a provider's screen shows on the list under it: the description, and after new
// metadata the entity id (a column the list filled lazily, so kept from before unless the
// change made it forget it).
func TestListShowsEditsMadeOnAProvidersScreen(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	list := viewtest.Drive(t, NewList(d), 200, 20)
	list.RequireView("https://sts.windows.net/6b1f3c2e-acme/")
	list.Key("enter") // azure-ad
	detail := viewtest.Drive(t, list.Pushed()[0], 120, 30)
	detail.RequireView("Entity ID")

	// Every message the detail sends up that the root would hand to the list.
	toList := func() {
		for _, m := range detail.Others {
			if cm, ok := m.(screen.ChangedMsg); ok {
				list.Deliver(cm)
			}
			if r, ok := m.(screen.Result); ok && r.To == list.S.ID() {
				list.Deliver(r.Msg)
			}
		}
		detail.Others = nil
	}
	detail.Others = nil
	detail.Key("e")
	detail.Run(viewtest.Last[screen.InputMsg](detail).OnSubmit("Entra ID, 新租户"))
	toList()
	list.RequireView("Entra ID, 新租户")

	old, err := c.GetSAMLProvider(context.Background(), "azure-ad")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "idp.xml")
	if err := os.WriteFile(file, []byte(strings.Replace(string(old.Metadata), "6b1f3c2e-acme", "new-tenant", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	detail.Key("l") // Metadata
	detail.Others = nil
	detail.Key("e")
	detail.Run(viewtest.Last[screen.InputMsg](detail).OnSubmit(file))
	detail.RequireView("https://sts.windows.net/new-tenant/")
	toList()
	list.RequireView("https://sts.windows.net/new-tenant/")
}
