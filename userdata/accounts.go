package userdata

import "time"

// KnownAccount is what a profile (or a role held as an account) was last seen to sign in as,
// so the :profile list shows account ids and aliases before checking again.
type KnownAccount struct {
	AccountID string    `json:"account_id"`
	Alias     string    `json:"alias,omitempty"`
	ARN       string    `json:"arn"`
	Seen      time.Time `json:"seen"`
}

type knownAccountsFile struct {
	Accounts map[string]KnownAccount `json:"accounts"`
}

type favouriteAccountsFile struct {
	Favourites []string `json:"favourites"`
}

func (d Dirs) knownAccountsPath() string     { return file(d.Cache, "accounts.json") }
func (d Dirs) favouriteAccountsPath() string { return file(d.Config, "accounts.json") }

// LoadKnownAccounts returns what each profile key was last seen as (cache dir).
func (d Dirs) LoadKnownAccounts() (map[string]KnownAccount, error) {
	var f knownAccountsFile
	err := ReadJSON(d.knownAccountsPath(), &f)
	if f.Accounts == nil {
		f.Accounts = map[string]KnownAccount{}
	}
	return f.Accounts, err
}

// RememberAccount records what a profile key signed in as. Keys name profiles, never secrets.
func (d Dirs) RememberAccount(key string, k KnownAccount) error {
	var f knownAccountsFile
	_ = ReadJSON(d.knownAccountsPath(), &f) // a damaged cache is rebuilt
	if f.Accounts == nil {
		f.Accounts = map[string]KnownAccount{}
	}
	f.Accounts[key] = k
	return WriteJSON(d.knownAccountsPath(), f)
}

// LoadFavouriteAccounts returns the profile keys pinned in :profile (config dir).
func (d Dirs) LoadFavouriteAccounts() (map[string]bool, error) {
	var f favouriteAccountsFile
	err := ReadJSON(d.favouriteAccountsPath(), &f)
	out := map[string]bool{}
	for _, k := range f.Favourites {
		out[k] = true
	}
	return out, err
}

// SetFavouriteAccount pins or unpins a profile key.
func (d Dirs) SetFavouriteAccount(key string, fav bool) error {
	var f favouriteAccountsFile
	if err := ReadJSON(d.favouriteAccountsPath(), &f); err != nil {
		return err // the user's own choices: never replace a damaged file
	}
	out := f.Favourites[:0]
	for _, k := range f.Favourites {
		if k != key {
			out = append(out, k)
		}
	}
	if fav {
		out = append(out, key)
	}
	f.Favourites = out
	return WriteJSON(d.favouriteAccountsPath(), f)
}
