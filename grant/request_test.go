package grant

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/policy"
)

func TestSuggestRoleName(t *testing.T) {
	for _, tc := range []struct{ bucket, dir, want string }{
		{"oss-test", "dir111/dir111_secondline1/", "oss-test-dir111-dir111-secondline1"},
		{"b12", "a//b__c/", "b12-a-b-c"},
		{"b12", "日本/x/", "b12-x"},
	} {
		if got := SuggestRoleName(tc.bucket, tc.dir); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.bucket, tc.dir, got, tc.want)
		}
	}
	long1 := SuggestRoleName("bucket", strings.Repeat("a", 70)+"/one/")
	long2 := SuggestRoleName("bucket", strings.Repeat("a", 70)+"/two/")
	if len(long1) > 64 || long1 == long2 || !roleNameRE.MatchString(long1) {
		t.Errorf("long names %q %q", long1, long2)
	}
}

func TestParseAccess(t *testing.T) {
	a, err := ParseAccess(" list, READ ,delete")
	if err != nil || a != policy.OSSList|policy.OSSRead|policy.OSSDelete || AccessString(a) != "list,read,delete" {
		t.Errorf("%v %v %s", a, err, AccessString(a))
	}
	if _, err := ParseAccess("list,admin"); err == nil || !strings.Contains(err.Error(), `"admin"`) {
		t.Errorf("bad level: %v", err)
	}
	r, err := Request{Bucket: "b12", Dir: "x", User: "u"}.Normalize()
	if err != nil || r.Access != DefaultAccess || r.Dir != "x/" || r.MaxSession != MinMaxSession {
		t.Errorf("defaults: %+v %v", r, err)
	}
	if _, err := (Request{Bucket: "b12", Dir: "x", User: "u", Access: policy.OSSBrowse}).Normalize(); err == nil {
		t.Error("browse alone accepted")
	}
}
