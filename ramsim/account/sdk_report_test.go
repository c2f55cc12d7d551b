package account_test

import (
	"encoding/base64"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
)

// The IMS credential report and account summary, through the SDK's services/ims client.

func TestSDKCredentialReport(t *testing.T) {
	e := startSim(t, "demo")
	c := e.rootIMS(t)
	_, err := c.GetCredentialReport(ims.CreateGetCredentialReportRequest())
	wantCode(t, err, 404, "EntityNotExist.CredentialReport")

	if st := must(c.GenerateCredentialReport(ims.CreateGenerateCredentialReportRequest()))(t).State; st != "STARTED" {
		t.Fatalf("first GenerateCredentialReport: %q", st)
	}
	e.clock.Advance(time.Hour)
	if st := must(c.GenerateCredentialReport(ims.CreateGenerateCredentialReportRequest()))(t).State; st != "COMPLETE" {
		t.Fatalf("a report under 4 hours old stands: %q", st)
	}

	// Pages of 10 rows: each page is a CSV with the header; NextToken goes on.
	var rows [][]string
	req := ims.CreateGetCredentialReportRequest()
	req.MaxItems = "10"
	for pages := 0; ; pages++ {
		resp := must(c.GetCredentialReport(req))(t)
		raw, err := base64.StdEncoding.DecodeString(resp.Content)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		if err != nil || len(recs) < 1 || recs[0][0] != "user" || recs[0][16] != "additional_access_key" {
			t.Fatalf("page %d: %v\n%s", pages, err, raw)
		}
		if resp.GeneratedTime == "" {
			t.Error("no GeneratedTime")
		}
		rows = append(rows, recs[1:]...)
		if resp.IsTruncated != "true" {
			break
		}
		req.NextToken = resp.NextToken
	}
	if rows[0][0] != "<root>" {
		t.Errorf("first row: %v", rows[0])
	}
	var legacy, wang []string
	for _, r := range rows {
		switch {
		case strings.HasPrefix(r[0], "legacy-app@"):
			legacy = r
		case strings.HasPrefix(r[0], "wang.fang@"):
			wang = r
		}
	}
	if !strings.HasSuffix(legacy[0], ".onaliyun.com") || legacy[3] != "FALSE" || legacy[8] != "TRUE" || legacy[9] != "TRUE" || legacy[11] == "-" {
		t.Errorf("legacy-app: no console, one active key used once: %v", legacy)
	}
	if wang[3] != "TRUE" || wang[7] != "FALSE" {
		t.Errorf("wang.fang: console, no MFA: %v", wang)
	}
	users := len(rows) - 1

	sum := must(c.GetAccountSummary(ims.CreateGetAccountSummaryRequest()))(t).SummaryMap
	if sum.Users != users || sum.UsersQuota < sum.Users || sum.Roles == 0 || sum.AccessKeysPerUserQuota != 2 {
		t.Errorf("summary: %+v (report has %d users)", sum, users)
	}
}

func TestSDKCredentialReportRefusedAbove3500Users(t *testing.T) {
	e := startSim(t, "scale:3600")
	_, err := e.rootIMS(t).GenerateCredentialReport(ims.CreateGenerateCredentialReportRequest())
	wantCode(t, err, 409, "LimitExceeded.CredentialReport")
}
