package account

import (
	"fmt"
	"strings"
)

// The scale:N data set: N users user00001... (one key each, one or two attachments), N/10 roles,
// N/5 custom policies, and a few groups. Quotas are raised above the data set so the API still
// accepts new entities.

func (sd *seeder) scale(n int) {
	width := max(5, len(fmt.Sprint(n)))
	name := func(prefix string, i int) string { return fmt.Sprintf("%s%0*d", prefix, width, i) }
	s := sd.s
	s.Limits.Users = max(s.Limits.Users, n+1000)
	s.Limits.Roles = max(s.Limits.Roles, n/10+1000)
	s.Limits.Policies = max(s.Limits.Policies, n/5+1500)

	nPolicies := n / 5
	for i := 1; i <= nPolicies; i++ {
		pn := name("policy", i)
		sd.policy(pn, "Custom", "Scale test policy "+pn, 1+i%1000, 0,
			allow(`"oss:GetObject","oss:ListObjects"`, fmt.Sprintf(`"acs:oss:*:*:bucket-%d/*"`, i)))
	}
	nGroups := min(max(n/100, 1), 250)
	if n == 0 {
		nGroups = 0
	}
	for i := 1; i <= nGroups; i++ {
		sd.group(name("group", i), "Scale test group", 1+i%1000)
	}
	system := []string{"ReadOnlyAccess", "AliyunECSReadOnlyAccess", "AliyunOSSReadOnlyAccess", "AliyunLogReadOnlyAccess"}
	for i := 1; i <= n; i++ {
		un := name("user", i)
		sd.user(seedUser{name: un, display: "User " + strings.TrimLeft(un[4:], "0"), created: 1 + i%1000})
		sd.key(un, i%900, i%30, true)
		sd.attach("user", un, system[i%len(system)], i%300)
		if nPolicies > 0 && i%2 == 0 {
			sd.attach("user", un, name("policy", 1+i%nPolicies), i%200)
		}
		if nGroups > 0 {
			sd.join(un, name("group", 1+i%nGroups), i%100)
		}
	}
	for i := 1; i <= n/10; i++ {
		rn := name("role", i)
		sd.role(rn, "Scale test role", fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]}}]}`, s.AccountID), 3600, 1+i%1000)
		sd.attach("role", rn, system[i%len(system)], i%100)
	}
}
