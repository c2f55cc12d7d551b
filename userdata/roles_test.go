package userdata

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	arnA = "acs:ram::123:role/a"
	arnB = "acs:ram::123:role/b"
	arnC = "acs:ram::123:role/c"
	arnD = "acs:ram::999:role/d"
)

func TestRolesFrecencyAndFavourites(t *testing.T) {
	d := Dirs{Config: t.TempDir() + "/cfg"}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	r, err := d.LoadRoles()
	if err != nil || len(r) != 0 {
		t.Fatalf("empty store: %v %v", r, err)
	}
	// b: used 3 times a month ago; c: used once today; a: never; d: favourite, never used.
	for range 3 {
		if err := d.RecordRoleUse(arnB, now.Add(-30*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.RecordRoleUse(arnC, now); err != nil {
		t.Fatal(err)
	}
	if err := d.SetFavouriteRole(arnD, true); err != nil {
		t.Fatal(err)
	}
	r, err = d.LoadRoles()
	if err != nil {
		t.Fatal(err)
	}
	if r[arnB].Count != 3 || !r.Favourite(arnD) {
		t.Fatalf("store: %+v", r)
	}
	// 3 uses a month ago decay to 3*2^(-30/7) ≈ 0.15, below one use today.
	got := r.Rank([]string{arnA, arnB, arnC, arnD}, now)
	want := []string{arnD, arnC, arnB, arnA}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rank = %v, want %v", got, want)
	}
	// A week later c has halved.
	if s := r.Score(arnC, now.Add(7*24*time.Hour)); s < 0.49 || s > 0.51 {
		t.Errorf("score after a half-life = %v", s)
	}
	// Unpinning a never-used favourite forgets it entirely.
	if err := d.SetFavouriteRole(arnD, false); err != nil {
		t.Fatal(err)
	}
	if r, _ = d.LoadRoles(); len(r) != 2 {
		t.Errorf("after unpin: %+v", r)
	}
	st, err := os.Stat(d.rolesPath())
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v %v", st, err)
	}
}

func TestRolesDamagedFileIsReportedNotReplaced(t *testing.T) {
	d := Dirs{Config: t.TempDir()}
	if err := os.WriteFile(d.rolesPath(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.LoadRoles(); err == nil || !strings.Contains(err.Error(), "roles.json") {
		t.Fatalf("load of a damaged file: %v", err)
	}
	if err := d.RecordRoleUse(arnA, time.Now()); err == nil {
		t.Fatal("a damaged file was overwritten")
	}
	data, _ := os.ReadFile(d.rolesPath())
	if string(data) != "{not json" {
		t.Fatalf("file changed: %q", data)
	}
}

func TestRolesPruneKeepsFavouritesAndTheMostUsed(t *testing.T) {
	d := Dirs{Config: t.TempDir()}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if err := d.SetFavouriteRole(arnA, true); err != nil {
		t.Fatal(err)
	}
	for i := range maxRemembered + 5 {
		// Older roles score lower; the newest are kept.
		if err := d.RecordRoleUse("acs:ram::123:role/r"+strconv.Itoa(i), now.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := d.LoadRoles()
	if len(r) != maxRemembered || !r.Favourite(arnA) {
		t.Fatalf("kept %d, favourite %v", len(r), r.Favourite(arnA))
	}
	if _, ok := r["acs:ram::123:role/r0"]; ok {
		t.Error("the oldest role survived the prune")
	}
	if _, ok := r["acs:ram::123:role/r"+strconv.Itoa(maxRemembered+4)]; !ok {
		t.Error("the newest role was pruned")
	}
}
