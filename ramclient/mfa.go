package ramclient

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// VirtualMFAUsers returns the names of the users with a virtual MFA device bound, from one
// ListVirtualMFADevices call for the whole account (the service does not page it). Other kinds
// of device (hardware, U2F) are not in that list: GetUserMFA answers for one user.
func (c *Client) VirtualMFAUsers(ctx context.Context) (map[string]bool, error) {
	resp, err := invoke(ctx, c, call{action: "ListVirtualMFADevices"},
		func() (requests.AcsRequest, *ram.ListVirtualMFADevicesResponse) {
			return ram.CreateListVirtualMFADevicesRequest(), ram.CreateListVirtualMFADevicesResponse()
		})
	if err != nil {
		return nil, err
	}
	users := map[string]bool{}
	for _, d := range resp.VirtualMFADevices.VirtualMFADevice {
		if d.User.UserName != "" {
			users[d.User.UserName] = true
		}
	}
	return users, nil
}
