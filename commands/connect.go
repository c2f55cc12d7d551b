package commands

import (
	"context"
	"errors"
	"os"

	"github.com/ramtui/ramtui/ramclient"
)

// newClient resolves credentials the documented way (--profile, environment, the aliyun CLI's
// config.json, ~/.alibabacloud/credentials) and returns a client for the flags' endpoint. The
// TUI shows its errors on the sign-in screen; commands turn them into exit codes (connect).
func newClient(ctx context.Context, f *rootFlags) (*ramclient.Client, error) {
	return newClientWith(ctx, f, ramclient.CredentialOptions{})
}

// newClientWith is newClient with o's other settings (e.g. an External helper's terminal).
func newClientWith(ctx context.Context, f *rootFlags, o ramclient.CredentialOptions) (*ramclient.Client, error) {
	o.Profile, o.Endpoint, o.Region = f.profile, f.endpoint, f.region
	creds, err := ramclient.ResolveCredentials(ctx, o)
	if err != nil {
		return nil, err
	}
	region := f.region
	if region == "" {
		region = creds.Region
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: f.endpoint, Region: region, Credentials: creds})
	if err != nil {
		return nil, badEndpoint{err}
	}
	return c, nil
}

// badEndpoint is an --endpoint that cannot be used: bad input, not a failure to sign in.
type badEndpoint struct{ err error }

func (e badEndpoint) Error() string { return "--endpoint: " + e.err.Error() }
func (e badEndpoint) Unwrap() error { return e.err }

// connect is newClient for commands: a bad --endpoint is exitUsage; anything else that keeps
// us from a working client (no credentials, a broken profile, STS unreachable for a role
// profile) is exitSignIn.
// An External profile's helper gets the terminal's stdin and stderr, as in the aliyun CLI (an
// MFA prompt).
func connect(ctx context.Context, f *rootFlags) (*ramclient.Client, error) {
	c, err := newClientWith(ctx, f, ramclient.CredentialOptions{ExternalStdin: os.Stdin, ExternalStderr: os.Stderr})
	switch {
	case errors.As(err, new(badEndpoint)):
		return nil, withCode(exitUsage, err)
	case err != nil:
		return nil, withCode(exitSignIn, err)
	}
	return c, nil
}

// profileSite is the aliyun CLI profile's site ("china", "international") for the console
// sign-in: the --profile named, else the config's current profile; "" when unknown.
func profileSite(profile string) string {
	ps, err := ramclient.ListProfiles("")
	if err != nil {
		return ""
	}
	for _, p := range ps {
		if (profile != "" && p.Name == profile) || (profile == "" && p.Current) {
			return p.Site
		}
	}
	return ""
}

// apiExit maps a failed API call to an exit code: failing to sign in is not the same as being
// refused, and scripts want to tell them apart.
func apiExit(err error) error {
	switch {
	case errors.Is(err, ramclient.ErrAuthFailed), errors.Is(err, ramclient.ErrUnreachable), errors.Is(err, ramclient.ErrCredentials):
		return withCode(exitSignIn, err)
	case errors.Is(err, ramclient.ErrInvalidInput):
		return withCode(exitUsage, err)
	}
	return withCode(exitRefused, err)
}
