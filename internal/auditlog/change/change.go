// Package change holds the shape of one changed field in an audit event. It imports nothing of
// the project, so that the ent schema can store it.
package change

// Field is one field a write changed: its value before and after, each as JSON text (nil when
// the field was unset). Secrets are stored as "[redacted]".
type Field struct {
	Field  string  `json:"field"`
	Before *string `json:"before,omitempty"`
	After  *string `json:"after,omitempty"`
}
