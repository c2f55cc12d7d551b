package ramsim

import (
	"bytes"
	"testing"
)

func TestAppendSuccessJSON(t *testing.T) {
	const id = "04F0F334-1335-436C-A1D7-6C044FE73368"
	for _, tc := range []struct {
		resp any
		want string
	}{
		{nil, `{"RequestId":"` + id + `"}`},
		{map[string]any{}, `{"RequestId":"` + id + `"}`},
		{map[string]any{"A": 1, "B": []string{"x<"}}, `{"RequestId":"` + id + `","A":1,"B":["x\u003c"]}`},
		{struct{ User struct{ UserName string } }{}, `{"RequestId":"` + id + `","User":{"UserName":""}}`},
		{map[string]string{"RequestId": "mine"}, `{"RequestId":"mine"}`},
		{map[string]any{"Nested": map[string]string{"RequestId": "x"}}, `{"RequestId":"` + id + `","Nested":{"RequestId":"x"}}`},
	} {
		var buf bytes.Buffer
		buf.WriteString("junk from a previous use")
		buf.Reset()
		if err := appendSuccessJSON(&buf, tc.resp, id); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("%v:\n got %s\nwant %s", tc.resp, buf.String(), tc.want)
		}
	}
	var buf bytes.Buffer
	if err := appendSuccessJSON(&buf, []int{1}, id); err == nil {
		t.Error("a JSON array must be refused")
	}
}
