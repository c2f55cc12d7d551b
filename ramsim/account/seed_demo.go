package account

import "fmt"

// The demo data set: a believable mid-sized company. Names and structure are fixed (the TUI's
// tests and the README rely on them); ids and secrets are random.
//
// What the rest of ramtui relies on:
//   - user ops-admin (AdministratorAccess, no AccessKey: --demo issues one) may assume
//     ops-readonly (trusts ops-admin), prod-admin and dev-deploy (trust the account), and
//     finance-export with ExternalId "fin-export-2024"; it can NOT assume security-audit (trusts
//     only zhou.jie), ecs-app-role (a service role), or the OIDC/SAML roles.
//   - user devops_test (AliyunSTSAssumeRoleAccess, one key) may assume oss-test-sts, which grants
//     bucket oss-test, directory dir111/dir111_secondline1/.

func (sd *seeder) demo() {
	acct := sd.s.AccountID
	sd.s.Alias = "acme-cloud"

	users := []seedUser{
		{"ops-admin", "Ops Admin", "ops-admin@acme.example.com", "86-13800000001", "Ops team administrator; signs in with MFA.", 1080},
		{"zhang.wei", "张伟", "zhang.wei@acme.example.com", "86-13800000002", "运维负责人 (ops lead)", 1010},
		{"li.na", "李娜", "li.na@acme.example.com", "86-13800000003", "运维工程师 (ops engineer)", 870},
		{"david.kim", "David Kim", "david.kim@acme.example.com", "", "SRE, on-call rotation", 420},
		{"wang.fang", "王芳", "wang.fang@acme.example.com", "86-13800000004", "后端开发 (backend)", 950},
		{"liu.yang", "刘洋", "liu.yang@acme.example.com", "", "前端开发 (frontend)", 700},
		{"alice.wong", "Alice Wong", "alice.wong@acme.example.com", "852-61234567", "Mobile team lead", 640},
		{"bob.smith", "Bob Smith", "bob.smith@contractor.example.net", "", "Contractor; access ends with the project", 300},
		{"chen.jing", "陈静", "chen.jing@acme.example.com", "86-13800000005", "数据工程师 (data engineer)", 820},
		{"yang.lei", "杨磊", "yang.lei@acme.example.com", "", "数据分析 (analytics)", 560},
		{"carol.lee", "Carol Lee", "carol.lee@acme.example.com", "", "ML engineer", 210},
		{"zhao.min", "赵敏", "zhao.min@acme.example.com", "86-13800000006", "财务经理 (finance manager)", 990},
		{"huang.li", "黄丽", "huang.li@acme.example.com", "", "会计 (accountant)", 480},
		{"zhou.jie", "周杰", "zhou.jie@acme.example.com", "86-13800000007", "安全负责人 (security lead)", 1050},
		{"wu.hao", "吴昊", "wu.hao@acme.example.com", "", "内审 (internal audit)", 380},
		{"sun.yue", "孙悦", "sun.yue@acme.example.com", "", "实习生 (intern), summer 2026", 45},
		{"devops_test", "DevOps Test", "devops@acme.example.com", "", "STS test user: assumes oss-test-sts for uploads", 200},
		{"ci-deployer", "CI Deployer", "", "", "GitLab CI pipeline: deploys to ECS and pushes images", 900},
		{"backup-bot", "Backup Bot", "", "", "Nightly database backups to OSS", 760},
		{"monitoring-agent", "Monitoring Agent", "", "", "Prometheus exporter for CloudMonitor metrics", 530},
		{"legacy-app", "Legacy App", "", "", "Old order service; key should be rotated", 1060},
	}
	for _, u := range users {
		sd.user(u)
	}

	groups := []struct {
		name, comments string
		days           int
		members        []string
		policies       []string
	}{
		{"ops", "Operations: ECS, VPC, SLB", 1070, []string{"ops-admin", "zhang.wei", "li.na", "david.kim"},
			[]string{"AliyunECSFullAccess", "AliyunVPCFullAccess", "AliyunSLBFullAccess", "AliyunCloudMonitorFullAccess"}},
		{"oncall", "Pager rotation: read everything, restart ECS", 400, []string{"zhang.wei", "li.na", "david.kim"},
			[]string{"ReadOnlyAccess", "ecs-restart-from-office"}},
		{"developers", "Application developers", 980, []string{"wang.fang", "liu.yang", "alice.wong", "bob.smith", "sun.yue"},
			[]string{"AliyunECSReadOnlyAccess", "AliyunLogReadOnlyAccess", "dev-oss-rw", "AliyunContainerRegistryFullAccess"}},
		{"data-team", "Data platform and analytics", 850, []string{"chen.jing", "yang.lei", "carol.lee"},
			[]string{"AliyunOSSReadOnlyAccess", "AliyunRDSReadOnlyAccess", "data-lake-access"}},
		{"finance", "Finance and billing", 995, []string{"zhao.min", "huang.li"},
			[]string{"AliyunBSSReadOnlyAccess"}},
		{"auditors", "Internal audit (read-only)", 700, []string{"zhou.jie", "wu.hao"},
			[]string{"ReadOnlyAccess", "AliyunActionTrailFullAccess", "deny-actiontrail-delete"}},
		{"security", "Security team", 1040, []string{"zhou.jie"},
			[]string{"AliyunRAMReadOnlyAccess", "AliyunYundunSASFullAccess", "AliyunKMSReadOnlyAccess"}},
	}

	sd.customPolicies(acct)
	for _, g := range groups {
		sd.group(g.name, g.comments, g.days)
		for i, m := range g.members {
			sd.join(m, g.name, g.days-10-i*17)
		}
		for i, p := range g.policies {
			sd.attach("group", g.name, p, g.days-5-i*31)
		}
	}

	// Direct attachments.
	for _, a := range []struct{ user, policy string }{
		{"ops-admin", "AdministratorAccess"},
		{"devops_test", "AliyunSTSAssumeRoleAccess"},
		{"ci-deployer", "ci-deploy"},
		{"ci-deployer", "AliyunSTSAssumeRoleAccess"},
		{"backup-bot", "AliyunOSSFullAccess"},
		{"backup-bot", "AliyunRDSReadOnlyAccess"},
		{"monitoring-agent", "AliyunCloudMonitorReadOnlyAccess"},
		{"legacy-app", "AliyunOSSFullAccess"},
		{"legacy-app", "AliyunRDSFullAccess"},
		{"zhang.wei", "assume-ops-roles"},
		{"carol.lee", "kms-decrypt-app"},
		{"zhao.min", "billing-export"},
		{"zhou.jie", "AliyunSTSAssumeRoleAccess"},
	} {
		sd.attach("user", a.user, a.policy, 150)
	}

	sd.demoRoles(acct)

	// AccessKeys of varied ages: (user, created days ago, last used days ago or -1, active).
	for _, k := range []struct {
		user          string
		created, used int
		active        bool
	}{
		{"devops_test", 190, 2, true},
		{"ci-deployer", 880, 0, true},
		{"ci-deployer", 30, 1, true},
		{"backup-bot", 740, 0, true},
		{"monitoring-agent", 520, 0, true},
		{"legacy-app", 1050, 210, true}, // older than 400 days and idle: rotate me
		{"bob.smith", 280, 95, false},   // contractor key, disabled
		{"wang.fang", 330, 12, true},
		{"chen.jing", 410, 40, true},
		{"zhang.wei", 600, 3, true},
		{"sun.yue", 40, -1, true}, // never used
	} {
		sd.key(k.user, k.created, k.used, k.active)
	}

	// Console users.
	for _, l := range []struct {
		user  string
		days  int
		reset bool
		mfa   bool
	}{
		{"ops-admin", 1070, false, true}, {"zhang.wei", 1000, false, true}, {"li.na", 860, false, false},
		{"david.kim", 410, false, false}, {"wang.fang", 940, false, false}, {"liu.yang", 690, false, false},
		{"alice.wong", 630, false, false}, {"chen.jing", 810, false, false}, {"yang.lei", 550, false, false},
		{"zhao.min", 980, false, true}, {"huang.li", 470, false, false}, {"zhou.jie", 1040, false, true},
		{"wu.hao", 370, false, false}, {"sun.yue", 44, true, false},
	} {
		sd.loginProfile(l.user, l.days, l.reset, l.mfa)
	}
	for _, u := range []string{"ops-admin", "zhang.wei", "zhao.min", "zhou.jie"} {
		sd.mfa(u, 900)
	}
	sd.demoFederation() // seed_demo_federation.go
}

func (sd *seeder) demoRoles(acct string) {
	trustRAM := func(principals string, extra string) string {
		return fmt.Sprintf(`{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": [%s]
      }%s
    }
  ],
  "Version": "1"
}`, principals, extra)
	}
	root := fmt.Sprintf(`"acs:ram::%s:root"`, acct)
	userP := func(n string) string { return fmt.Sprintf(`"acs:ram::%s:user/%s"`, acct, n) }
	extID := func(id string) string {
		return fmt.Sprintf(`,
      "Condition": {
        "StringEquals": {
          "sts:ExternalId": "%s"
        }
      }`, id)
	}

	roles := []struct {
		name, desc, trust string
		maxDur            int64
		days              int
		policies          []string
	}{
		{"ops-readonly", "Read-only view for ops-admin's day-to-day work", trustRAM(userP("ops-admin"), ""), 3600, 1000,
			[]string{"ReadOnlyAccess"}},
		{"prod-admin", "Production administration; any RAM user allowed to assume roles", trustRAM(root, ""), 3600, 1020,
			[]string{"AdministratorAccess"}},
		{"dev-deploy", "Deployment role used by CI and developers", trustRAM(root, ""), 7200, 880,
			[]string{"ci-deploy", "AliyunContainerRegistryFullAccess"}},
		{"oss-test-sts", "Upload access to oss-test/dir111/dir111_secondline1/ for devops_test", trustRAM(userP("devops_test"), ""), 3600, 195,
			[]string{"oss-test-dir111"}},
		{"security-audit", "Security audits; only the security lead may assume it", trustRAM(userP("zhou.jie"), ""), 3600, 1030,
			[]string{"ReadOnlyAccess", "AliyunActionTrailFullAccess"}},
		{"finance-export", "Billing export; callers must present the ExternalId", trustRAM(root, extID("fin-export-2024")), 3600, 600,
			[]string{"AliyunBSSReadOnlyAccess", "billing-export"}},
		{"vendor-monitoring", "Monitoring vendor (account 1357924680135792) with ExternalId", trustRAM(`"acs:ram::1357924680135792:root"`, extID("acme-7f3c9a")), 3600, 450,
			[]string{"AliyunCloudMonitorReadOnlyAccess"}},
		{"ecs-app-role", "Instance role for the order service on ECS", `{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": ["ecs.aliyuncs.com"]
      }
    }
  ],
  "Version": "1"
}`, 3600, 760, []string{"AliyunOSSReadOnlyAccess", "kms-decrypt-app"}},
		{"ack-rrsa-logging", "ACK RRSA: the logging service account of cluster prod", fmt.Sprintf(`{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "oidc:aud": ["sts.aliyuncs.com"],
          "oidc:iss": ["https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c8f3e2a1b4d5"],
          "oidc:sub": ["system:serviceaccount:logging:fluent-bit"]
        }
      },
      "Effect": "Allow",
      "Principal": {
        "Federated": ["acs:ram::%s:oidc-provider/ack-rrsa-c8f3e2a1b4d5"]
      }
    }
  ],
  "Version": "1"
}`, acct), 3600, 300, []string{"AliyunLogFullAccess"}},
		{"sso-admin", "Corporate SSO (Azure AD) administrators", fmt.Sprintf(`{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "saml:recipient": "https://signin.aliyun.com/saml-role/sso"
        }
      },
      "Effect": "Allow",
      "Principal": {
        "Federated": ["acs:ram::%s:saml-provider/azure-ad"]
      }
    }
  ],
  "Version": "1"
}`, acct), 43200, 500, []string{"AdministratorAccess"}},
	}
	for _, r := range roles {
		sd.role(r.name, r.desc, r.trust, r.maxDur, r.days)
		for i, p := range r.policies {
			sd.attach("role", r.name, p, r.days-3-i*20)
		}
	}
}
