package ramclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
)

// The IMS credential report: one CSV row per RAM user (and one for the account) with console
// password, MFA and AccessKey facts and last use, the cheap way to learn last-use data for a
// whole account (one call per 3,501 users instead of one per key). The service makes one only
// for accounts of at most 3,500 users, and a new one at most every 4 hours.

// CredentialReportRow is one user's row (the account's row has User "<root>").
type CredentialReportRow struct {
	User          string // the RAM user name (the UPN's part before '@'), or "<root>"
	UPN           string // as the report names it: name@alias.onaliyun.com
	Created       time.Time
	LastLogon     time.Time // zero: never
	PasswordExist bool
	MFAActive     bool
	Keys          []ReportKey // the report's access_key_1 and access_key_2 that exist
	MoreKeys      bool        // additional_access_key: the user has more than two
}

// ReportKey is one AccessKey as the report describes it: no id, so it is matched to a listed
// key by its creation time (LastRotated).
type ReportKey struct {
	Active      bool
	LastRotated time.Time
	LastUsed    time.Time // zero: never
}

// CredentialReport is a generated report.
type CredentialReport struct {
	Generated time.Time
	Rows      []CredentialReportRow
}

// ErrReportTooLarge means the account has too many users for a credential report.
var ErrReportTooLarge = errors.New("the account has too many users for a credential report")

// maxReportBytes bounds one decoded page: a row is a few hundred bytes, a page 3,501 rows.
const maxReportBytes = 8 << 20

// GenerateCredentialReport asks for a report; the state is "STARTED" (a new one is being made)
// or "COMPLETE" (the last one, under 4 hours old, stands).
func (c *Client) GenerateCredentialReport(ctx context.Context) (string, error) {
	resp, err := invoke(ctx, c, call{action: "GenerateCredentialReport", svc: svcIMS},
		func() (requests.AcsRequest, *ims.GenerateCredentialReportResponse) {
			return ims.CreateGenerateCredentialReportRequest(), ims.CreateGenerateCredentialReportResponse()
		})
	if err != nil {
		return "", err
	}
	return resp.State, nil
}

// GetCredentialReport reads every page of the last generated report.
func (c *Client) GetCredentialReport(ctx context.Context) (CredentialReport, error) {
	var out CredentialReport
	token := ""
	for {
		resp, err := invoke(ctx, c, call{action: "GetCredentialReport", target: markerTarget(token), svc: svcIMS},
			func() (requests.AcsRequest, *ims.GetCredentialReportResponse) {
				req := ims.CreateGetCredentialReportRequest()
				req.NextToken = token
				return req, ims.CreateGetCredentialReportResponse()
			})
		if err != nil {
			return CredentialReport{}, err
		}
		out.Generated = parseTime(resp.GeneratedTime)
		rows, err := parseCredentialReport(resp.Content)
		if err != nil {
			return CredentialReport{}, &Error{Kind: KindOther, Action: "GetCredentialReport", Message: err.Error()}
		}
		out.Rows = append(out.Rows, rows...)
		if resp.IsTruncated != "true" || resp.NextToken == "" || resp.NextToken == token {
			return out, nil
		}
		token = resp.NextToken
	}
}

// CredentialReportNow generates a report if none under 4 hours old exists and reads it,
// waiting (up to ctx) while the service makes it.
func (c *Client) CredentialReportNow(ctx context.Context) (CredentialReport, error) {
	if _, err := c.GenerateCredentialReport(ctx); err != nil {
		if KindOf(err) == KindConflict || KindOf(err) == KindLimitExceeded {
			return CredentialReport{}, fmt.Errorf("%w: %v", ErrReportTooLarge, err)
		}
		return CredentialReport{}, err
	}
	for wait := 200 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		r, err := c.GetCredentialReport(ctx)
		if KindOf(err) != KindNotFound {
			return r, err
		}
		select { // not made yet
		case <-ctx.Done():
			return CredentialReport{}, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// parseCredentialReport reads one page's base64 CSV by its header's column names (so a
// column added by the service does not shift the others).
func parseCredentialReport(content string) ([]CredentialReportRow, error) {
	raw, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return nil, fmt.Errorf("credential report: not base64: %v", err)
	}
	if len(raw) > maxReportBytes {
		return nil, fmt.Errorf("credential report: a page of %d bytes is over the %d-byte bound", len(raw), maxReportBytes)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("credential report: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	if _, ok := col["user"]; !ok {
		return nil, errors.New("credential report: no user column")
	}
	var out []CredentialReportRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("credential report: %v", err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		upn := get("user")
		name, _, _ := strings.Cut(upn, "@")
		row := CredentialReportRow{User: name, UPN: upn, Created: reportTime(get("user_creation_time")),
			LastLogon: reportTime(get("user_last_logon")), PasswordExist: reportBool(get("password_exist")),
			MFAActive: reportBool(get("mfa_active")), MoreKeys: reportBool(get("additional_access_key"))}
		for _, n := range []string{"1", "2"} {
			if !reportBool(get("access_key_" + n + "_exist")) {
				continue
			}
			row.Keys = append(row.Keys, ReportKey{Active: reportBool(get("access_key_" + n + "_active")),
				LastRotated: reportTime(get("access_key_" + n + "_last_rotated")), LastUsed: reportTime(get("access_key_" + n + "_last_used"))})
		}
		out = append(out, row)
	}
}

func reportBool(s string) bool { return strings.EqualFold(s, "true") }

// reportTime reads an ISO 8601 time; "-", "N/A" and anything else are zero.
func reportTime(s string) time.Time {
	if s == "" || s == "-" || strings.EqualFold(s, "N/A") {
		return time.Time{}
	}
	return parseTime(s)
}

// AccountSummary is GetAccountSummary's counts and quotas, by the API's names ("Users",
// "UsersQuota", "MFADevicesInUse", ...).
type AccountSummary map[string]int

// GetAccountSummary returns the account's entity counts and quotas.
func (c *Client) GetAccountSummary(ctx context.Context) (AccountSummary, error) {
	resp, err := invoke(ctx, c, call{action: "GetAccountSummary", svc: svcIMS},
		func() (requests.AcsRequest, *ims.GetAccountSummaryResponse) {
			return ims.CreateGetAccountSummaryRequest(), ims.CreateGetAccountSummaryResponse()
		})
	if err != nil {
		return nil, err
	}
	m := resp.SummaryMap
	return AccountSummary{"Users": m.Users, "UsersQuota": m.UsersQuota, "Groups": m.Groups, "GroupsQuota": m.GroupsQuota,
		"Roles": m.Roles, "RolesQuota": m.RolesQuota, "Policies": m.Policies, "PoliciesQuota": m.PoliciesQuota,
		"MFADevices": m.MFADevices, "MFADevicesInUse": m.MFADevicesInUse, "VirtualMFADevicesQuota": m.VirtualMFADevicesQuota,
		"AccessKeysPerUserQuota": m.AccessKeysPerUserQuota, "GroupsPerUserQuota": m.GroupsPerUserQuota,
		"AttachedPoliciesPerUserQuota": m.AttachedPoliciesPerUserQuota, "AttachedSystemPoliciesPerUserQuota": m.AttachedSystemPoliciesPerUserQuota,
		"AttachedPoliciesPerGroupQuota": m.AttachedPoliciesPerGroupQuota, "AttachedSystemPoliciesPerGroupQuota": m.AttachedSystemPoliciesPerGroupQuota,
		"AttachedPoliciesPerRoleQuota": m.AttachedPoliciesPerRoleQuota, "AttachedSystemPoliciesPerRoleQuota": m.AttachedSystemPoliciesPerRoleQuota,
		"VersionsPerPolicyQuota": m.VersionsPerPolicyQuota, "PolicySizeQuota": m.PolicySizeQuota}, nil
}
