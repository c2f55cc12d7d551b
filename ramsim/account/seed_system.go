package account

import (
	"encoding/json"
	"time"
)

// The system policies every account has (ram-api.md §6.2). Names and descriptions follow the
// service; the documents are approximations of the real ones (which the docs do not publish in
// full). All are v1 and dated when the service introduced them, roughly.

type systemPolicy struct {
	name, description string
	actions           []string
}

var systemPolicyTable = []systemPolicy{
	{"AdministratorAccess", "Provides full access to Alibaba Cloud services and resources.", []string{"*"}},
	{"ReadOnlyAccess", "Provides read-only access to Alibaba Cloud services and resources.",
		[]string{"*:Describe*", "*:List*", "*:Get*", "*:BatchGet*", "*:Query*", "*:BatchQuery*"}},
	{"AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM).", []string{"ram:*"}},
	{"AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management (RAM).", []string{"ram:Get*", "ram:List*"}},
	{"AliyunSTSAssumeRoleAccess", "Provides permissions to call the AssumeRole operation of Security Token Service (STS).", []string{"sts:AssumeRole"}},
	{"AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS).", []string{"oss:*"}},
	{"AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS).", []string{"oss:Get*", "oss:List*"}},
	{"AliyunECSFullAccess", "Provides full access to Elastic Compute Service (ECS).", []string{"ecs:*"}},
	{"AliyunECSReadOnlyAccess", "Provides read-only access to Elastic Compute Service (ECS).", []string{"ecs:Describe*", "ecs:List*"}},
	{"AliyunECSNetworkInterfaceManagementAccess", "Provides permissions to manage ECS elastic network interfaces.", []string{"ecs:*NetworkInterface*"}},
	{"AliyunVPCFullAccess", "Provides full access to Virtual Private Cloud (VPC).", []string{"vpc:*"}},
	{"AliyunVPCReadOnlyAccess", "Provides read-only access to Virtual Private Cloud (VPC).", []string{"vpc:Describe*", "vpc:List*", "vpc:Get*"}},
	{"AliyunEIPFullAccess", "Provides full access to Elastic IP Address (EIP).", []string{"vpc:*EipAddress*", "vpc:*HighDefinitionMonitorLogAttribute"}},
	{"AliyunEIPReadOnlyAccess", "Provides read-only access to Elastic IP Address (EIP).", []string{"vpc:DescribeEip*"}},
	{"AliyunNATGatewayFullAccess", "Provides full access to NAT Gateway.", []string{"vpc:*Nat*", "vpc:*Snat*", "vpc:*ForwardEntry*"}},
	{"AliyunNATGatewayReadOnlyAccess", "Provides read-only access to NAT Gateway.", []string{"vpc:DescribeNat*", "vpc:DescribeSnat*", "vpc:DescribeForwardTable*"}},
	{"AliyunSLBFullAccess", "Provides full access to Server Load Balancer (SLB).", []string{"slb:*"}},
	{"AliyunSLBReadOnlyAccess", "Provides read-only access to Server Load Balancer (SLB).", []string{"slb:Describe*"}},
	{"AliyunALBFullAccess", "Provides full access to Application Load Balancer (ALB).", []string{"alb:*"}},
	{"AliyunALBReadOnlyAccess", "Provides read-only access to Application Load Balancer (ALB).", []string{"alb:Get*", "alb:List*"}},
	{"AliyunRDSFullAccess", "Provides full access to ApsaraDB RDS.", []string{"rds:*"}},
	{"AliyunRDSReadOnlyAccess", "Provides read-only access to ApsaraDB RDS.", []string{"rds:Describe*"}},
	{"AliyunPolardbFullAccess", "Provides full access to PolarDB.", []string{"polardb:*"}},
	{"AliyunPolardbReadOnlyAccess", "Provides read-only access to PolarDB.", []string{"polardb:Describe*"}},
	{"AliyunKvstoreFullAccess", "Provides full access to ApsaraDB for Redis (Tair).", []string{"kvstore:*"}},
	{"AliyunKvstoreReadOnlyAccess", "Provides read-only access to ApsaraDB for Redis (Tair).", []string{"kvstore:Describe*"}},
	{"AliyunMongoDBFullAccess", "Provides full access to ApsaraDB for MongoDB.", []string{"dds:*"}},
	{"AliyunMongoDBReadOnlyAccess", "Provides read-only access to ApsaraDB for MongoDB.", []string{"dds:Describe*"}},
	{"AliyunCDNFullAccess", "Provides full access to Alibaba Cloud CDN.", []string{"cdn:*"}},
	{"AliyunCDNReadOnlyAccess", "Provides read-only access to Alibaba Cloud CDN.", []string{"cdn:Describe*"}},
	{"AliyunDNSFullAccess", "Provides full access to Alibaba Cloud DNS.", []string{"alidns:*"}},
	{"AliyunDNSReadOnlyAccess", "Provides read-only access to Alibaba Cloud DNS.", []string{"alidns:Describe*"}},
	{"AliyunPubDNSFullAccess", "Provides full access to Public DNS.", []string{"pubdns:*"}},
	{"AliyunPubDNSReadOnlyAccess", "Provides read-only access to Public DNS.", []string{"pubdns:Describe*"}},
	{"AliyunLogFullAccess", "Provides full access to Simple Log Service (SLS).", []string{"log:*"}},
	{"AliyunLogReadOnlyAccess", "Provides read-only access to Simple Log Service (SLS).", []string{"log:Get*", "log:List*"}},
	{"AliyunCloudMonitorFullAccess", "Provides full access to CloudMonitor.", []string{"cms:*"}},
	{"AliyunCloudMonitorReadOnlyAccess", "Provides read-only access to CloudMonitor.", []string{"cms:Describe*", "cms:Query*", "cms:List*"}},
	{"AliyunActionTrailFullAccess", "Provides full access to ActionTrail.", []string{"actiontrail:*"}},
	{"AliyunKMSFullAccess", "Provides full access to Key Management Service (KMS).", []string{"kms:*"}},
	{"AliyunKMSReadOnlyAccess", "Provides read-only access to Key Management Service (KMS).", []string{"kms:Describe*", "kms:List*", "kms:Get*"}},
	{"AliyunKMSCryptoAccess", "Provides permissions to use KMS keys for cryptographic operations.", []string{"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:AsymmetricSign", "kms:AsymmetricVerify"}},
	{"AliyunCSFullAccess", "Provides full access to Container Service for Kubernetes (ACK).", []string{"cs:*"}},
	{"AliyunCSReadOnlyAccess", "Provides read-only access to Container Service for Kubernetes (ACK).", []string{"cs:Get*", "cs:Describe*", "cs:Check*"}},
	{"AliyunContainerRegistryFullAccess", "Provides full access to Container Registry (ACR).", []string{"cr:*"}},
	{"AliyunContainerRegistryReadOnlyAccess", "Provides read-only access to Container Registry (ACR).", []string{"cr:Get*", "cr:List*", "cr:Pull*"}},
	{"AliyunFCFullAccess", "Provides full access to Function Compute.", []string{"fc:*"}},
	{"AliyunFCReadOnlyAccess", "Provides read-only access to Function Compute.", []string{"fc:Get*", "fc:List*"}},
	{"AliyunFCInvocationAccess", "Provides permissions to invoke functions in Function Compute.", []string{"fc:InvokeFunction"}},
	{"AliyunNASFullAccess", "Provides full access to File Storage NAS.", []string{"nas:*"}},
	{"AliyunNASReadOnlyAccess", "Provides read-only access to File Storage NAS.", []string{"nas:Describe*"}},
	{"AliyunOTSFullAccess", "Provides full access to Tablestore.", []string{"ots:*"}},
	{"AliyunOTSReadOnlyAccess", "Provides read-only access to Tablestore.", []string{"ots:BatchGet*", "ots:Describe*", "ots:Get*", "ots:List*"}},
	{"AliyunOTSWriteOnlyAccess", "Provides write-only access to Tablestore.", []string{"ots:Create*", "ots:Insert*", "ots:Put*", "ots:Update*", "ots:Delete*", "ots:BatchWrite*"}},
	{"AliyunMNSFullAccess", "Provides full access to Message Service (MNS).", []string{"mns:*"}},
	{"AliyunMNSReadOnlyAccess", "Provides read-only access to Message Service (MNS).", []string{"mns:Get*", "mns:List*"}},
	{"AliyunESSFullAccess", "Provides full access to Auto Scaling.", []string{"ess:*"}},
	{"AliyunESSReadOnlyAccess", "Provides read-only access to Auto Scaling.", []string{"ess:Describe*"}},
	{"AliyunROSFullAccess", "Provides full access to Resource Orchestration Service (ROS).", []string{"ros:*"}},
	{"AliyunROSReadOnlyAccess", "Provides read-only access to Resource Orchestration Service (ROS).", []string{"ros:Describe*", "ros:Get*", "ros:List*"}},
	{"AliyunOOSFullAccess", "Provides full access to CloudOps Orchestration Service (OOS).", []string{"oos:*"}},
	{"AliyunOOSReadOnlyAccess", "Provides read-only access to CloudOps Orchestration Service (OOS).", []string{"oos:Get*", "oos:List*"}},
	{"AliyunECIFullAccess", "Provides full access to Elastic Container Instance (ECI).", []string{"eci:*"}},
	{"AliyunECIReadOnlyAccess", "Provides read-only access to Elastic Container Instance (ECI).", []string{"eci:Describe*"}},
	{"AliyunBSSFullAccess", "Provides full access to Billing Management.", []string{"bss:*", "bssapi:*"}},
	{"AliyunBSSReadOnlyAccess", "Provides read-only access to Billing Management.", []string{"bss:Describe*", "bss:Query*", "bssapi:Query*", "bssapi:Describe*"}},
	{"AliyunTAGFullAccess", "Provides full access to Tag.", []string{"tag:*"}},
	{"AliyunTAGReadOnlyAccess", "Provides read-only access to Tag.", []string{"tag:List*", "tag:Describe*"}},
	{"AliyunResourceDirectoryFullAccess", "Provides full access to Resource Directory.", []string{"resourcemanager:*"}},
	{"AliyunResourceDirectoryReadOnlyAccess", "Provides read-only access to Resource Directory.", []string{"resourcemanager:Get*", "resourcemanager:List*"}},
	{"AliyunSupportFullAccess", "Provides full access to Alibaba Cloud support tickets.", []string{"support:*"}},
	{"AliyunYundunWAFFullAccess", "Provides full access to Web Application Firewall (WAF).", []string{"yundun-waf:*"}},
	{"AliyunYundunWAFReadOnlyAccess", "Provides read-only access to Web Application Firewall (WAF).", []string{"yundun-waf:Describe*"}},
	{"AliyunYundunSASFullAccess", "Provides full access to Security Center.", []string{"yundun-sas:*"}},
	{"AliyunYundunSASReadOnlyAccess", "Provides read-only access to Security Center.", []string{"yundun-sas:Describe*"}},
}

// systemPolicyDocument renders a single Allow statement over every resource.
func systemPolicyDocument(actions []string) string {
	type stmt struct {
		Action   any    `json:"Action"`
		Resource string `json:"Resource"`
		Effect   string `json:"Effect"`
	}
	var act any = actions
	if len(actions) == 1 {
		act = actions[0]
	}
	b, _ := json.MarshalIndent(struct {
		Statement []stmt `json:"Statement"`
		Version   string `json:"Version"`
	}{[]stmt{{act, "*", "Allow"}}, "1"}, "", "    ")
	return string(b)
}

func (sd *seeder) systemPolicies() {
	base := time.Date(2015, 6, 12, 3, 0, 0, 0, time.UTC)
	for i, sp := range systemPolicyTable {
		p := sd.policy(sp.name, "System", sp.description, 0, 0, systemPolicyDocument(sp.actions))
		if p == nil {
			return
		}
		at := base.Add(time.Duration(i) * 97 * time.Hour)
		p.Created, p.Updated, p.Versions[0].Created = at, at, at
	}
}
