package commands

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/userdata"
)

// Completion reads only local files (the aliyun CLI config, ramtui's remembered roles): a tab
// press never waits on the network.

// completions registers the value completions of every command that has the flags.
func completions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.LocalFlags().Lookup("profile") != nil {
			_ = c.RegisterFlagCompletionFunc("profile", completeProfiles)
		}
		if f := c.LocalFlags().Lookup("format"); f != nil {
			if _, taken := c.GetFlagCompletionFunc("format"); !taken {
				_ = c.RegisterFlagCompletionFunc("format", fixed(formatValues(c)...))
			}
		}
		if c.LocalFlags().Lookup("seed") != nil {
			_ = c.RegisterFlagCompletionFunc("seed", func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
				return []string{"demo\tthe demo account", "empty\tonly the root account", "scale:\tscale:N, N generated users"}, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, c := range root.Commands() {
		if c.Name() == "assume" && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = completeRoles
		}
	}
}

// formatValues are the --format values of c: assume's hand-over formats, else text and json
// (and the others a command's help names).
func formatValues(c *cobra.Command) []string {
	if c.Name() == "assume" {
		var out []string
		for _, f := range assume.Formats {
			out = append(out, string(f))
		}
		return out
	}
	usage := c.LocalFlags().Lookup("format").Usage // "output format: text, json or sarif"
	if _, list, ok := strings.Cut(usage, ":"); ok {
		list = strings.ReplaceAll(list, " or ", ", ")
		var out []string
		for _, v := range strings.Split(list, ",") {
			if v = strings.TrimSpace(v); v != "" && !strings.ContainsFunc(v, unicode.IsSpace) {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []string{"text", "json"}
}

func fixed(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeProfiles offers the aliyun CLI profiles, the current one first, with their mode.
func completeProfiles(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	ps, err := ramclient.ListProfiles("")
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Current && !ps[j].Current })
	var out []string
	for _, p := range ps {
		if plainWord(p.Name) {
			out = append(out, p.Name+"\t"+plainDesc(p.Mode+" "+p.Region))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// completeRoles offers the roles ramtui remembers: favourites, then by how often and recently
// they were assumed (the switch picker's order).
func completeRoles(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	roles, err := userdata.DefaultDirs().LoadRoles()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	arns := make([]string, 0, len(roles))
	for arn := range roles {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	seen := map[string]bool{}
	var out []string
	for _, arn := range roles.Rank(arns, time.Now()) {
		_, name, ok := strings.Cut(arn, ":role/")
		if !ok || !plainWord(name) || seen[name] {
			continue
		}
		seen[name] = true
		desc := arn
		if roles.Favourite(arn) {
			desc = "favourite " + arn
		}
		out = append(out, name+"\t"+plainDesc(desc))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// plainWord keeps a name from a file out of the shell unless it is one harmless word: a
// completion is typed into the user's command line.
func plainWord(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@+=,:/", r)) {
			return false
		}
	}
	return true
}

// plainDesc makes a description one printable line.
func plainDesc(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, s)
}
