package whocan

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

func TestWhoCanPutObjectThroughARole(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	req, err := request("oss:PutObject", "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt", "", viewtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	var opened []string
	open := func(kind, name string) screen.Screen { opened = append(opened, kind+" "+name); return nil }
	dr := viewtest.Drive(t, NewResult(d, req, open), 160, 40)
	dr.RequireView("role oss-test-sts", "user ops-admin", "AdministratorAccess", "devops_test")
	dr.Key("l") // Through roles
	dr.RequireView("oss-test-sts", "devops_test", "Statement[")
	dr.Key("enter")
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "user ") {
		t.Fatalf("enter opened %v", opened)
	}
}

func TestWhoCanFormRefusesBadInputThenAsks(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	f := NewForm(d, "oss:PutObject", "oss-test/a.txt", nil)
	dr := viewtest.Drive(t, f, 120, 30)
	dr.RequireView("Action", "Resource", "Context")
	if cmd := f.Submit(); cmd != nil || !strings.Contains(f.Err, "expected an ARN") {
		t.Fatalf("a resource that is not an ARN: err %q", f.Err)
	}
	f2 := NewForm(d, "oss:PutObject", "acs:oss:*:*:oss-test/a.txt", nil)
	viewtest.Drive(t, f2, 120, 30)
	msgs := viewtest.Collect(f2.Submit())
	if len(msgs) != 1 {
		t.Fatalf("submit sent %v", msgs)
	}
	p, ok := msgs[0].(screen.PushMsg)
	if !ok || !strings.Contains(p.Screen.Title(), "oss:PutObject on acs:oss:*:*:oss-test/a.txt") {
		t.Fatalf("submit pushed %+v", msgs[0])
	}
}
