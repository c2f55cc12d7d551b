package policy

// SystemPolicy is a built-in policy that ramsim seeds (PolicyType "System"). The documents
// approximate Alibaba Cloud's: names are real, the statements are simplified.
type SystemPolicy struct {
	Name        string
	Description string
	Document    string // canonical Pretty form; parses as Permission
}

type sysDef struct {
	name, desc string
	actions    []string
}

// readActions are the read-only API prefixes of a service.
func readActions(svc string) []string {
	return []string{svc + ":Describe*", svc + ":List*", svc + ":Get*", svc + ":Query*"}
}

// fullAndRead defines the usual pair Aliyun<X>FullAccess / Aliyun<X>ReadOnlyAccess.
func fullAndRead(x, product, svc string) []sysDef {
	return []sysDef{
		{"Aliyun" + x + "FullAccess", "Provides full access to " + product + ".", []string{svc + ":*"}},
		{"Aliyun" + x + "ReadOnlyAccess", "Provides read-only access to " + product + ".", readActions(svc)},
	}
}

func systemDefs() []sysDef {
	defs := []sysDef{
		{"AdministratorAccess", "Provides full access to all Alibaba Cloud services and resources.", []string{"*"}},
		{"ReadOnlyAccess", "Provides read-only access to all Alibaba Cloud services and resources.",
			[]string{"*:Describe*", "*:List*", "*:Get*", "*:BatchGet*", "*:Query*", "*:BatchQuery*", "*:Check*"}},
		{"AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM): users, groups, roles and policies.", []string{"ram:*"}},
		{"AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management (RAM).", []string{"ram:Get*", "ram:List*"}},
		{"AliyunSTSAssumeRoleAccess", "Allows calling Security Token Service (STS) AssumeRole.", []string{"sts:AssumeRole"}},
		{"AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS).", []string{"oss:*"}},
		{"AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS).", []string{"oss:Get*", "oss:List*"}},
		{"AliyunECSFullAccess", "Provides full access to Elastic Compute Service (ECS).", []string{"ecs:*"}},
		{"AliyunECSReadOnlyAccess", "Provides read-only access to Elastic Compute Service (ECS).", []string{"ecs:Describe*"}},
		{"AliyunECSNetworkInterfaceManagementAccess", "Allows managing ECS elastic network interfaces.", []string{"ecs:*NetworkInterface*"}},
		{"AliyunVPCFullAccess", "Provides full access to Virtual Private Cloud (VPC).", []string{"vpc:*"}},
		{"AliyunVPCReadOnlyAccess", "Provides read-only access to Virtual Private Cloud (VPC).", []string{"vpc:Describe*"}},
		{"AliyunEIPFullAccess", "Provides full access to Elastic IP Address (EIP).", []string{"vpc:*EipAddress*", "vpc:*HighDefinitionMonitorLogAttribute*"}},
		{"AliyunEIPReadOnlyAccess", "Provides read-only access to Elastic IP Address (EIP).", []string{"vpc:Describe*EipAddress*"}},
		{"AliyunNATGatewayFullAccess", "Provides full access to NAT Gateway.", []string{"vpc:*Nat*", "vpc:*SnatEntry*", "vpc:*ForwardEntry*"}},
		{"AliyunNATGatewayReadOnlyAccess", "Provides read-only access to NAT Gateway.", []string{"vpc:Describe*Nat*", "vpc:Describe*SnatTable*", "vpc:Describe*ForwardTable*"}},
		{"AliyunActionTrailFullAccess", "Provides full access to ActionTrail.", []string{"actiontrail:*"}},
		{"AliyunKMSFullAccess", "Provides full access to Key Management Service (KMS).", []string{"kms:*"}},
		{"AliyunKMSReadOnlyAccess", "Provides read-only access to Key Management Service (KMS).", readActions("kms")},
		{"AliyunKMSCryptoAccess", "Allows cryptographic operations with Key Management Service (KMS) keys.",
			[]string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
				"kms:GenerateAndExportDataKey", "kms:ExportDataKey", "kms:AsymmetricSign", "kms:AsymmetricVerify",
				"kms:AsymmetricEncrypt", "kms:AsymmetricDecrypt", "kms:GetPublicKey", "kms:DescribeKey"}},
		{"AliyunFCFullAccess", "Provides full access to Function Compute (FC).", []string{"fc:*"}},
		{"AliyunFCReadOnlyAccess", "Provides read-only access to Function Compute (FC).", readActions("fc")},
		{"AliyunFCInvocationAccess", "Allows invoking Function Compute (FC) functions.", []string{"fc:InvokeFunction"}},
		{"AliyunOTSFullAccess", "Provides full access to Tablestore (OTS).", []string{"ots:*"}},
		{"AliyunOTSReadOnlyAccess", "Provides read-only access to Tablestore (OTS).", []string{"ots:BatchGet*", "ots:Describe*", "ots:Get*", "ots:List*"}},
		{"AliyunOTSWriteOnlyAccess", "Provides write-only access to Tablestore (OTS).", []string{"ots:Create*", "ots:Insert*", "ots:Put*", "ots:Update*", "ots:Delete*", "ots:BatchWrite*"}},
		{"AliyunSupportFullAccess", "Provides full access to support tickets.", []string{"support:*"}},
	}
	for _, p := range [][3]string{
		{"SLB", "Server Load Balancer (SLB)", "slb"},
		{"ALB", "Application Load Balancer (ALB)", "alb"},
		{"RDS", "ApsaraDB RDS", "rds"},
		{"Polardb", "PolarDB", "polardb"},
		{"Kvstore", "ApsaraDB for Redis / Tair (KVStore)", "kvstore"},
		{"MongoDB", "ApsaraDB for MongoDB", "dds"},
		{"CDN", "Alibaba Cloud CDN", "cdn"},
		{"DNS", "Alibaba Cloud DNS", "alidns"},
		{"PubDNS", "Public DNS", "pubdns"},
		{"Log", "Simple Log Service (SLS)", "log"},
		{"CloudMonitor", "CloudMonitor", "cms"},
		{"CS", "Container Service for Kubernetes (ACK)", "cs"},
		{"ContainerRegistry", "Container Registry (ACR)", "cr"},
		{"NAS", "File Storage NAS", "nas"},
		{"MNS", "Message Service (MNS)", "mns"},
		{"ESS", "Auto Scaling (ESS)", "ess"},
		{"ROS", "Resource Orchestration Service (ROS)", "ros"},
		{"OOS", "CloudOps Orchestration Service (OOS)", "oos"},
		{"ECI", "Elastic Container Instance (ECI)", "eci"},
		{"BSS", "Billing Management (BSS)", "bss"},
		{"TAG", "Tag Service", "tag"},
		{"ResourceDirectory", "Resource Directory", "resourcemanager"},
		{"YundunWAF", "Web Application Firewall (WAF)", "yundun-waf"},
		{"YundunSAS", "Security Center (SAS)", "yundun-sas"},
	} {
		defs = append(defs, fullAndRead(p[0], p[1], p[2])...)
	}
	return defs
}

// SystemPolicies returns the system policies ramsim seeds, in a fixed order, each with a
// canonical document that parses as a Permission policy. The slice is fresh on every call.
func SystemPolicies() []SystemPolicy {
	defs := systemDefs()
	out := make([]SystemPolicy, len(defs))
	for i, d := range defs {
		doc := &Document{Version: "1", Statement: []Statement{{Effect: Allow, Action: d.actions, Resource: []string{"*"}}}}
		out[i] = SystemPolicy{Name: d.name, Description: d.desc, Document: doc.Pretty()}
	}
	return out
}
