package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/ramtui/ramtui/ramclient"
)

// connect resolves credentials the documented way (--profile, environment, the aliyun CLI's
// config.json, ~/.alibabacloud/credentials) and returns a client for the flags' endpoint.
// Failures carry exitSignIn, with everything that was tried.
func connect(ctx context.Context, f *rootFlags) (*ramclient.Client, error) {
	creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{
		Profile: f.profile, Endpoint: f.endpoint, Region: f.region,
	})
	if err != nil {
		return nil, withCode(exitSignIn, err)
	}
	region := f.region
	if region == "" {
		region = creds.Region
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: f.endpoint, Region: region, Credentials: creds})
	if err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("--endpoint: %w", err))
	}
	return c, nil
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
