package commands

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	renameio "github.com/google/renameio/v2/maybe" // atomic where the OS allows (not on Windows)
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The man pages are written here, in roff, rather than by cobra/doc: cobra/doc converts the
// help text as Markdown through go-md2man and blackfriday, whose package init builds tables
// (760 allocations) in every start of ramtui, `ramtui version` included, for the one command
// that writes man pages. The help texts are plain text laid out in columns, so they go into
// no-fill blocks as they are (Markdown turned "ALICLOUD_*, ALIBABACLOUD_*" into italics).

func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write man pages for ramtui and every subcommand into DIR",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			h := manHeader{source: "ramtui " + currentBuild().Version, date: manDate()}
			if err := writeManTree(cmd.Root(), h, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "man pages written to %s\n", args[0])
			return nil
		},
	}
}

type manHeader struct {
	source string
	date   time.Time
}

// manDate is SOURCE_DATE_EPOCH when set (reproducible builds), else now.
func manDate() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// writeManTree writes cmd's page and those of its available subcommands, as ramtui-sub.1.
func writeManTree(cmd *cobra.Command, h manHeader, dir string) error {
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() {
			if err := writeManTree(c, h, dir); err != nil {
				return err
			}
		}
	}
	var b bytes.Buffer
	writeManPage(&b, cmd, h)
	return renameio.WriteFile(filepath.Join(dir, manName(cmd)+".1"), b.Bytes(), 0o644)
}

func manName(cmd *cobra.Command) string { return strings.ReplaceAll(cmd.CommandPath(), " ", "-") }

// writeManPage writes one page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLE, SEE ALSO.
func writeManPage(b *bytes.Buffer, cmd *cobra.Command, h manHeader) {
	cmd.InitDefaultHelpFlag()
	name := manName(cmd)
	fmt.Fprintf(b, ".nh\n.TH %s 1 %s %s %s\n", roffQuote(strings.ToUpper(name)), roffQuote(h.date.Format("Jan 2006")),
		roffQuote(h.source), roffQuote("ramtui manual"))
	fmt.Fprintf(b, ".SH NAME\n%s \\- %s\n", roffText(name), roffText(cmd.Short))
	fmt.Fprintf(b, ".SH SYNOPSIS\n.B %s\n", roffText(cmd.UseLine()))
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	fmt.Fprintf(b, ".SH DESCRIPTION\n.nf\n%s\n.fi\n", roffText(desc))
	manFlags(b, "OPTIONS", cmd.NonInheritedFlags())
	manFlags(b, "OPTIONS INHERITED FROM PARENT COMMANDS", cmd.InheritedFlags())
	if cmd.Example != "" {
		fmt.Fprintf(b, ".SH EXAMPLE\n.nf\n%s\n.fi\n", roffText(cmd.Example))
	}
	var see []string
	if cmd.HasParent() {
		see = append(see, manName(cmd.Parent()))
	}
	children := cmd.Commands()
	sort.Slice(children, func(i, j int) bool { return children[i].Name() < children[j].Name() })
	for _, c := range children {
		if c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() {
			see = append(see, manName(c))
		}
	}
	if len(see) > 0 {
		for i, s := range see {
			see[i] = `\fB` + roffText(s) + `\fP(1)`
		}
		fmt.Fprintf(b, ".SH SEE ALSO\n%s\n", strings.Join(see, ", "))
	}
}

// manFlags writes a section of flags, one tagged paragraph each: -s, --name=default, usage.
func manFlags(b *bytes.Buffer, title string, flags *pflag.FlagSet) {
	if !flags.HasAvailableFlags() {
		return
	}
	fmt.Fprintf(b, ".SH %s\n", title)
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Deprecated != "" {
			return
		}
		tag := `\fB\-\-` + roffText(f.Name) + `\fP`
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			tag = `\fB\-` + roffText(f.Shorthand) + `\fP, ` + tag
		}
		def := f.DefValue
		if f.Value.Type() == "string" {
			def = strconv.Quote(def)
		}
		if f.NoOptDefVal != "" {
			tag += "[=" + roffText(def) + "]"
		} else {
			tag += "=" + roffText(def)
		}
		fmt.Fprintf(b, ".TP\n%s\n%s\n", tag, roffText(f.Usage))
	})
}

// roffText makes text safe as roff input: backslashes are escaped, and a line starting with
// a period or an apostrophe (a request to roff) is led by a zero-width character.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// roffQuote is a .TH argument: quoted, quotes inside doubled.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roffText(s), `"`, `""`) + `"`
}
