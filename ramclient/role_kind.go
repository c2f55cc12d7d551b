package ramclient

import "strings"

// ServiceLinkedPath is the path of service-linked roles.
const ServiceLinkedPath = "/aliyun-service-role/"

// ServiceLinked reports whether the role is a service-linked role: created and managed by its
// cloud service, with a fixed trust policy and fixed policies; RAM refuses to edit or delete it
// (the service deletes it). The RAM API's Role has no path field, so the role is recognised by
// the path in its ARN or, failing that, by the AliyunServiceRoleFor name prefix every
// service-linked role carries.
func (r Role) ServiceLinked() bool {
	return strings.Contains(r.Arn, ":role"+ServiceLinkedPath) ||
		strings.HasPrefix(strings.ToLower(r.RoleName), "aliyunservicerolefor")
}
