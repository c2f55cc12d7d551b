package commands

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/userdata"
)

// The ways `ramtui assume` hands a session over besides printing it: the opt-in session cache
// (--cache), a loopback credentials endpoint (--serve), and an aliyun CLI profile
// (--save-profile).

// cacheMargin is how long a cached session must still last to be handed out again: more than
// credentials-go's three minutes, so a caller that caches by "expiration" does not ask again at
// once.
const cacheMargin = ramclient.RefreshMargin

// sessionKey identifies the session a request would get: the endpoint, the caller (its key for
// fixed credentials; its source for ones renewed from a profile, whose key changes), and every
// input of AssumeRole.
func sessionKey(c *ramclient.Client, req assumeRequest) string {
	creds := c.Credentials()
	who := creds.AccessKeyID
	if creds.Refreshable() {
		who = creds.Source
	}
	pol := sha256.Sum256([]byte(req.sessionPol))
	return userdata.SessionKey(c.Endpoint(), who, req.role, req.sessionName, req.externalID,
		strconv.FormatInt(int64(req.duration/time.Second), 10), hex.EncodeToString(pol[:]))
}

func cachedCredentials(dirs userdata.Dirs, key string) (assume.Credentials, bool) {
	s, ok := dirs.LookupSession(key, time.Now(), cacheMargin)
	if !ok {
		return assume.Credentials{}, false
	}
	return assume.Credentials{AccessKeyID: s.AccessKeyID, AccessKeySecret: s.AccessKeySecret, SecurityToken: s.SecurityToken,
		Expiration: s.Expiration, AssumedRoleARN: s.AssumedRoleARN, Region: s.Region}, true
}

func rememberCredentials(dirs userdata.Dirs, key string, c assume.Credentials) error {
	return dirs.RememberSession(key, userdata.CachedSession{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret,
		SecurityToken: c.SecurityToken, Expiration: c.Expiration, AssumedRoleARN: c.AssumedRoleARN, Region: c.Region})
}

// serveCredentials answers GET <url> with the session in the CredentialsURI form (the ECS
// metadata form with "Code": "Success") until ctx ends, renewing the session through renew
// when it is within cacheMargin of its end. It listens on loopback only, under a random path,
// so another local user who finds the port still cannot read the session.
func serveCredentials(ctx context.Context, listen string, first assume.Credentials, renew func(context.Context) (assume.Credentials, error), stdout, stderr io.Writer) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("--listen %q: want 127.0.0.1:PORT", listen))
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return withCode(exitUsage, fmt.Errorf("--listen %s: the credentials endpoint only listens on loopback (127.0.0.1)", listen))
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("--listen: %w", err))
	}
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	path := "/" + hex.EncodeToString(secret)
	var (
		mu  sync.Mutex
		cur = first
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		if time.Until(cur.Expiration) < cacheMargin {
			next, err := renew(r.Context())
			if err != nil {
				mu.Unlock()
				fmt.Fprintf(stderr, "ramtui assume --serve: renewal failed: %s\n", safetext.Line(err.Error()))
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				json.NewEncoder(w).Encode(map[string]string{"Code": "RenewalFailed"})
				return
			}
			cur = next
		}
		c := cur
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(assume.URIResponse(c))
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	url := "http://" + ln.Addr().String() + path
	fmt.Fprintf(stdout, "ALIBABA_CLOUD_CREDENTIALS_URI=%s\n", url)
	fmt.Fprintf(stderr, "ramtui assume: serving %s's session on loopback until interrupted; renewed before it ends.\n"+
		"  use it: export ALIBABA_CLOUD_CREDENTIALS_URI=%s\n"+
		"  or:     aliyun configure --profile NAME --mode CredentialsURI (credentials_uri %s)\n",
		safetext.Line(first.AssumedRoleARN), url, url)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		return nil
	case err := <-done:
		return err
	}
}

// saveAssumedProfile writes the session as an StsToken profile of the aliyun CLI, refusing to
// replace an existing profile unless --replace repeats its name.
func saveAssumedProfile(name, replace string, c assume.Credentials, stderr io.Writer) error {
	path, err := ramclient.DefaultCLIConfigPath()
	if err != nil {
		return withCode(exitUsage, err)
	}
	res, err := ramclient.SaveProfile(path, name, ramclient.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret,
		SecurityToken: c.SecurityToken, Expiration: c.Expiration}, ramclient.SaveOptions{Region: c.Region, ReplaceTyped: replace})
	var exists *ramclient.ProfileExistsError
	if errors.As(err, &exists) {
		return withCode(exitUsage, fmt.Errorf("%w: to replace it, repeat its name: --replace %s", err, name))
	}
	if err != nil {
		return withCode(exitRefused, fmt.Errorf("--save-profile: %w", err))
	}
	msg := fmt.Sprintf("ramtui assume: saved profile %q in %s (mode StsToken, until %s): aliyun --profile %s ...",
		name, res.Path, c.Expiration.Local().Format("15:04"), name)
	if res.Replaced != "" {
		msg += "; replaced a " + res.Replaced + " profile"
	}
	if res.Backup != "" {
		msg += "; previous file kept as " + res.Backup
	}
	if res.ModeFixed {
		msg += fmt.Sprintf("; the file was readable by others (%v), it is now 0600", res.PreviousMode)
	}
	fmt.Fprintln(stderr, safetext.Line(msg))
	return nil
}
