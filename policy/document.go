package policy

import "slices"

// Equal reports whether two documents have the same content (the compiled cache is ignored).
// Condition maps compare by content; nil and empty lists are equal.
func (d *Document) Equal(o *Document) bool {
	if d == nil || o == nil {
		return d == o
	}
	if d.Version != o.Version || len(d.Statement) != len(o.Statement) {
		return false
	}
	for i := range d.Statement {
		if !d.Statement[i].Equal(&o.Statement[i]) {
			return false
		}
	}
	return true
}

// Equal reports whether two statements have the same content.
func (s *Statement) Equal(o *Statement) bool {
	if s.Effect != o.Effect || !slices.Equal(s.Action, o.Action) || !slices.Equal(s.NotAction, o.NotAction) ||
		!slices.Equal(s.Resource, o.Resource) || len(s.Condition) != len(o.Condition) {
		return false
	}
	if (s.Principal == nil) != (o.Principal == nil) {
		return false
	}
	if s.Principal != nil && (!slices.Equal(s.Principal.RAM, o.Principal.RAM) ||
		!slices.Equal(s.Principal.Service, o.Principal.Service) ||
		!slices.Equal(s.Principal.Federated, o.Principal.Federated)) {
		return false
	}
	for op, keys := range s.Condition {
		okeys, ok := o.Condition[op]
		if !ok || len(okeys) != len(keys) {
			return false
		}
		for k, v := range keys {
			ov, ok := okeys[k]
			if !ok || !slices.Equal(v, ov) {
				return false
			}
		}
	}
	return true
}

// MarshalJSON writes the canonical compact form, so a Document embedded in JSON output
// reads as the policy itself.
func (d *Document) MarshalJSON() ([]byte, error) { return []byte(d.Compact()), nil }

// Clone returns a deep copy without the compiled cache, safe to modify. Evaluate compiles a
// hand-built or modified document on every call; re-Parse its Compact form to validate it
// and make evaluation fast again.
func (d *Document) Clone() *Document {
	if d == nil {
		return nil
	}
	c := &Document{Version: d.Version, Statement: make([]Statement, len(d.Statement))}
	for i, s := range d.Statement {
		n := Statement{
			Effect:    s.Effect,
			Action:    slices.Clone(s.Action),
			NotAction: slices.Clone(s.NotAction),
			Resource:  slices.Clone(s.Resource),
		}
		if s.Principal != nil {
			n.Principal = &Principal{
				RAM:       slices.Clone(s.Principal.RAM),
				Service:   slices.Clone(s.Principal.Service),
				Federated: slices.Clone(s.Principal.Federated),
			}
		}
		if s.Condition != nil {
			n.Condition = make(Conditions, len(s.Condition))
			for op, keys := range s.Condition {
				m := make(map[string][]string, len(keys))
				for k, v := range keys {
					m[k] = slices.Clone(v)
				}
				n.Condition[op] = m
			}
		}
		c.Statement[i] = n
	}
	return c
}
