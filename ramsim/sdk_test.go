package ramsim

import (
	"errors"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// serverError unwraps the SDK's error type, failing the test on anything else.
func serverError(t *testing.T, err error) *sdkerrors.ServerError {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want *errors.ServerError, got %T: %v", err, err)
	}
	return se
}

func TestSDKSignedCallWorks(t *testing.T) {
	sim := startSim(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	create := ram.CreateCreateUserRequest()
	create.UserName = "wire-test"
	create.Comments = "spaces, *stars*, ~tilde~ and +plus+ / slashes: all signed"
	if _, err := c.CreateUser(create); err != nil {
		t.Fatal(err)
	}
	list := ram.CreateListUsersRequest()
	list.MaxItems = "1000"
	resp, err := c.ListUsers(list)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range resp.Users.User {
		if u.UserName == "wire-test" && u.Comments == create.Comments {
			found = true
		}
	}
	if !found {
		t.Fatalf("created user not listed: %+v", resp.Users.User)
	}
	if len(resp.RequestId) != 36 || strings.ToUpper(resp.RequestId) != resp.RequestId {
		t.Fatalf("RequestId %q is not an upper-case UUID", resp.RequestId)
	}
	if got := resp.GetHttpHeaders()["X-Acs-Request-Id"]; len(got) != 1 || got[0] != resp.RequestId {
		t.Fatalf("x-acs-request-id header = %v, body RequestId %s", got, resp.RequestId)
	}
	if ct := resp.GetHttpHeaders()["Content-Type"]; len(ct) != 1 || ct[0] != "application/json;charset=utf-8" {
		t.Fatalf("Content-Type = %v", ct)
	}
}

// A permanent key that signed a request shows up in GetAccessKeyLastUsed (RecordKeyUse).
func TestSDKRecordsKeyUse(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "ops-admin")
	if _, err := ramClient(t, sim.Endpoint, id, secret).ListUsers(ram.CreateListUsersRequest()); err != nil {
		t.Fatal(err)
	}
	req := ram.CreateGetAccessKeyLastUsedRequest()
	req.UserName, req.UserAccessKeyId = "ops-admin", id
	resp, err := ramClient(t, sim.Endpoint, rootID, rootSecret).GetAccessKeyLastUsed(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.AccessKeyLastUsed.LastUsedDate == "" {
		t.Fatal("key use not recorded")
	}
}

func TestSDKWrongSecret(t *testing.T) {
	sim := startSim(t, Options{})
	_, err := ramClient(t, sim.Endpoint, rootID, "not-the-secret").ListUsers(ram.CreateListUsersRequest())
	se := serverError(t, err)
	if se.ErrorCode() != "SignatureDoesNotMatch" || se.HttpStatus() != 400 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
	// Our string to sign equals the SDK's, so it blames the secret, not itself.
	if !strings.Contains(se.Recommend(), "AccessKeySecret") {
		t.Fatalf("Recommend = %q", se.Recommend())
	}
	if se.HostId() != "ram.aliyuncs.com" || se.RequestId() == "" {
		t.Fatalf("HostId %q RequestId %q", se.HostId(), se.RequestId())
	}
}

func TestSDKUnknownKey(t *testing.T) {
	sim := startSim(t, Options{})
	_, err := ramClient(t, sim.Endpoint, "LTAI5tNoSuchKey", "x").ListUsers(ram.CreateListUsersRequest())
	se := serverError(t, err)
	if se.ErrorCode() != "InvalidAccessKeyId.NotFound" || se.HttpStatus() != 404 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
	if want := "https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound&product=Ram"; se.Recommend() != want {
		t.Fatalf("Recommend = %q", se.Recommend())
	}
}

func TestSDKInactiveKey(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "ops-admin")
	off := ram.CreateUpdateAccessKeyRequest()
	off.UserName, off.UserAccessKeyId, off.Status = "ops-admin", id, "Inactive"
	if _, err := ramClient(t, sim.Endpoint, rootID, rootSecret).UpdateAccessKey(off); err != nil {
		t.Fatal(err)
	}
	_, err := ramClient(t, sim.Endpoint, id, secret).ListUsers(ram.CreateListUsersRequest())
	se := serverError(t, err)
	if se.ErrorCode() != "InvalidAccessKeyId.Inactive" || se.HttpStatus() != 403 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
}

// An intern with no RAM permissions: 403 NoPermission with the AccessDeniedDetail object.
func TestSDKNoPermissionDetail(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "sun.yue")
	_, err := ramClient(t, sim.Endpoint, id, secret).ListUsers(ram.CreateListUsersRequest())
	se := serverError(t, err)
	if se.ErrorCode() != "NoPermission" || se.HttpStatus() != 403 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
	if d := se.AccessDeniedDetail(); d["NoPermissionType"] != "ImplicitDeny" || d["AuthAction"] != "ram:ListUsers" {
		t.Fatalf("AccessDeniedDetail = %v", d)
	}
}

func TestUnknownAction(t *testing.T) {
	sim := startSim(t, Options{})
	_, err := commonCall(ramClient(t, sim.Endpoint, rootID, rootSecret), "NoSuchThing")
	if se := serverError(t, err); se.ErrorCode() != "InvalidAction.NotFound" {
		t.Fatalf("got %s", se.ErrorCode())
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	sim := startEcho(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	for range 2 { // and the server is still up for the next request
		_, err := commonCall(c, "Panic")
		se := serverError(t, err)
		if se.ErrorCode() != "InternalError" || se.HttpStatus() != 500 {
			t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
		}
	}
}

// commonCall calls any RAM action the way the aliyun CLI does, through a CommonRequest.
func commonCall(c *ram.Client, action string) (*responses.CommonResponse, error) {
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName, req.Domain = "Ram", "2015-05-01", action, c.Domain
	return c.ProcessCommonRequest(req)
}

// The aliyun CLI's path through the SDK: a CommonRequest with query parameters, answered with
// the raw JSON it prints.
func TestCLIStyleCommonRequest(t *testing.T) {
	sim := startSim(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName, req.Domain = "Ram", "2015-05-01", "GetUser", c.Domain
	req.QueryParams["UserName"] = "ops-admin"
	resp, err := c.ProcessCommonRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	body := resp.GetHttpContentString()
	if !strings.HasPrefix(body, `{"RequestId":"`) || !strings.Contains(body, `"UserName":"ops-admin"`) {
		t.Fatalf("body %s", body)
	}
}
