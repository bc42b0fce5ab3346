package auditlog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"secretariat/internal/auditlog/change"
	"secretariat/internal/pulid"
)

// Link is what an event's hash covers.
type Link struct {
	OrganizationID pulid.ID
	CompanyID      pulid.ID // "" for an organization-wide record
	Seq            int64
	OccurredAt     time.Time
	ActorID        pulid.ID // "" for the system
	Action         change.Action
	EntityType     string
	EntityID       pulid.ID
	Changes        []change.Field
	RequestID      string
}

// canonicalVersion names the encoding below; a new encoding gets a new name.
const canonicalVersion = "secretariat/audit/v1"

// TimeLayout is the canonical form of occurred_at: UTC, microseconds, as both databases keep it.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Canonical returns the event's canonical form: the JSON array
//
//	["secretariat/audit/v1", organization, company, seq, occurredAt, actor, action,
//	 entityType, entityID, changes, requestID]
//
// in UTF-8 without whitespace, where company, actor and requestID are "" when absent, seq is a
// JSON number, occurredAt is written with TimeLayout, changes is an array (empty when none) of
// {"field","before","after"} objects with the keys in that order and an absent before or after
// left out, and strings are escaped as RFC 8259 requires (", \ and control characters only:
// <, > and & stay as they are). The encoding is stable: reading an event back gives the same
// bytes, whichever database stored it.
func (l Link) Canonical() []byte {
	changes := l.Changes
	if changes == nil {
		changes = []change.Field{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding strings, numbers and change.Field values cannot fail.
	_ = enc.Encode([]any{
		canonicalVersion,
		string(l.OrganizationID),
		string(l.CompanyID),
		l.Seq,
		l.OccurredAt.UTC().Format(TimeLayout),
		string(l.ActorID),
		string(l.Action),
		l.EntityType,
		string(l.EntityID),
		changes,
		l.RequestID,
	})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Hash returns the event's hash after the event whose hash is prevHash: the SHA-256, in lower-case
// hex, of prevHash, a newline and the canonical form.
func (l Link) Hash(prevHash string) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	h.Write([]byte("\n"))
	h.Write(l.Canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// occurredAt is the time of an event as it will read back from either database.
func occurredAt(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
