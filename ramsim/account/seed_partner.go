package account

import "fmt"

// PartnerAccountID is the "partner" data set's account id: the monitoring vendor the demo
// account's role vendor-monitoring already trusts (acs:ram::1357924680135792:root, ExternalId
// acme-7f3c9a).
const PartnerAccountID = "1357924680135792"

// PartnerExternalID is the ExternalId the demo account's vendor-monitoring role requires.
const PartnerExternalID = "acme-7f3c9a"

// The partner data set: the demo company's monitoring vendor, a second account whose staff work
// in the demo account through its role vendor-monitoring. Names are fixed (tests and the README
// rely on them):
//   - user mei.lin (group acme-support, policy assume-acme-monitoring) may assume
//     acs:ram::<peer>:role/vendor-monitoring with ExternalId acme-7f3c9a: both sides allow;
//   - user tom.baker has no policy: his own account refuses the same AssumeRole;
//   - role partner-admin is the vendor's own administration role (trusts the account).
func (sd *seeder) partner(peer string) {
	acct := sd.s.AccountID
	sd.s.Alias = "partner"
	if peer == "" {
		peer = "*"
	}
	for _, u := range []seedUser{
		{"mei.lin", "林美", "mei.lin@vendor.example.com", "86-13900000001", "监控工程师 (monitoring engineer), works in Acme's account", 600},
		{"tom.baker", "Tom Baker", "tom.baker@vendor.example.com", "", "Account manager; no access to customer accounts", 500},
		{"vendor-admin", "Vendor Admin", "admin@vendor.example.com", "", "Administers the vendor's own account", 900},
	} {
		sd.user(u)
	}
	sd.group("acme-support", "Staff who operate Acme's account through its vendor-monitoring role", 580)
	sd.join("mei.lin", "acme-support", 570)
	sd.policy("assume-acme-monitoring", "Custom", "Assume Acme's vendor-monitoring role (Acme requires ExternalId "+PartnerExternalID+")", 575, 0,
		allow(`"sts:AssumeRole"`, fmt.Sprintf(`"acs:ram::%s:role/vendor-monitoring"`, peer)))
	sd.attach("group", "acme-support", "assume-acme-monitoring", 560)
	sd.attach("user", "vendor-admin", "AdministratorAccess", 880)
	sd.role("partner-admin", "The vendor's own administration role", fmt.Sprintf(`{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": ["acs:ram::%s:root"]
      }
    }
  ],
  "Version": "1"
}`, acct), 3600, 850)
	sd.attach("role", "partner-admin", "AdministratorAccess", 840)
}
