package ramsim

import (
	"fmt"
	"os"
	"testing"
)

// childStateEnv makes the test binary a simulator process (for the kill -9 test): it serves on
// 127.0.0.1 with the state file named by the variable and prints its endpoint.
const childStateEnv = "RAMSIM_TEST_CHILD_STATE"

func TestMain(m *testing.M) {
	if path := os.Getenv(childStateEnv); path != "" {
		runChild(path)
	}
	switch os.Getenv(roleProviderEnv) {
	case "sdk":
		os.Exit(runRoleProvider())
	case "credentials-go":
		os.Exit(runCredentialsGoRoleProvider())
	case "sdk-oidc":
		os.Exit(runOIDCProvider())
	}
	os.Exit(m.Run())
}

func runChild(path string) {
	r, err := Start(Options{StatePath: path, RootKeyID: rootID, RootKeySecret: rootSecret}, "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println(r.Endpoint)
	select {} // until killed
}
