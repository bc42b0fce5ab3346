package auditlog_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"secretariat/internal/auditlog"
	"secretariat/internal/auditlog/change"
)

func ptr(s string) *string { return &s }

// The canonical form is a contract with anyone who verifies a chain outside this code: these
// bytes and this hash must never change. A new encoding gets a new version name.
func TestCanonical_IsTheDocumentedStableEncoding(t *testing.T) {
	t.Parallel()
	link := auditlog.Link{
		OrganizationID: "OR01J0000000000000000000000A",
		CompanyID:      "CO01J0000000000000000000000B",
		Seq:            42,
		OccurredAt:     time.Date(2026, 4, 1, 18, 30, 5, 123456789, time.FixedZone("JST", 9*3600)),
		ActorID:        "US01J0000000000000000000000C",
		Action:         change.Update,
		EntityType:     "Site",
		EntityID:       "SI01J0000000000000000000000D",
		Changes: []change.Field{
			{Field: "name", Before: ptr(`"本社"`), After: ptr(`"本社 <R&D>"`)},
			{Field: "address", After: ptr(`"東京都"`)},
		},
		RequestID: "req-1",
	}
	want := `["secretariat/audit/v1","OR01J0000000000000000000000A","CO01J0000000000000000000000B",42,` +
		`"2026-04-01T09:30:05.123456Z","US01J0000000000000000000000C","UPDATE","Site","SI01J0000000000000000000000D",` +
		`[{"field":"name","before":"\"本社\"","after":"\"本社 <R&D>\""},{"field":"address","after":"\"東京都\""}],"req-1"]`
	assert.Equal(t, want, string(link.Canonical()))

	sum := sha256.Sum256([]byte(auditlog.Genesis + "\n" + want))
	assert.Equal(t, hex.EncodeToString(sum[:]), link.Hash(auditlog.Genesis))
	assert.Len(t, auditlog.Genesis, 64)

	// Absent parts are empty strings and an empty array, never null.
	bare := auditlog.Link{OrganizationID: "OR1", Seq: 1, OccurredAt: time.Unix(0, 0), Action: change.Create, EntityType: "Organization", EntityID: "OR1"}
	assert.Equal(t, `["secretariat/audit/v1","OR1","",1,"1970-01-01T00:00:00.000000Z","","CREATE","Organization","OR1",[],""]`, string(bare.Canonical()))
}

func TestCanonical_EveryPartIsCovered(t *testing.T) {
	t.Parallel()
	base := auditlog.Link{
		OrganizationID: "OR1", CompanyID: "CO1", Seq: 1, OccurredAt: time.Unix(1700000000, 0), ActorID: "US1",
		Action: change.Update, EntityType: "Site", EntityID: "SI1", Changes: []change.Field{{Field: "name", After: ptr(`"a"`)}}, RequestID: "r",
	}
	tampered := map[string]func(l *auditlog.Link){
		"organization": func(l *auditlog.Link) { l.OrganizationID = "OR2" },
		"company":      func(l *auditlog.Link) { l.CompanyID = "" },
		"seq":          func(l *auditlog.Link) { l.Seq = 2 },
		"time":         func(l *auditlog.Link) { l.OccurredAt = l.OccurredAt.Add(time.Microsecond) },
		"actor":        func(l *auditlog.Link) { l.ActorID = "US2" },
		"action":       func(l *auditlog.Link) { l.Action = change.Delete },
		"entity type":  func(l *auditlog.Link) { l.EntityType = "Department" },
		"entity":       func(l *auditlog.Link) { l.EntityID = "SI2" },
		"changes":      func(l *auditlog.Link) { l.Changes = []change.Field{{Field: "name", After: ptr(`"b"`)}} },
		"request":      func(l *auditlog.Link) { l.RequestID = "s" },
	}
	for name, tamper := range tampered {
		l := base
		tamper(&l)
		assert.NotEqual(t, base.Hash(auditlog.Genesis), l.Hash(auditlog.Genesis), name)
	}
	assert.NotEqual(t, base.Hash(auditlog.Genesis), base.Hash(base.Hash(auditlog.Genesis)), "the previous hash")
}
