package access

import (
	"context"
	"sort"
	"strings"

	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// builtinActions are common actions of common services, so completion offers them even in an
// account whose policies never name them.
var builtinActions = []string{
	"ecs:DescribeInstances", "ecs:StartInstance", "ecs:StopInstance", "ecs:RebootInstance", "ecs:RunCommand",
	"ecs:CreateInstance", "ecs:DeleteInstance",
	"oss:ListBuckets", "oss:GetBucketInfo", "oss:ListObjects", "oss:GetObject", "oss:PutObject",
	"oss:DeleteObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObjectAcl", "oss:PutObjectAcl",
	"ram:ListUsers", "ram:GetUser", "ram:CreateUser", "ram:DeleteUser", "ram:ListRoles", "ram:GetRole",
	"ram:CreateRole", "ram:DeleteRole", "ram:ListPolicies", "ram:GetPolicy", "ram:CreatePolicy",
	"ram:AttachPolicyToUser", "ram:AttachPolicyToRole", "ram:CreateAccessKey", "ram:DeleteAccessKey",
	"sts:AssumeRole", "sts:GetCallerIdentity",
	"vpc:DescribeVpcs", "vpc:CreateVpc", "slb:DescribeLoadBalancers", "rds:DescribeDBInstances",
	"kms:Decrypt", "kms:Encrypt", "log:GetLogStore", "log:PostLogStoreLogs", "cms:DescribeMetricList",
	"actiontrail:LookupEvents", "actiontrail:DeleteTrail", "cr:PullRepository", "cr:PushRepository",
	"fc:InvokeFunction", "cs:DescribeClusters",
}

// Actions is the completion source: every action the documents mention (wildcards included,
// as written) and the built-in list, sorted case-insensitively, without duplicates.
func Actions(docs ...*policy.Document) []string {
	seen := map[string]bool{}
	var out []string
	add := func(a string) {
		if k := strings.ToLower(a); a != "" && !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, s := range d.Statement {
			for _, a := range s.Action {
				add(a)
			}
		}
	}
	for _, a := range builtinActions {
		add(a)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

// Complete returns the actions that start with prefix (case-insensitively).
func Complete(actions []string, prefix string) []string {
	var out []string
	p := strings.ToLower(prefix)
	for _, a := range actions {
		if strings.HasPrefix(strings.ToLower(a), p) {
			out = append(out, a)
		}
	}
	return out
}

// LoadActions is the completion source of an account: the actions its custom policies mention
// (each default document read once, ramclient bounding the calls in flight) and the built-in
// list. System policies are left out: their documents are Alibaba Cloud's, mostly wildcards.
func LoadActions(ctx context.Context, c *ramclient.Client) ([]string, error) {
	pols, err := c.AllPolicies(ctx, ramclient.PolicyCustom)
	if err != nil {
		return nil, err
	}
	docs := make([]*policy.Document, len(pols))
	err = parallel.Each(len(pols), func(i int) error {
		p, err := c.GetPolicy(ctx, pols[i].PolicyName, ramclient.PolicyCustom)
		if err != nil {
			return err
		}
		docs[i], _ = policy.Parse(p.Document, policy.Permission) // one that does not parse adds nothing
		return nil
	})
	if err != nil {
		return nil, err
	}
	return Actions(docs...), nil
}
