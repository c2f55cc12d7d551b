package policy_test

import (
	"encoding/json"
	"fmt"

	"github.com/ramtui/ramtui/policy"
)

func ExampleParse() {
	_, err := policy.Parse(`{"Version":"1","Statement":[{"Effect":"allow","Action":"oss:GetObject","Resource":"*"}]}`, policy.Permission)
	fmt.Println(err)
	// Output: MalformedPolicyDocument: Statement[0].Effect: expected "Allow" or "Deny", got the string "allow" (line 1, column 39)
}

func ExampleEvaluateSession() {
	role, _ := policy.Parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`, policy.Permission)
	session, _ := policy.OSSDirectoryPolicy("oss-test", "dir111/", policy.OSSList|policy.OSSRead)
	req := policy.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:oss-test/dir111/a.txt"}
	r := policy.EvaluateSession(req, []policy.Named{{Name: "AliyunOSSFullAccess", Type: "System", Doc: role}},
		&policy.Named{Name: "session", Type: "Session", Doc: session})
	fmt.Println(r.Decision, r.DeniedBy)
	fmt.Println(r.Explain())
	// Output:
	// ImplicitDeny session
	// Implicitly denied: the role's policies allow it but the session policy does not
}

func ExampleOSSDirectoryPolicy() {
	d, err := policy.OSSDirectoryPolicy("my-bucket", "data/team-a", policy.OSSList|policy.OSSRead)
	if err != nil {
		panic(err)
	}
	fmt.Print(d.Pretty())
	// Output:
	// {
	//   "Version": "1",
	//   "Statement": [
	//     {
	//       "Effect": "Allow",
	//       "Action": ["oss:ListObjects"],
	//       "Resource": ["acs:oss:*:*:my-bucket"],
	//       "Condition": {
	//         "StringLike": {
	//           "oss:Prefix": ["data/team-a/*"]
	//         }
	//       }
	//     },
	//     {
	//       "Effect": "Allow",
	//       "Action": ["oss:GetObject"],
	//       "Resource": ["acs:oss:*:*:my-bucket/data/team-a/*"]
	//     }
	//   ]
	// }
}

func ExampleTrusts() {
	trust, _ := policy.TrustAccountPolicy("1234567890123456", "")
	alice := policy.Caller{Type: policy.CallerUser, AccountID: "1234567890123456", Name: "alice"}
	fmt.Println(policy.Trusts(trust, alice, nil).Explain())
	b, _ := json.Marshal(struct{ Trust *policy.Document }{trust})
	fmt.Println(string(b))
	// Output:
	// Allowed by trust policy Statement[0]
	// {"Trust":{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::1234567890123456:root"]},"Action":["sts:AssumeRole"]}]}}
}
