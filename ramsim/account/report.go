package account

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"strconv"
	"time"
)

// IMS account reports: GenerateCredentialReport / GetCredentialReport (the user credential
// report, CSV, base64 in Content, paged with MaxItems/NextToken) and GetAccountSummary (counts
// and quotas). The report's columns and values are the console documentation's ("Generate and
// download user credential reports"): the first row is the account, "<root>"; users are named
// by their UPN (name@alias.onaliyun.com); times are ISO 8601 UTC; "-" for never, "N/A" where a
// value does not apply. As in the service, a report can be made only for accounts of at most
// 3,500 users, and a new one at most every 4 hours (a request within 4 hours keeps the last).
//
// Simplification: the simulator remembers when the report was generated, not its contents;
// GetCredentialReport renders the account as it is now with that GeneratedTime. The error
// codes for "no report" and "too many users" are not documented; the codes used here are
// ramsim's guesses in the service's style.

// credentialReportColumns are the report's header, in order.
var credentialReportColumns = []string{"user", "user_creation_time", "user_last_logon", "password_exist", "password_active",
	"password_last_changed", "password_next_rotation", "mfa_active",
	"access_key_1_exist", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used",
	"access_key_2_exist", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used",
	"additional_access_key"}

const (
	maxReportUsers      = 3500
	reportRegenInterval = 4 * time.Hour
	reportPageMax       = 3501
)

func reportActions() map[string]action {
	ims := func(write bool, h handler) action { return action{product: IMS, write: write, run: h} }
	return map[string]action{
		"GenerateCredentialReport": ims(true, generateCredentialReport),
		"GetCredentialReport":      ims(false, getCredentialReport),
		"GetAccountSummary":        ims(false, getAccountSummary),
	}
}

func (c *call) authorizeReport() *Error {
	return c.authorizeAction("ram:"+c.req.Action, c.accountResource())
}

func generateCredentialReport(c *call) (any, *Error) {
	if err := c.authorizeReport(); err != nil {
		return nil, err
	}
	if len(c.s.Users) > maxReportUsers {
		return nil, errConflict("LimitExceeded.CredentialReport",
			"The credential report cannot be generated for an account of more than %d RAM users.", maxReportUsers)
	}
	if t := c.s.CredentialReportAt; !t.IsZero() && c.now.Sub(t) < reportRegenInterval {
		return map[string]any{"State": "COMPLETE"}, nil
	}
	c.s.CredentialReportAt = c.now
	return map[string]any{"State": "STARTED"}, nil
}

func getCredentialReport(c *call) (any, *Error) {
	max, err := c.intParam("MaxItems", reportPageMax, 1, reportPageMax)
	if err != nil {
		return nil, err
	}
	start := 0
	if c.has("NextToken") {
		n, convErr := strconv.Atoi(c.p("NextToken"))
		if convErr != nil || n < 0 {
			return nil, errBadRequest("InvalidParameter.NextToken", "The parameter NextToken is invalid.")
		}
		start = n
	}
	if err := c.authorizeReport(); err != nil {
		return nil, err
	}
	if c.s.CredentialReportAt.IsZero() {
		return nil, errNotFound("EntityNotExist.CredentialReport", "The credential report does not exist: call GenerateCredentialReport first.")
	}
	rows := c.credentialRows()
	end := min(len(rows), start+int(max))
	if start > len(rows) {
		start = end
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(credentialReportColumns) // every page is a CSV of its own
	_ = w.WriteAll(rows[start:end])      // WriteAll flushes
	out := map[string]any{
		"GeneratedTime": fmtTime(c.s.CredentialReportAt),
		"Content":       base64.StdEncoding.EncodeToString(buf.Bytes()),
		"IsTruncated":   strconv.FormatBool(end < len(rows)),
	}
	if end < len(rows) {
		out["NextToken"] = strconv.Itoa(end)
	}
	return out, nil
}

// credentialRows are the account's row, then every user's, by name.
func (c *call) credentialRows() [][]string {
	domain := c.s.AccountID + ".onaliyun.com"
	if c.s.Alias != "" {
		domain = c.s.Alias + ".onaliyun.com"
	}
	bool3 := func(b bool) string {
		if b {
			return "TRUE"
		}
		return "FALSE"
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return fmtTime(t)
	}
	keyCols := func(keys []*accessKey) []string {
		var out []string
		for i := range 2 {
			if i >= len(keys) {
				out = append(out, "FALSE", "N/A", "N/A", "N/A")
				continue
			}
			k := keys[i]
			out = append(out, "TRUE", bool3(k.Active), fmtTime(k.Created), when(k.LastUsed))
		}
		return append(out, bool3(len(keys) > 2))
	}
	root := []string{"<root>", "N/A", "-", "TRUE", "TRUE", "N/A", "N/A", "N/A"}
	var rootKeys []*accessKey
	if c.s.RootKey != nil {
		rootKeys = []*accessKey{c.s.RootKey}
	}
	rows := [][]string{append(root, keyCols(rootKeys)...)}
	for _, name := range sortedNames(c.s, "users", c.s.Users) {
		u := c.s.Users[name]
		row := []string{u.Name + "@" + domain, fmtTime(u.Created), when(u.LastLogin)}
		if u.Login != nil {
			row = append(row, "TRUE", "TRUE", fmtTime(u.Login.Created), "N/A")
		} else {
			row = append(row, "FALSE", "N/A", "N/A", "N/A")
		}
		row = append(row, bool3(u.MFASerial != ""))
		rows = append(rows, append(row, keyCols(u.Keys)...))
	}
	return rows
}

func getAccountSummary(c *call) (any, *Error) {
	if err := c.authorizeReport(); err != nil {
		return nil, err
	}
	s := c.s
	inUse := 0
	for _, u := range s.Users {
		if u.MFASerial != "" {
			inUse++
		}
	}
	return map[string]any{"SummaryMap": map[string]int{
		"Users": len(s.Users), "UsersQuota": s.Limits.Users,
		"Groups": len(s.Groups), "GroupsQuota": s.Limits.Groups,
		"Roles": len(s.Roles), "RolesQuota": s.Limits.Roles,
		"Policies": countCustom(s), "PoliciesQuota": s.Limits.Policies,
		"MFADevices": len(s.MFADevices), "MFADevicesInUse": inUse, "VirtualMFADevicesQuota": maxMFADevices,
		"AccessKeysPerUserQuota": maxKeysPerUser, "GroupsPerUserQuota": maxGroupsPerUser,
		"AttachedPoliciesPerUserQuota": maxCustomAttachments, "AttachedSystemPoliciesPerUserQuota": maxSystemAttachments,
		"AttachedPoliciesPerGroupQuota": maxCustomAttachments, "AttachedSystemPoliciesPerGroupQuota": maxSystemAttachments,
		"AttachedPoliciesPerRoleQuota": maxCustomAttachments, "AttachedSystemPoliciesPerRoleQuota": maxSystemAttachments,
		"VersionsPerPolicyQuota": maxVersionsPerPolicy, "PolicySizeQuota": 6144,
	}}, nil
}

func countCustom(s *state) int {
	n := 0
	for _, p := range s.Policies {
		if p.Type == "Custom" {
			n++
		}
	}
	return n
}
