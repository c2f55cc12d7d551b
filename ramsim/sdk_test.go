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
	sim, fa := startFake(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	create := ram.CreateCreateUserRequest()
	create.UserName = "alice"
	create.Comments = "spaces, *stars*, ~tilde~ and +plus+ / slashes: all signed"
	if _, err := c.CreateUser(create); err != nil {
		t.Fatal(err)
	}
	resp, err := c.ListUsers(ram.CreateListUsersRequest())
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Users.User) != 1 || resp.Users.User[0].UserName != "alice" {
		t.Fatalf("users = %+v", resp.Users.User)
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
	if _, ok := fa.used[rootID]; !ok {
		t.Fatal("RecordKeyUse was not called for a permanent key")
	}
}

func TestSDKWrongSecret(t *testing.T) {
	sim, _ := startFake(t, Options{})
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
	sim, _ := startFake(t, Options{})
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
	sim, _ := startFake(t, Options{})
	_, err := ramClient(t, sim.Endpoint, offID, "off").ListUsers(ram.CreateListUsersRequest())
	se := serverError(t, err)
	if se.ErrorCode() != "InvalidAccessKeyId.Inactive" || se.HttpStatus() != 403 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
}

func TestSDKNoPermissionDetail(t *testing.T) {
	sim, _ := startFake(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	_, err := commonCall(c, "Deny")
	se := serverError(t, err)
	if se.ErrorCode() != "NoPermission" || se.HttpStatus() != 403 {
		t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
	}
	if d := se.AccessDeniedDetail(); d["NoPermissionType"] != "ImplicitDeny" || d["AuthAction"] != "ram:Deny" {
		t.Fatalf("AccessDeniedDetail = %v", d)
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	sim, _ := startFake(t, Options{})
	c := ramClient(t, sim.Endpoint, rootID, rootSecret)
	for range 2 { // and the server is still up for the next request
		_, err := commonCall(c, "Panic")
		se := serverError(t, err)
		if se.ErrorCode() != "InternalError" || se.HttpStatus() != 500 {
			t.Fatalf("got %d %s", se.HttpStatus(), se.ErrorCode())
		}
	}
}

func TestUnknownAction(t *testing.T) {
	sim, _ := startFake(t, Options{})
	_, err := commonCall(ramClient(t, sim.Endpoint, rootID, rootSecret), "NoSuchThing")
	if se := serverError(t, err); se.ErrorCode() != "InvalidAction.NotFound" {
		t.Fatalf("got %s", se.ErrorCode())
	}
}

// commonCall calls any RAM action the way the aliyun CLI does, through a CommonRequest.
func commonCall(c *ram.Client, action string) (*responses.CommonResponse, error) {
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName, req.Domain = "Ram", "2015-05-01", action, c.Domain
	return c.ProcessCommonRequest(req)
}
