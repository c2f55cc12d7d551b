//go:build !unix

package ramclient

import "net"

// open cannot look without waiting here: a warm connection is trusted within its age
// (warmMaxAge, well under a server's wait for a first request).
func open(net.Conn) bool { return true }
