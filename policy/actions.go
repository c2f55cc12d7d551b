package policy

import (
	"strings"
	"sync"
)

// knownActions lists the actions of the services whose action set ramtui knows in full enough
// to call a near miss a typo: RAM, STS and OSS. It is not a catalogue of every service: an
// action is reported only when its service is here, it is not, and it is one or two letters
// away from one that is (oss:GetObjct), so a real action missing from the list is not called
// wrong unless it looks like a misspelling of a listed one. The table is built on first use
// (a lint), not at package init: every command, `ramtui version` included, would pay it.
var knownActions = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"ram": {"AddClientIdToOIDCProvider", "AddFingerprintToOIDCProvider", "AddUserToGroup", "AttachPolicyToGroup",
			"AttachPolicyToRole", "AttachPolicyToUser", "BindMFADevice", "ChangePassword", "ClearAccountAlias",
			"CreateAccessKey", "CreateGroup", "CreateLoginProfile", "CreateOIDCProvider", "CreatePolicy",
			"CreatePolicyVersion", "CreateRole", "CreateSAMLProvider", "CreateServiceLinkedRole", "CreateUser",
			"CreateVirtualMFADevice", "DecodeDiagnosticMessage", "DeleteAccessKey", "DeleteGroup", "DeleteLoginProfile",
			"DeleteOIDCProvider", "DeletePolicy", "DeletePolicyVersion", "DeleteRole", "DeleteSAMLProvider",
			"DeleteServiceLinkedRole", "DeleteUser", "DeleteVirtualMFADevice", "DetachPolicyFromGroup",
			"DetachPolicyFromRole", "DetachPolicyFromUser", "GenerateCredentialReport", "GetAccessKeyLastUsed",
			"GetAccountAlias", "GetAccountSecurityPracticeReport", "GetAccountSummary", "GetCredentialReport",
			"GetGroup", "GetLoginProfile", "GetOIDCProvider", "GetPasswordPolicy", "GetPolicy", "GetPolicyVersion",
			"GetRole", "GetSAMLProvider", "GetSecurityPreference", "GetServiceLinkedRoleDeletionStatus", "GetUser",
			"GetUserMFAInfo", "GetUserSsoSettings", "ListAccessKeys", "ListEntitiesForPolicy", "ListGroups",
			"ListGroupsForUser", "ListOIDCProviders", "ListPolicies", "ListPoliciesForGroup", "ListPoliciesForRole",
			"ListPoliciesForUser", "ListPolicyVersions", "ListRoles", "ListSAMLProviders", "ListTagResources",
			"ListUserBasicInfos", "ListUsers", "ListUsersForGroup", "ListVirtualMFADevices", "PassRole",
			"RemoveClientIdFromOIDCProvider", "RemoveFingerprintFromOIDCProvider", "RemoveUserFromGroup",
			"SetAccountAlias", "SetDefaultPolicyVersion", "SetPasswordPolicy", "SetSecurityPreference",
			"SetUserSsoSettings", "TagResources", "UnbindMFADevice", "UntagResources", "UpdateAccessKey", "UpdateGroup",
			"UpdateLoginProfile", "UpdateOIDCProvider", "UpdatePolicyDescription", "UpdateRole", "UpdateSAMLProvider",
			"UpdateUser"},
		"sts": {"AssumeRole", "AssumeRoleWithOIDC", "AssumeRoleWithSAML", "GetCallerIdentity"},
		"oss": {"ListBuckets", "PutBucket", "DeleteBucket", "GetBucketInfo", "GetBucketStat", "GetBucketLocation",
			"ListObjects", "ListObjectVersions", "PutBucketAcl", "GetBucketAcl", "PutBucketVersioning",
			"GetBucketVersioning", "PutBucketLogging", "GetBucketLogging", "DeleteBucketLogging", "PutBucketWebsite",
			"GetBucketWebsite", "DeleteBucketWebsite", "PutBucketReferer", "GetBucketReferer", "PutBucketLifecycle",
			"GetBucketLifecycle", "DeleteBucketLifecycle", "PutBucketCors", "GetBucketCors", "DeleteBucketCors",
			"PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy", "PutBucketTagging", "GetBucketTagging",
			"DeleteBucketTagging", "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption",
			"PutBucketReplication", "GetBucketReplication", "DeleteBucketReplication", "GetBucketReplicationLocation",
			"GetBucketReplicationProgress", "PutBucketInventory", "GetBucketInventory", "ListBucketInventory",
			"DeleteBucketInventory", "InitiateBucketWorm", "AbortBucketWorm", "CompleteBucketWorm", "ExtendBucketWorm",
			"GetBucketWorm", "PutBucketRequestPayment", "GetBucketRequestPayment", "PutBucketTransferAcceleration",
			"GetBucketTransferAcceleration", "ListMultipartUploads", "PutObject", "GetObject", "DeleteObject",
			"PutObjectAcl", "GetObjectAcl", "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging",
			"PutSymlink", "GetSymlink", "RestoreObject", "AbortMultipartUpload", "ListParts", "GetObjectVersion",
			"GetObjectVersionAcl", "PutObjectVersionAcl", "DeleteObjectVersion", "GetObjectVersionTagging",
			"PutObjectVersionTagging", "DeleteObjectVersionTagging", "PostProcessTask", "ProcessImm"},
	}
})

var knownLower = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for svc, names := range knownActions() {
		for _, n := range names {
			m[svc] = append(m[svc], strings.ToLower(n))
		}
	}
	return m
})

// nearMiss returns the known action a is a likely misspelling of ("" when a is known, has a
// wildcard, belongs to a service not listed, or is not close to any listed action).
func nearMiss(a string) string {
	svc, name, ok := strings.Cut(a, ":")
	svc = strings.ToLower(svc)
	lower, listed := knownLower()[svc]
	if !ok || !listed || strings.ContainsAny(name, "*?") {
		return ""
	}
	n := strings.ToLower(name)
	best, bestD := "", 3
	for i, k := range lower {
		if k == n {
			return ""
		}
		if d := editDistance(n, k, bestD); d < bestD {
			best, bestD = svc+":"+knownActions()[svc][i], d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit when it is limit or more.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
			low = min(low, c)
		}
		if low >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
