//go:build unix

package ramclient

import (
	"errors"
	"net"
	"syscall"
)

// open reports whether the server has not closed conn: a peek that does not wait finds nothing
// to read yet, and no end. (A read with a deadline already past returns before looking.)
func open(conn net.Conn) bool {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return true
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	alive := false
	err = raw.Read(func(fd uintptr) bool {
		var b [1]byte
		_, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		// Nothing yet (EAGAIN) is an open connection; 0 bytes is the end; bytes before any
		// request are not an answer to one.
		alive = errors.Is(rerr, syscall.EAGAIN) || errors.Is(rerr, syscall.EWOULDBLOCK)
		return true
	})
	return err == nil && alive
}
