// Package assume holds what switching into a role needs apart from the screen: the rules for
// session names and durations, the doctor that explains why a role cannot be assumed and how to
// fix it, and the hand-over of temporary credentials in the form needed next (shell export
// lines, JSON, the aliyun CLI's External-mode JSON, a child environment). Both the switch-role
// screen and `ramtui assume` use it, so the two always agree.
//
// Everything is pure except inspect.go, which gathers the doctor's inputs through ramclient.
package assume
