package userdata

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestIdentityCache(t *testing.T) {
	d := Dirs{Config: t.TempDir(), Cache: t.TempDir() + "/nested"}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if _, ok := d.LookupIdentity("127.0.0.1:1", "LTAIkey", now); ok {
		t.Fatal("hit in an empty cache")
	}
	id := Identity{Type: "RAMUser", AccountID: "123", ARN: "acs:ram::123:user/alice", Seen: now}
	if err := d.RememberIdentity("127.0.0.1:1", "LTAIkey", id); err != nil {
		t.Fatal(err)
	}
	got, ok := d.LookupIdentity("127.0.0.1:1", "LTAIkey", now.Add(time.Hour))
	if !ok || got != id {
		t.Fatalf("lookup = %+v, %v", got, ok)
	}
	if _, ok := d.LookupIdentity("127.0.0.1:2", "LTAIkey", now); ok {
		t.Error("an identity leaked to another endpoint")
	}
	if _, ok := d.LookupIdentity("127.0.0.1:1", "LTAIkey", now.Add(8*24*time.Hour)); ok {
		t.Error("a stale identity was trusted")
	}
	data, err := os.ReadFile(d.identityPath())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "LTAIkey") {
		t.Error("the cache file names the AccessKey id")
	}
	st, _ := os.Stat(d.identityPath())
	if st.Mode().Perm() != 0o600 {
		t.Errorf("cache mode %v, want 0600", st.Mode().Perm())
	}
}

func TestDamagedIdentityCacheIsAMissAndIsRebuilt(t *testing.T) {
	d := Dirs{Cache: t.TempDir()}
	if err := os.WriteFile(d.identityPath(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, ok := d.LookupIdentity("e", "k", now); ok {
		t.Fatal("hit in a damaged cache")
	}
	if err := d.RememberIdentity("e", "k", Identity{Type: "RAMUser", Seen: now}); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.LookupIdentity("e", "k", now); !ok {
		t.Fatal("the damaged cache was not rebuilt")
	}
}

// The zero Dirs must never write anywhere: not the user's real files, not the working directory.
func TestZeroDirsKeepNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	var d Dirs
	now := time.Now()
	if err := d.RememberIdentity("e", "k", Identity{Type: "RAMUser", Seen: now}); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordRoleUse("acs:ram::1:role/r", now); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.LookupIdentity("e", "k", now); ok {
		t.Error("the zero Dirs remembered an identity")
	}
	if roles, err := d.LoadRoles(); err != nil || len(roles) != 0 {
		t.Errorf("the zero Dirs remembered roles: %v %v", roles, err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("files appeared in the working directory: %v", entries)
	}
}
