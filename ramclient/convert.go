package ramclient

import (
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// Conversions from the SDK's structs to the domain types.

func toUser(u ram.User) User {
	return User{
		UserID: u.UserId, UserName: u.UserName, DisplayName: u.DisplayName, MobilePhone: u.MobilePhone,
		Email: u.Email, Comments: u.Comments, CreateDate: parseTime(u.CreateDate), UpdateDate: parseTime(u.UpdateDate),
		LastLoginDate: parseTime(u.LastLoginDate), JoinDate: parseTime(u.JoinDate), AttachDate: parseTime(u.AttachDate),
	}
}

func toGroup(g ram.Group) Group {
	return Group{
		GroupID: g.GroupId, GroupName: g.GroupName, Comments: g.Comments, CreateDate: parseTime(g.CreateDate),
		UpdateDate: parseTime(g.UpdateDate), JoinDate: parseTime(g.JoinDate), AttachDate: parseTime(g.AttachDate),
	}
}

func toRole(r ram.Role) Role {
	return Role{
		RoleID: r.RoleId, RoleName: r.RoleName, Arn: r.Arn, Description: r.Description,
		TrustPolicy: r.AssumeRolePolicyDocument, MaxSessionDuration: time.Duration(r.MaxSessionDuration) * time.Second,
		CreateDate: parseTime(r.CreateDate), UpdateDate: parseTime(r.UpdateDate), AttachDate: parseTime(r.AttachDate),
	}
}

func toPolicy(p ram.Policy) Policy {
	return Policy{
		PolicyName: p.PolicyName, PolicyType: PolicyType(p.PolicyType), Description: p.Description,
		DefaultVersion: p.DefaultVersion, AttachmentCount: p.AttachmentCount, CreateDate: parseTime(p.CreateDate),
		UpdateDate: parseTime(p.UpdateDate), AttachDate: parseTime(p.AttachDate),
	}
}

func toVersion(v ram.PolicyVersion) PolicyVersion {
	return PolicyVersion{VersionID: v.VersionId, IsDefault: v.IsDefaultVersion, Document: v.PolicyDocument, CreateDate: parseTime(v.CreateDate)}
}

func toAccessKey(user string, k ram.AccessKey) AccessKey {
	return AccessKey{AccessKeyID: k.AccessKeyId, UserName: user, Status: k.Status, CreateDate: parseTime(k.CreateDate)}
}

// mapSlice converts a slice; never nil, so "no items" and "not loaded" differ.
func mapSlice[S, T any](in []S, f func(S) T) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
