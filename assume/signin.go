package assume

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Console sign-in from STS credentials (federation): GetSigninToken exchanges the temporary
// credentials for a single-use token valid for 30 seconds, and the Login URL built from it opens
// the console as the role. Only the real service does this; ramsim has no console.

// Federation endpoints of the two sites.
const (
	SigninChina         = "https://signin.aliyun.com/federation"
	SigninInternational = "https://signin.alibabacloud.com/federation"
)

// Console home pages, the default Destination.
const (
	ConsoleChina         = "https://home.console.aliyun.com/"
	ConsoleInternational = "https://home.console.alibabacloud.com/"
)

// SigninOptions tune SigninURL. The zero value signs in on the China site.
type SigninOptions struct {
	// Site is the aliyun CLI profile's `site`: "" or "china" (or "cn") for signin.aliyun.com;
	// "international" (or "intl") for signin.alibabacloud.com.
	Site string
	// BaseURL overrides the federation endpoint (tests). It must be https.
	BaseURL string
	// Destination is the console page to open; default the site's console home. LoginURL is
	// where the console sends the user when the session ends; default the same page.
	Destination, LoginURL string
	// HTTPClient sends GetSigninToken; nil means a client with a 15 s timeout.
	HTTPClient *http.Client
}

// International reports whether a profile's site value names the international site.
func International(site string) bool {
	switch strings.ToLower(strings.TrimSpace(site)) {
	case "international", "intl", "alibabacloud", "alibabacloud.com":
		return true
	}
	return false
}

func (o SigninOptions) withDefaults() SigninOptions {
	intl := International(o.Site)
	if o.BaseURL == "" {
		o.BaseURL = SigninChina
		if intl {
			o.BaseURL = SigninInternational
		}
	}
	if o.Destination == "" {
		o.Destination = ConsoleChina
		if intl {
			o.Destination = ConsoleInternational
		}
	}
	if o.LoginURL == "" {
		o.LoginURL = o.Destination
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	return o
}

// SigninURL asks the federation endpoint for a sign-in token and returns the console Login URL
// that uses it. The URL is single-use and valid for about 30 seconds; it is itself a credential
// (it opens a console session), so it is never logged. The credentials travel only in the body
// of an HTTPS POST: a non-https BaseURL is refused, and errors never contain them.
func SigninURL(ctx context.Context, c Credentials, o SigninOptions) (string, error) {
	if c.AccessKeyID == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		return "", errors.New("console sign-in needs STS credentials: AccessKeyId, AccessKeySecret and SecurityToken")
	}
	o = o.withDefaults()
	base, err := url.Parse(o.BaseURL)
	if err != nil || base.Scheme != "https" || base.Host == "" {
		return "", fmt.Errorf("console sign-in endpoint %q: must be an https URL", o.BaseURL)
	}
	form := url.Values{
		"Action":          {"GetSigninToken"},
		"AccessKeyId":     {c.AccessKeyID},
		"AccessKeySecret": {c.AccessKeySecret},
		"SecurityToken":   {c.SecurityToken},
		"TicketType":      {"mini"},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("console sign-in: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := o.HTTPClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("console sign-in: GetSigninToken on %s: %s", base.Host, netReason(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("console sign-in: reading the answer of %s: %v", base.Host, err)
	}
	var out struct {
		RequestID   string `json:"RequestId"`
		SigninToken string `json:"SigninToken"`
		Code        string `json:"Code"`
		Message     string `json:"Message"`
	}
	jsonErr := json.Unmarshal(body, &out)
	if resp.StatusCode != http.StatusOK || out.SigninToken == "" {
		what := http.StatusText(resp.StatusCode)
		if jsonErr == nil && out.Code != "" {
			what = out.Code + ": " + out.Message
		} else if jsonErr != nil {
			what += " (not a JSON answer)"
		}
		if out.RequestID != "" {
			what += " (RequestId " + out.RequestID + ")"
		}
		return "", fmt.Errorf("console sign-in: GetSigninToken on %s failed: HTTP %d %s", base.Host, resp.StatusCode, what)
	}
	login := url.Values{
		"Action":      {"Login"},
		"LoginUrl":    {o.LoginURL},
		"Destination": {o.Destination},
		"SigninToken": {out.SigninToken},
	}
	u := *base
	u.RawQuery = login.Encode()
	return u.String(), nil
}

// netReason describes a transport error without the request (whose body holds the secret;
// url.Error names only the URL, which holds none, but say it plainly anyway).
func netReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return err.Error()
}
