package account

import (
	"fmt"

	"github.com/ramtui/ramtui/policy"
)

// Custom policies of the demo account, several with a version history.

// ossDirectoryPolicy is the policy package's OSS directory template (ram-api.md §5.5).
func (sd *seeder) ossDirectoryPolicy(bucket, dir string, access policy.OSSAccess) string {
	d, err := policy.OSSDirectoryPolicy(bucket, dir, access)
	if err != nil {
		sd.fail("OSS directory policy for %s/%s: %v", bucket, dir, err)
		return ""
	}
	return d.Pretty()
}

func allow(actions, resources string) string {
	return fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":[%s],"Resource":[%s]}]}`, actions, resources)
}

func (sd *seeder) customPolicies(acct string) {
	// v1 was read-only; v2 (default) adds writes.
	const bucket, dir = "oss-test", "dir111/dir111_secondline1/"
	sd.policy("oss-test-dir111", "Custom", "Read/write oss-test/dir111/dir111_secondline1/ (used by role oss-test-sts)", 195, 1,
		sd.ossDirectoryPolicy(bucket, dir, policy.OSSList|policy.OSSRead),
		sd.ossDirectoryPolicy(bucket, dir, policy.OSSList|policy.OSSRead|policy.OSSWrite|policy.OSSDelete))

	sd.policy("ci-deploy", "Custom", "What the CI pipeline needs to roll out releases", 890, 3,
		allow(`"ecs:DescribeInstances","ecs:RebootInstance"`, `"*"`),
		allow(`"ecs:DescribeInstances","ecs:RebootInstance","ecs:RunCommand"`, `"*"`),
		allow(`"ecs:Describe*","ecs:RebootInstance","ecs:RunCommand","cr:PushRepository","cr:PullRepository"`, `"*"`),
		allow(`"ecs:Describe*","ecs:RebootInstance","ecs:RunCommand","ecs:InvokeCommand","cr:*Repository","slb:SetBackendServers"`, `"*"`),
		allow(`"ecs:Describe*","ecs:RebootInstance","ecs:RunCommand","ecs:InvokeCommand","cr:*Repository","slb:SetBackendServers","oos:StartExecution"`, `"*"`),
	)
	sd.policy("dev-oss-rw", "Custom", "Developers: read/write the dev buckets", 700, 2,
		allow(`"oss:GetObject","oss:PutObject"`, `"acs:oss:*:*:acme-dev/*"`),
		allow(`"oss:GetObject","oss:PutObject","oss:ListObjects"`, `"acs:oss:*:*:acme-dev","acs:oss:*:*:acme-dev/*"`),
		allow(`"oss:GetObject","oss:PutObject","oss:DeleteObject","oss:ListObjects"`, `"acs:oss:*:*:acme-dev","acs:oss:*:*:acme-dev/*","acs:oss:*:*:acme-staging/*"`),
	)
	sd.policy("data-lake-access", "Custom", "Data team: the data lake buckets and the analytics RDS", 840, 3,
		allow(`"oss:GetObject","oss:ListObjects"`, `"acs:oss:*:*:acme-datalake","acs:oss:*:*:acme-datalake/*"`),
		allow(`"oss:GetObject","oss:PutObject","oss:ListObjects"`, `"acs:oss:*:*:acme-datalake","acs:oss:*:*:acme-datalake/*"`),
		allow(`"oss:GetObject","oss:PutObject","oss:ListObjects","rds:DescribeDBInstances"`, `"acs:oss:*:*:acme-datalake","acs:oss:*:*:acme-datalake/*","acs:rds:*:*:*"`),
		allow(`"oss:GetObject","oss:PutObject","oss:ListObjects","rds:Describe*","dataworks:*"`, `"acs:oss:*:*:acme-datalake","acs:oss:*:*:acme-datalake/*","acs:rds:*:*:*","acs:dataworks:*:*:*"`),
	)
	sd.policy("deny-actiontrail-delete", "Custom", "Guard rail: nobody in this group may stop or delete trails", 690, 0,
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":["actiontrail:DeleteTrail","actiontrail:StopLogging","actiontrail:UpdateTrail"],"Resource":["*"]}]}`)
	sd.policy("assume-ops-roles", "Custom", "May assume the ops-* and prod-* roles", 800, 1,
		allow(`"sts:AssumeRole"`, fmt.Sprintf(`"acs:ram::%s:role/ops-*"`, acct)),
		allow(`"sts:AssumeRole"`, fmt.Sprintf(`"acs:ram::%[1]s:role/ops-*","acs:ram::%[1]s:role/prod-*"`, acct)),
	)
	sd.policy("ecs-restart-from-office", "Custom", "Restart ECS instances, only from the office network", 390, 0,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:RebootInstance","ecs:StartInstance","ecs:StopInstance"],"Resource":["*"],"Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}}]}`)
	sd.policy("billing-export", "Custom", "Export bills to the finance bucket", 590, 0,
		allow(`"bss:DescribeBill*","bssapi:QueryBill*","oss:PutObject"`, `"*"`))
	sd.policy("kms-decrypt-app", "Custom", "Decrypt application secrets with the app key", 750, 2,
		allow(`"kms:Decrypt"`, `"*"`),
		allow(`"kms:Decrypt","kms:GenerateDataKey"`, fmt.Sprintf(`"acs:kms:cn-hangzhou:%s:key/*"`, acct)),
		allow(`"kms:Decrypt","kms:GenerateDataKey","kms:GetSecretValue"`, fmt.Sprintf(`"acs:kms:cn-hangzhou:%[1]s:key/*","acs:kms:cn-hangzhou:%[1]s:secret/app/*"`, acct)),
	)
	sd.policy("legacy-unused", "Custom", "No longer attached anywhere; kept for reference", 1000, 0,
		allow(`"ecs:DescribeInstances"`, `"*"`))
}
