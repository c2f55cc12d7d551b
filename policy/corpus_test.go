package policy

// seedCorpus feeds the round-trip test and the fuzzers: valid documents of every kind and
// shape, and a few broken ones.
var seedCorpus = []struct {
	doc  string
	kind Kind
}{
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, Permission},
	{`{"Version":"1","Statement":{"Effect":"Deny","NotAction":["oss:Get*","oss:List*"],"Resource":["acs:oss:*:*:b","acs:oss:*:*:b/*"]}}`, Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:ListObjects"],"Resource":["acs:oss:*:*:oss-test"],
	  "Condition":{"StringLike":{"oss:Prefix":["dir111/*"]}}},
	 {"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Resource":"acs:oss:*:*:oss-test/dir111/*"}]}`, Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*","Condition":{
	  "IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32","192.168.1.1"]},
	  "Bool":{"acs:SecureTransport":"true","acs:MFAPresent":["TRUE"]},
	  "DateLessThan":{"acs:CurrentTime":"2030-01-01T00:00:00+08:00"},
	  "DateGreaterThanEquals":{"acs:CurrentTime":["2020-01-01","1600000000"]},
	  "NumericLessThanEquals":{"ecs:Count":["10","2.5e1"]},
	  "StringNotEqualsIgnoreCase":{"acs:ResourceTag/env":"Prod"},
	  "StringNotLike":{"ecs:tag/owner":"a?c*"}}}]}`, Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::123456789012:root","987"]},
	  "Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`, Trust},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}},
	 {"Effect":"Deny","Action":"sts:*","Principal":{"Federated":"acs:ram::1:saml-provider/idp"}}]}`, Trust},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/中文/*"}]}`, Session},
	{"{\n \"Version\" : \"1\" ,\r\n\t\"Statement\" : [ ] }", Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{}}]}`, Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"}]} trailing`, Permission},
	{`{"Version":"1","Version":"1"}`, Permission},
	{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"\u00e9\ud83d\ude00"}]}`, Session},
	{`[1,2.5e-3,true,false,null,"x"]`, Trust},
}
