package account

import "fmt"

// Service-linked roles: created and deleted by their cloud service, with a trust policy that
// names only that service and policies the service fixes. The RAM docs: "You cannot modify or
// delete the policy, nor can you attach policies to or detach policies from a service-linked
// role"; the role is deleted through the service (or ResourceManager's DeleteServiceLinkedRole),
// not RAM's DeleteRole. The error codes are the simulator's choice (not documented):
//   - DeleteRole: 409 DeleteConflict.Role.ServiceLinkedRole;
//   - UpdateRole, AttachPolicyToRole, DetachPolicyFromRole: 400 NotSupported.ServiceLinkedRole.
// The API's Role has no path; the simulator keeps it in the state ("/aliyun-service-role/").

const serviceLinkedPath = "/aliyun-service-role/"

func (r *role) serviceLinked() bool { return r.Path == serviceLinkedPath }

// refuseServiceLinked is the refusal of a change RAM does not make to a service-linked role.
func refuseServiceLinked(r *role, change string) *Error {
	if !r.serviceLinked() {
		return nil
	}
	msg := fmt.Sprintf("The role %s is a service-linked role managed by its cloud service: %s is not allowed.", r.Name, change)
	if change == "DeleteRole" {
		return errConflict("DeleteConflict.Role.ServiceLinkedRole",
			"%s Delete it from the service that uses it (or with DeleteServiceLinkedRole).", msg)
	}
	return errBadRequest("NotSupported.ServiceLinkedRole", "%s", msg)
}
