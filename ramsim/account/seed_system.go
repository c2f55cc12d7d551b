package account

import (
	"time"

	"github.com/ramtui/ramtui/policy"
)

// The system policies every account has: policy.SystemPolicies (ram-api.md §6.2), all v1 and
// dated when the service introduced them, roughly.
func (sd *seeder) systemPolicies() {
	base := time.Date(2015, 6, 12, 3, 0, 0, 0, time.UTC)
	for i, sp := range policy.SystemPolicies() {
		p := sd.policy(sp.Name, "System", sp.Description, 0, 0, sp.Document)
		if p == nil {
			return
		}
		at := base.Add(time.Duration(i) * 97 * time.Hour)
		p.Created, p.Updated, p.Versions[0].Created = at, at, at
	}
}
