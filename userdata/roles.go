package userdata

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// The switch-role picker orders roles by frecency: how often and how recently each was
// assumed, with favourites pinned first. The file holds role ARNs, counts and times -- never a
// credential, session name or policy.

// RoleUse is what ramtui remembers about one role, keyed by its ARN.
type RoleUse struct {
	Count     int       `json:"count,omitempty"`
	Last      time.Time `json:"last,omitzero"`
	Favourite bool      `json:"favourite,omitempty"`
}

// Roles are the remembered roles by ARN.
type Roles map[string]RoleUse

type rolesFile struct {
	Roles Roles `json:"roles"`
}

// frecencyHalfLife: a use counts half as much a week later. Long enough that a role used every
// Monday stays near the top, short enough that last quarter's incident role sinks.
const frecencyHalfLife = 7 * 24 * time.Hour

// maxRemembered bounds the file; the lowest-scoring non-favourites are forgotten first.
const maxRemembered = 200

func (d Dirs) rolesPath() string { return file(d.Config, "roles.json") }

// LoadRoles reads the remembered roles; a missing file is empty. A damaged file is an error
// naming it (the picker then works without frecency and says so).
func (d Dirs) LoadRoles() (Roles, error) {
	var f rolesFile
	if err := ReadJSON(d.rolesPath(), &f); err != nil {
		return Roles{}, err
	}
	if f.Roles == nil {
		f.Roles = Roles{}
	}
	return f.Roles, nil
}

// RecordRoleUse counts one successful switch into the role at now.
func (d Dirs) RecordRoleUse(arn string, now time.Time) error {
	return d.updateRoles(func(r Roles) {
		u := r[arn]
		u.Count++
		u.Last = now.UTC()
		r[arn] = u
	}, now)
}

// SetFavouriteRole pins (or unpins) a role at the top of the picker.
func (d Dirs) SetFavouriteRole(arn string, fav bool) error {
	return d.updateRoles(func(r Roles) {
		u := r[arn]
		u.Favourite = fav
		if u == (RoleUse{}) {
			delete(r, arn)
			return
		}
		r[arn] = u
	}, time.Now())
}

// updateRoles is read, change, prune, write. A damaged file is not overwritten: the user's
// favourites may still be recoverable from it by hand.
func (d Dirs) updateRoles(change func(Roles), now time.Time) error {
	r, err := d.LoadRoles()
	if err != nil {
		return err
	}
	change(r)
	r.prune(now)
	return WriteJSON(d.rolesPath(), rolesFile{Roles: r})
}

func (r Roles) prune(now time.Time) {
	if len(r) <= maxRemembered {
		return
	}
	var plain []string
	for arn, u := range r {
		if !u.Favourite {
			plain = append(plain, arn)
		}
	}
	sort.Slice(plain, func(i, j int) bool {
		si, sj := r.Score(plain[i], now), r.Score(plain[j], now)
		if si != sj {
			return si < sj
		}
		return plain[i] < plain[j]
	})
	for _, arn := range plain {
		if len(r) <= maxRemembered {
			return
		}
		delete(r, arn)
	}
}

// Score is the role's frecency at now: its use count decayed by the age of its last use
// (halved every week). Unknown roles score 0.
func (r Roles) Score(arn string, now time.Time) float64 {
	u, ok := r[arn]
	if !ok || u.Count == 0 {
		return 0
	}
	age := now.Sub(u.Last)
	if age < 0 {
		age = 0
	}
	return float64(u.Count) * math.Exp2(-float64(age)/float64(frecencyHalfLife))
}

// Favourite reports whether the role is pinned.
func (r Roles) Favourite(arn string) bool { return r[arn].Favourite }

// RankKey is a role's place in the picker's order: favourites first, then by Score, highest
// first. The picker keeps it in each row, so that roles arriving page by page are merged into
// the order rather than the whole list ranked again.
type RankKey struct {
	Favourite bool
	Score     float64
}

// RankKey is arn's key at now.
func (r Roles) RankKey(arn string, now time.Time) RankKey {
	return RankKey{Favourite: r.Favourite(arn), Score: r.Score(arn, now)}
}

// Compare is negative when a role keyed a comes before one keyed b, zero when neither does.
func (a RankKey) Compare(b RankKey) int {
	if a.Favourite != b.Favourite {
		if a.Favourite {
			return -1
		}
		return 1
	}
	return cmp.Compare(b.Score, a.Score)
}

// Rank orders arns for the picker (RankKey.Compare); ties keep the order given (usually
// alphabetical from the role list). arns is not modified.
func (r Roles) Rank(arns []string, now time.Time) []string {
	out := append([]string(nil), arns...)
	keys := make(map[string]RankKey, len(out))
	for _, a := range out {
		keys[a] = r.RankKey(a, now)
	}
	slices.SortStableFunc(out, func(a, b string) int { return keys[a].Compare(keys[b]) })
	return out
}
