package ramclient

import (
	"context"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// AssumeRoleInput is AssumeRole's request.
type AssumeRoleInput struct {
	RoleArn     string        // acs:ram::<account>:role/<name>
	SessionName string        // 2-64 of [A-Za-z0-9.@_-]
	Duration    time.Duration // 0 = the service default (1h); else 15m .. the role's MaxSessionDuration, whole seconds
	Policy      string        // optional session policy (JSON, <= 2048 chars)
	ExternalID  string        // optional, 2-1224 chars
}

// AssumeRole gets temporary credentials for a role. The call is logged with the role ARN and
// session name as target; the credentials never reach the log.
func (c *Client) AssumeRole(ctx context.Context, in AssumeRoleInput) (STSCredentials, error) {
	const action = "AssumeRole"
	if err := validateAssumeRole(action, in); err != nil {
		return STSCredentials{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: in.RoleArn + " as " + in.SessionName, svc: svcSTS},
		func() (requests.AcsRequest, *sts.AssumeRoleResponse) {
			req := sts.CreateAssumeRoleRequest()
			req.RoleArn, req.RoleSessionName, req.Policy, req.ExternalId = in.RoleArn, in.SessionName, in.Policy, in.ExternalID
			if in.Duration > 0 {
				req.DurationSeconds = requests.NewInteger(int(in.Duration / time.Second))
			}
			return req, sts.CreateAssumeRoleResponse()
		})
	if err != nil {
		return STSCredentials{}, err
	}
	cr := resp.Credentials
	out := STSCredentials{
		AccessKeyID: cr.AccessKeyId, AccessKeySecret: cr.AccessKeySecret, SecurityToken: cr.SecurityToken,
		Expiration: parseTime(cr.Expiration), AssumedRoleArn: resp.AssumedRoleUser.Arn,
		AssumedRoleID: resp.AssumedRoleUser.AssumedRoleId, RequestID: resp.RequestId,
	}
	if out.AccessKeyID == "" || out.AccessKeySecret == "" || out.SecurityToken == "" {
		return STSCredentials{}, &Error{Kind: KindServer, Action: action, RequestID: resp.RequestId,
			Message: "the response lacks credentials"}
	}
	return out, nil
}

// CallerIdentity asks STS who the credentials belong to (needs no RAM permission).
func (c *Client) CallerIdentity(ctx context.Context) (CallerIdentity, error) {
	resp, err := invoke(ctx, c, call{action: "GetCallerIdentity", svc: svcSTS},
		func() (requests.AcsRequest, *sts.GetCallerIdentityResponse) {
			return sts.CreateGetCallerIdentityRequest(), sts.CreateGetCallerIdentityResponse()
		})
	if err != nil {
		return CallerIdentity{}, err
	}
	return CallerIdentity{IdentityType: resp.IdentityType, AccountID: resp.AccountId, PrincipalID: resp.PrincipalId,
		UserID: resp.UserId, RoleID: resp.RoleId, Arn: resp.Arn}, nil
}
