package grant

import (
	"fmt"
	"strings"
	"time"
)

// Endpoint is the public OSS endpoint of a region ("" when the region is unknown).
func Endpoint(region string) string {
	if region == "" {
		return ""
	}
	return "oss-" + region + ".aliyuncs.com"
}

// Handover is the note for the developer: what was granted and how to use it. It holds no
// secret (the developer signs in with their own AccessKey).
func Handover(p *Plan) string {
	r := p.Request
	var b strings.Builder
	fmt.Fprintf(&b, "Role ARN:     %s\n", p.RoleARN)
	fmt.Fprintf(&b, "Max session:  %s\n", fmtDuration(r.MaxSession))
	fmt.Fprintf(&b, "Bucket:       %s\n", r.Bucket)
	fmt.Fprintf(&b, "Directory:    %s\n", r.Dir)
	fmt.Fprintf(&b, "Access:       %s\n", AccessString(r.Access))
	if r.Region != "" {
		fmt.Fprintf(&b, "Region:       %s (OSS endpoint %s)\n", r.Region, Endpoint(r.Region))
	} else {
		b.WriteString("Region:       (not given: use the bucket's region endpoint, oss-<region>.aliyuncs.com)\n")
	}
	fmt.Fprintf(&b, "For:          RAM user %s (only this user may assume the role)\n", r.User)
	b.WriteString("\nSigned in as that user, get temporary credentials with:\n")
	for _, c := range HandoverCommands(p) {
		b.WriteString("  " + c + "\n")
	}
	return b.String()
}

// HandoverCommands are the note's shell commands, each a line of it as it is (a screen too
// narrow for one shows it on several lines with "\" continuations: the same command).
func HandoverCommands(p *Plan) []string {
	r := p.Request
	return []string{
		fmt.Sprintf("ramtui assume %s --duration %s -- ossutil ls oss://%s/%s", p.RoleARN, fmtDuration(r.MaxSession), r.Bucket, r.Dir),
		fmt.Sprintf("aliyun sts AssumeRole --RoleArn %s --RoleSessionName %s --DurationSeconds %d",
			p.RoleARN, sessionNameFor(r.User), int(r.MaxSession/time.Second)),
	}
}

// sessionNameFor suggests a RoleSessionName (2-64 of [A-Za-z0-9.@_-]) naming the user.
func sessionNameFor(user string) string {
	if len(user) < 2 {
		return user + "-session"
	}
	return user
}

func fmtDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
