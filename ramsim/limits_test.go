package ramsim

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// shorten sets a limit variable for one test.
func shorten[T any](t *testing.T, v *T, to T) {
	old := *v
	*v = to
	t.Cleanup(func() { *v = old })
}

// A client that sends part of its headers and stalls is disconnected within the header timeout.
func TestStalledHeadersAreCutOff(t *testing.T) {
	shorten(t, &headerTimeout, 300*time.Millisecond)
	sim := startSim(t, Options{Seed: "empty"})
	conn, err := net.Dial("tcp", sim.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /?Action=ListUsers HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(io.Discard, conn) // returns when the server closes the connection
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("stalled connection kept for %v", d)
	}
}

// A request body that stalls is cut off within the read timeout.
func TestStalledBodyIsCutOff(t *testing.T) {
	shorten(t, &readTimeout, 300*time.Millisecond)
	sim := startSim(t, Options{Seed: "empty"})
	conn, err := net.Dial("tcp", sim.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction="))
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(io.Discard, conn)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("stalled body kept for %v", d)
	}
}

// At most maxConns connections are served at once; the next waits until one closes.
func TestConnectionCap(t *testing.T) {
	shorten(t, &maxConns, 2)
	sim := startSim(t, Options{Seed: "empty"})
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", sim.Endpoint)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	time.Sleep(100 * time.Millisecond) // let the server accept both
	get := func(timeout time.Duration) error {
		cl := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := cl.Get("http://" + sim.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(300 * time.Millisecond); err == nil {
		t.Fatal("a third connection was served while two were held")
	}
	held[0].Close()
	if err := get(5 * time.Second); err != nil {
		t.Fatalf("not served after a connection closed: %v", err)
	}
}

// A kept-alive connection with nothing to do is closed after the idle timeout.
func TestIdleConnectionsAreClosed(t *testing.T) {
	shorten(t, &idleTimeout, 300*time.Millisecond)
	sim := startSim(t, Options{Seed: "empty"})
	conn, err := net.Dial("tcp", sim.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// One complete request (answered 400: unsigned), then silence on a kept-alive connection.
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(io.Discard, conn) // the answer, then EOF when the server closes the idle connection
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("idle connection kept for %v", d)
	}
}
