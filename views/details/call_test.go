package details

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// E (LastError) opens the last failed call in full at 80 columns: code, the whole message
// wrapped, the RequestId, the action and its parameters; a call refused before sending says
// so. Nothing secret is on screen.
func TestLastErrorShowsTheWholeError(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	if msgs := screentest.Collect(LastError(d, c.Log())); len(msgs) != 1 || !strings.Contains(msgs[0].(screen.FlashMsg).Text, "No failed call") {
		t.Fatalf("no failure yet: %v", msgs)
	}
	ctx := context.Background()

	// A call the service refused: code, RequestId, parameters.
	_, err := c.CreateUser(ctx, ramclient.NewUser{UserName: "alice.wong", Comments: "second try"})
	re := err.(*ramclient.Error)
	dr := viewtest.Drive(t, pushed(t, LastError(d, c.Log())), 80, 24)
	dr.RequireView("CreateUser failed (already exists)", "EntityAlreadyExists.User", re.RequestID, "UserName", "alice.wong", "second try")
	if got := flat(dr.View()); !strings.Contains(got, flat(re.Message)) {
		t.Errorf("the message is not whole: %q not in\n%s", re.Message, dr.View())
	}

	// A document refused before sending: the reason whole (longer than the screen is wide).
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}},"Extra":1}]}`
	_, err = c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "net-read", Document: doc})
	re = err.(*ramclient.Error)
	if len(re.Message) <= 70 {
		t.Fatalf("want a message longer than the screen is wide, got %q", re.Message)
	}
	dr = viewtest.Drive(t, pushed(t, LastError(d, c.Log())), 80, 24)
	dr.RequireView("CreatePolicy was refused before sending", "not sent")
	if got := flat(dr.View()); !strings.Contains(got, flat(re.Message)) {
		t.Errorf("the refusal is not whole: %q not in\n%s", re.Message, dr.View())
	}
	for _, line := range strings.Split(dr.View(), "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("line wider than 80: %q", line)
		}
	}

	// As a role (STS credentials): neither the secret nor the token nor the key id is shown.
	acct := ""
	if id, err := c.CallerIdentity(ctx); err == nil {
		acct = id.AccountID
	}
	creds, err := c.AssumeRole(ctx, ramclient.AssumeRoleInput{RoleArn: "acs:ram::" + acct + ":role/ops-readonly", SessionName: "viewer", Duration: 20 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	role, err := ramclient.New(ramclient.Options{Endpoint: c.Endpoint(), Credentials: creds.Credentials(), CallLog: c.Log()})
	if err != nil {
		t.Fatal(err)
	}
	defer role.Close()
	if err := role.DeleteUser(ctx, "alice.wong"); err == nil {
		t.Fatal("a read-only role deleted a user")
	}
	dr = viewtest.Drive(t, pushed(t, LastError(d, c.Log())), 80, 24)
	dr.RequireView("DeleteUser failed (access denied)", "alice.wong")
	all := CallText(c.Log().Entries()[len(c.Log().Entries())-1], 0)
	for what, s := range map[string]string{"secret": creds.AccessKeySecret, "token": creds.SecurityToken, "key id": creds.AccessKeyID, "root secret": c.Credentials().AccessKeySecret} {
		if strings.Contains(all, s) || strings.Contains(dr.View(), s) {
			t.Errorf("the error view shows the %s", what)
		}
	}
}

// pushed is the screen cmd pushes.
func pushed(t *testing.T, cmd tea.Cmd) screen.Screen {
	t.Helper()
	for _, m := range screentest.Collect(cmd) {
		if p, ok := m.(screen.PushMsg); ok {
			return p.Screen
		}
	}
	t.Fatal("nothing pushed")
	return nil
}

// flat is text with every run of white space made one space: a wrapped value read back.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
