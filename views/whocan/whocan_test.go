package whocan

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
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

// TestWhoCanCountsInWords: ram:CreateUser in the demo is allowed to ops-admin alone among
// users; the count said "1 users".
func TestWhoCanCountsInWords(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	req, err := request("ram:CreateUser", "*", "", viewtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	dr := viewtest.Drive(t, NewResult(d, req, nil), 160, 40)
	dr.RequireView("1 user, 0 groups, 2 roles (5 users through roles)")
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
	msgs := screentest.Collect(f2.Submit())
	if len(msgs) != 1 {
		t.Fatalf("submit sent %v", msgs)
	}
	p, ok := msgs[0].(screen.PushMsg)
	if !ok || !strings.Contains(p.Screen.Title(), "oss:PutObject on acs:oss:*:*:oss-test/a.txt") {
		t.Fatalf("submit pushed %+v", msgs[0])
	}
}

// The resource field starts empty (its placeholder says what empty means): an ARN typed into it
// is the resource asked about, not "*" followed by the ARN.
func TestWhoCanFormTypedResourceIsTheResource(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	f := NewForm(d, "", "", nil)
	dr := viewtest.Drive(t, f, 120, 30)
	dr.Type("oss:PutObject")
	dr.Key("enter")
	dr.Type("acs:oss:*:*:oss-test/a.txt")
	dr.Key("enter")
	dr.Key("enter")
	var titles []string
	for _, s := range dr.Pushed() {
		titles = append(titles, s.Title())
	}
	if len(titles) != 1 || !strings.Contains(titles[0], "oss:PutObject on acs:oss:*:*:oss-test/a.txt") {
		t.Fatalf("the form asked %q (err %q)", titles, f.Err)
	}
}

func TestWhoCanEmptyResourceMeansEverything(t *testing.T) {
	req, err := request("oss:PutObject", " ", "", viewtest.Now)
	if err != nil || req.Resource != "*" {
		t.Fatalf("an empty resource: %+v, %v", req.Resource, err)
	}
}
