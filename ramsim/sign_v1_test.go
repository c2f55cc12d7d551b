package ramsim

import "testing"

// The worked example of the RAM signature documentation (ram-api.md §1.4).
func TestSignV1DocVector(t *testing.T) {
	params := map[string]string{
		"AccessKeyId": "testid", "Action": "CreateUser", "Format": "JSON", "SignatureMethod": "HMAC-SHA1",
		"SignatureNonce": "6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2", "SignatureVersion": "1.0",
		"Timestamp": "2015-08-18T03:15:45Z", "UserName": "test", "Version": "2015-05-01",
	}
	const wantSTS = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2%26SignatureVersion%3D1.0%26Timestamp%3D2015-08-18T03%253A15%253A45Z%26UserName%3Dtest%26Version%3D2015-05-01"
	if got := stringToSignV1("GET", params); got != wantSTS {
		t.Fatalf("string to sign\n got %s\nwant %s", got, wantSTS)
	}
	if got := signV1("testsecret", wantSTS); got != "kRA2cnpJVacIhDMzXnoNZG9tDCI=" {
		t.Fatalf("signature = %s", got)
	}
	params["Signature"] = "kRA2cnpJVacIhDMzXnoNZG9tDCI="
	if ok, _ := verifyV1("GET", params, "testsecret", params["Signature"]); !ok {
		t.Fatal("doc vector does not verify")
	}
	if ok, _ := verifyV1("POST", params, "testsecret", params["Signature"]); ok {
		t.Fatal("signature must cover the HTTP method")
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"":          "",
		"abcXYZ019": "abcXYZ019",
		"-_.~":      "-_.~",
		"a b":       "a%20b",
		"*":         "%2A",
		"/+:=&%":    "%2F%2B%3A%3D%26%25",
		"é":         "%C3%A9",
		"{\"A\":1}": "%7B%22A%22%3A1%7D",
	} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
		}
		if got := testEncode(in); got != want {
			t.Errorf("test helper testEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// Empty values stay in the signed set: the SDK always signs "SignatureType=".
func TestCanonicalQueryKeepsEmptyValues(t *testing.T) {
	got := canonicalQuery(map[string]string{"b": "", "a": "x y", "Signature": "s"}, true)
	if want := "a=x%20y&b="; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
