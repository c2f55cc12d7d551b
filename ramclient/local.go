package ramclient

import "strings"

// Local reports whether the client talks to a server on this machine (a `ramtui sim`), where
// trying things for real costs nothing: no real account, no real keys.
func (c *Client) Local() bool { return c.ep.Domain != "" && isLoopbackHost(c.ep.Domain) }

// As returns a new client on the same endpoint and region, signing as creds and sharing this
// client's call log (so the API log shows what was done in another identity's name). Close it
// when done.
func (c *Client) As(creds Credentials) (*Client, error) {
	ep := ""
	if c.ep.Domain != "" {
		ep = strings.ToLower(c.ep.Scheme) + "://" + c.ep.Domain
	}
	return New(Options{Endpoint: ep, Region: c.region, Credentials: creds, Retry: c.retry, CallLog: c.log, Concurrency: 2})
}
