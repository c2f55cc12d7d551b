package kit

import "github.com/ramtui/ramtui/ramclient"

// ProfilesConfig configures :profile (views/profiles). The endpoint and the files it
// remembers in are Switch's (Endpoint, Dirs).
type ProfilesConfig struct {
	// Home is where .aliyun/config.json and .alibabacloud/credentials are read; "" = the
	// user's home (and ALIBABA_CLOUD_CONFIG_FILE / ALIBABA_CLOUD_CREDENTIALS_FILE).
	Home string
	// Fixed are accounts that are in no file (--demo: the simulator's accounts).
	Fixed []FixedProfile
	// FixedOnly lists Fixed alone: --demo reads none of the user's files (their profiles are
	// not for the simulator).
	FixedOnly bool
	// Region is --region, for clients made from profiles without one.
	Region string
}

// FixedProfile is an account :profile lists without a file: a name, a word for its kind, and
// the credentials that sign in to it.
type FixedProfile struct {
	Name, Mode  string
	Credentials ramclient.Credentials
}
