package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/secret"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const auditEventsOf = `query($id: ID!) { auditEvents(where: {entityID: $id}, orderBy: {field: SEQ, direction: ASC}) {
	totalCount edges { node { id seq action entityType entityID companyID requestID occurredAt actor { id }
	changes { field before after } } } } }`

const verifyTrail = `{ verifyAuditTrail { intact eventsChecked firstBrokenEvent { id seq } firstBrokenSeq reason headSeq headHash } }`

// eventsOf lists the events of one record, oldest first, as the viewer of token reads them.
func (e *env) eventsOf(token, id string) []map[string]any {
	e.t.Helper()
	res := e.post(token, auditEventsOf, map[string]any{"id": id})
	require.Empty(e.t, res.Errors)
	var out []map[string]any
	for _, edge := range field(res.Data, "auditEvents", "edges").([]any) {
		out = append(out, edge.(map[string]any)["node"].(map[string]any))
	}
	return out
}

// changesOf maps each changed field of an event to its before and after ("∅" for none).
func changesOf(event map[string]any) map[string][2]string {
	out := map[string][2]string{}
	for _, c := range event["changes"].([]any) {
		c := c.(map[string]any)
		pair := [2]string{"∅", "∅"}
		for i, k := range []string{"before", "after"} {
			if s, ok := c[k].(string); ok {
				pair[i] = s
			}
		}
		out[c["field"].(string)] = pair
	}
	return out
}

func actionsOf(events []map[string]any) []string {
	out := make([]string, len(events))
	for i, ev := range events {
		out[i] = ev["action"].(string)
	}
	return out
}

// rawCount counts rows behind the API's back.
func (e *env) rawCount(query string) int {
	e.t.Helper()
	var n int
	require.NoError(e.t, e.raw.QueryRow(query).Scan(&n), query)
	return n
}

func TestAuditLog_CompanySiteAndDepartmentStepsAreRecordedWithActorAndRequestID(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@audit.example", "監査")
		me := e.ok(w.owner, `{ viewer { id } }`, nil, "viewer", "id")
		step := 0
		do := func(query string, vars map[string]any, path ...string) string {
			step++
			res := e.post(w.owner, query, vars, "X-Request-ID", fmt.Sprintf("req-%02d", step))
			require.Empty(t, res.Errors, query)
			s, _ := field(res.Data, path...).(string)
			return s
		}
		company := do(`mutation { createCompany(input: {name: "株式会社さくら精工", industry: "製造"}) { id } }`, nil, "createCompany", "id")
		do(`mutation($id: ID!) { updateCompany(input: {id: $id, name: "さくら精工株式会社"}) { id } }`, map[string]any{"id": company})
		site := do(`mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社", headcount: 120}) { id } }`, map[string]any{"c": company}, "createSite", "id")
		do(`mutation($id: ID!) { updateSite(input: {id: $id, headcount: 130}) { id } }`, map[string]any{"id": site})
		dept := do(`mutation($c: ID!, $s: ID!) { createDepartment(input: {companyID: $c, siteID: $s, name: "情報システム部"}) { id } }`,
			map[string]any{"c": company, "s": site}, "createDepartment", "id")
		do(`mutation($id: ID!) { updateDepartment(input: {id: $id, name: "DX推進部", siteID: null}) { id } }`, map[string]any{"id": dept})
		for _, kind := range []string{"Department", "Site", "Company"} {
			id := map[string]string{"Company": company, "Site": site, "Department": dept}[kind]
			do(fmt.Sprintf(`mutation($id: ID!) { archive%s(input: {id: $id}) { id } }`, kind), map[string]any{"id": id})
			do(fmt.Sprintf(`mutation($id: ID!) { restore%s(input: {id: $id}) { id } }`, kind), map[string]any{"id": id})
		}

		for kind, id := range map[string]string{"Company": company, "Site": site, "Department": dept} {
			events := e.eventsOf(w.owner, id)
			require.Len(t, events, 4, kind)
			assert.Equal(t, []string{"CREATE", "UPDATE", "ARCHIVE", "RESTORE"}, actionsOf(events), kind)
			for _, ev := range events {
				assert.Equal(t, me, field(ev, "actor", "id"), kind)
				assert.Equal(t, company, ev["companyID"], kind)
				assert.Equal(t, kind, ev["entityType"])
				assert.Regexp(t, `^req-\d\d$`, ev["requestID"], kind)
			}
			archive, restore := changesOf(events[2]), changesOf(events[3])
			assert.Equal(t, "∅", archive["archived_at"][0], kind)
			assert.NotEqual(t, "∅", archive["archived_at"][1], kind)
			assert.Equal(t, [2]string{archive["archived_at"][1], "∅"}, restore["archived_at"], kind)
		}
		events := e.eventsOf(w.owner, company)
		assert.Equal(t, "req-01", events[0]["requestID"])
		assert.Equal(t, map[string][2]string{"name": {"∅", `"株式会社さくら精工"`}, "industry": {"∅", `"製造"`}, "incident_routing": {"∅", `"VIA_SECRETARIAT"`}}, changesOf(events[0]))
		assert.Equal(t, map[string][2]string{"name": {`"株式会社さくら精工"`, `"さくら精工株式会社"`}}, changesOf(events[1]))
		assert.Equal(t, "req-02", events[1]["requestID"])
		events = e.eventsOf(w.owner, site)
		assert.Equal(t, map[string][2]string{"name": {"∅", `"本社"`}, "headcount": {"∅", "120"}}, changesOf(events[0]))
		assert.Equal(t, map[string][2]string{"headcount": {"120", "130"}}, changesOf(events[1]))
		events = e.eventsOf(w.owner, dept)
		assert.Equal(t, [2]string{"∅", `"` + site + `"`}, changesOf(events[0])["site_id"])
		assert.Equal(t, map[string][2]string{"name": {`"情報システム部"`, `"DX推進部"`}, "site_id": {`"` + site + `"`, "∅"}}, changesOf(events[1]))

		res := e.post(w.owner, verifyTrail, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, true, field(res.Data, "verifyAuditTrail", "intact"))
	})
}

func TestAuditLog_ARefusedMutationRecordsNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@refused.example", "R")
		auditor := e.join(w, "auditor@refused.example", "AUDITOR", w.companies[:1], map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
		member := e.join(w, "member@refused.example", "MEMBER", w.companies[:1], nil)
		site := e.ok(w.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社"}) { id } }`, map[string]any{"c": w.companies[0]}, "createSite", "id")
		before := testdb.Snapshot(t, e.raw)

		for _, tc := range []struct {
			name, token, query, code string
		}{
			{"bad input", w.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "x", headcount: -1}) { id } }`, "BAD_USER_INPUT"},
			{"an empty name", w.owner, `mutation($s: ID!) { updateSite(input: {id: $s, name: "  "}) { id } }`, "BAD_USER_INPUT"},
			{"the auditor writes", auditor, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "x"}) { id } }`, "FORBIDDEN"},
			{"a member renames", member, `mutation($s: ID!) { updateSite(input: {id: $s, name: "x"}) { id } }`, "FORBIDDEN"},
			{"a member archives", member, `mutation($c: ID!) { archiveCompany(input: {id: $c}) { id } }`, "FORBIDDEN"},
			{"an unknown record", w.owner, `mutation { updateSite(input: {id: "SI01J0000000000000000000000Z", name: "x"}) { id } }`, "NOT_FOUND"},
		} {
			res := e.post(tc.token, tc.query, map[string]any{"c": w.companies[0], "s": site})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), tc.name)
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "no record and no event was written")
	})
}

func TestAuditLog_AnInvitationsTokenIsNeverInTheTrail(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@secret.example", "S")
		res := e.post(w.owner, invite, map[string]any{"input": map[string]any{"email": "new@secret.example", "role": "MEMBER", "companyIDs": w.companies[:1]}})
		require.Empty(t, res.Errors)
		token := field(res.Data, "inviteMember", "token").(string)
		inv := field(res.Data, "inviteMember", "invitation", "id").(string)
		res = e.post("", accept, map[string]any{"input": map[string]any{"token": token, "name": "新人", "password": strongPassword}})
		require.Empty(t, res.Errors)

		events := e.eventsOf(w.owner, inv)
		require.Len(t, events, 2)
		assert.Equal(t, []string{"CREATE", "UPDATE"}, actionsOf(events))
		assert.Equal(t, [2]string{"∅", `"[redacted]"`}, changesOf(events[0])["token_hash"], "recorded as set, never with its value")
		assert.Nil(t, events[0]["companyID"], "an invitation belongs to the organization")
		assert.Contains(t, changesOf(events[1]), "accepted_at")
		assert.Nil(t, events[1]["actor"], "accepting is done by the system for the invitee")

		rows, err := e.raw.Query("SELECT changes FROM audit_events WHERE changes IS NOT NULL")
		require.NoError(t, err)
		defer rows.Close()
		var all strings.Builder
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			all.WriteString(s)
		}
		require.NoError(t, rows.Err())
		assert.Contains(t, all.String(), "new@secret.example", "the trail holds the invitation")
		assert.NotContains(t, all.String(), secret.Hash(token))
		assert.NotContains(t, all.String(), token)
	})
}

func TestAuditLog_VerifyFindsTheFirstEventChangedOrDeletedBehindTheAPIsBack(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@tamper.example", "T")
		other := e.workspace("owner@other.example", "O")
		for i := range 3 {
			e.ok(w.owner, `mutation($c: ID!, $n: String!) { createSite(input: {companyID: $c, name: $n}) { id } }`,
				map[string]any{"c": w.companies[0], "n": fmt.Sprintf("拠点 %d", i)}, "createSite", "id")
		}
		total := e.rawCount(fmt.Sprintf("SELECT count(*) FROM audit_events WHERE organization_id = '%s'", w.org))
		require.Greater(t, total, 5)
		verify := func(token string) map[string]any {
			res := e.post(token, verifyTrail, nil)
			require.Empty(t, res.Errors)
			return field(res.Data, "verifyAuditTrail").(map[string]any)
		}
		got := verify(w.owner)
		assert.Equal(t, true, got["intact"])
		assert.Equal(t, float64(total), got["eventsChecked"])
		assert.Equal(t, float64(total), got["headSeq"])
		assert.Len(t, got["headHash"], 64)
		assert.Nil(t, got["firstBrokenEvent"])
		assert.Nil(t, got["reason"])

		exec := func(query string) {
			_, err := e.raw.Exec(query)
			require.NoError(t, err, query)
		}
		at := func(seq int) string { return fmt.Sprintf("organization_id = '%s' AND seq = %d", w.org, seq) }

		// A changed value in the middle of the chain.
		var original string
		require.NoError(t, e.raw.QueryRow("SELECT changes FROM audit_events WHERE "+at(4)).Scan(&original))
		exec(`UPDATE audit_events SET changes = '[{"field":"name","after":"\"偽の拠点\""}]' WHERE ` + at(4))
		got = verify(w.owner)
		assert.Equal(t, false, got["intact"])
		assert.Equal(t, float64(4), got["firstBrokenSeq"])
		assert.Equal(t, float64(4), field(got, "firstBrokenEvent", "seq"))
		assert.Contains(t, got["reason"], "changed after it was written")
		assert.Equal(t, float64(4), got["eventsChecked"], "it stops at the first broken link")
		assert.Equal(t, true, verify(other.owner)["intact"], "another organization's chain is its own")
		exec(fmt.Sprintf("UPDATE audit_events SET changes = '%s' WHERE %s", strings.ReplaceAll(original, "'", "''"), at(4)))
		assert.Equal(t, true, verify(w.owner)["intact"], "put back as it was, the chain holds again")

		// Another actor, and a rewritten hash that no longer chains.
		exec("UPDATE audit_events SET actor_id = NULL WHERE " + at(5))
		got = verify(w.owner)
		assert.Equal(t, float64(5), got["firstBrokenSeq"])
		exec("UPDATE audit_events SET hash = '" + strings.Repeat("f", 64) + "' WHERE " + at(2))
		got = verify(w.owner)
		assert.Equal(t, float64(2), got["firstBrokenSeq"], "the first broken link is reported")

		// A deleted event leaves a gap.
		exec("DELETE FROM audit_events WHERE " + at(1))
		got = verify(w.owner)
		assert.Equal(t, false, got["intact"])
		assert.Equal(t, float64(2), field(got, "firstBrokenEvent", "seq"))
		assert.Equal(t, "event 1 is missing: the chain goes from 0 to 2", got["reason"])
	})
}

func TestAuditLog_WhoReadsTheTrail(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@roles.example", "W")
		expires := map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)}
		tokens := map[string]string{
			"OWNER":       w.owner,
			"ADMIN":       e.join(w, "admin@roles.example", "ADMIN", nil, nil),
			"CONSULTANT":  e.join(w, "consultant@roles.example", "CONSULTANT", w.companies[:1], nil),
			"SECRETARIAT": e.join(w, "secretariat@roles.example", "SECRETARIAT", w.companies[:1], nil),
			"MEMBER":      e.join(w, "member@roles.example", "MEMBER", w.companies[:1], nil),
			"AUDITOR":     e.join(w, "auditor@roles.example", "AUDITOR", w.companies[:1], expires),
		}
		for _, c := range w.companies {
			e.ok(w.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社"}) { id } }`, map[string]any{"c": c}, "createSite", "id")
		}
		org := fmt.Sprintf("SELECT count(*) FROM audit_events WHERE organization_id = '%s'", w.org)
		all := e.rawCount(org)
		first := e.rawCount(org + fmt.Sprintf(" AND company_id = '%s'", w.companies[0]))
		orgWide := e.rawCount(org + " AND company_id IS NULL")
		require.Positive(t, first)
		require.Positive(t, orgWide)
		require.Greater(t, all, first+orgWide, "the second company has events too")
		var orgWideEvent string
		require.NoError(t, e.raw.QueryRow(fmt.Sprintf("SELECT id FROM audit_events WHERE organization_id = '%s' AND company_id IS NULL AND entity_type = 'Membership'", w.org)).Scan(&orgWideEvent))

		counts := `query($c: ID!) { all: auditEvents { totalCount } first: auditEvents(companyID: $c) { totalCount }
			orgWide: auditEvents(where: {companyIDIsNil: true}) { totalCount } }`
		for role, want := range map[string][3]int{
			"OWNER":       {all, first, orgWide},
			"ADMIN":       {all, first, orgWide},
			"SECRETARIAT": {first, first, 0},
			"AUDITOR":     {first, first, 0},
			"CONSULTANT":  {0, 0, 0},
			"MEMBER":      {0, 0, 0},
		} {
			token := tokens[role]
			res := e.post(token, counts, map[string]any{"c": w.companies[0]})
			require.Empty(t, res.Errors, role)
			got := [3]int{}
			for i, k := range []string{"all", "first", "orgWide"} {
				got[i] = int(field(res.Data, k, "totalCount").(float64))
			}
			assert.Equal(t, want, got, "%s: every event, the first company's, the organization-wide ones", role)

			res = e.post(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": orgWideEvent})
			if role == "OWNER" || role == "ADMIN" {
				assert.Empty(t, res.Errors, role)
			} else {
				assert.Equal(t, "NOT_FOUND", res.code(0), "%s reads no organization-wide event", role)
			}
			res = e.post(token, verifyTrail, nil)
			if role == "OWNER" || role == "ADMIN" {
				assert.Empty(t, res.Errors, role)
				assert.Equal(t, true, field(res.Data, "verifyAuditTrail", "intact"), role)
			} else {
				assert.Equal(t, "FORBIDDEN", res.code(0), "%s verifies nothing", role)
			}
		}
		for _, role := range []string{"SECRETARIAT", "AUDITOR", "CONSULTANT", "MEMBER"} {
			res := e.post(tokens[role], `query($c: ID!) { auditEvents(companyID: $c) { totalCount } }`, map[string]any{"c": w.companies[1]})
			assert.Equal(t, "NOT_FOUND", res.code(0), "%s: a company it does not reach", role)
		}
	})
}

func TestAuditLog_NoMutationChangesTheTrail(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("", `{ __schema { mutationType { fields { name args { type { name ofType { name } } } type { name ofType { name } } } } } }`, nil)
	require.Empty(t, res.Errors)
	for _, f := range field(res.Data, "__schema", "mutationType", "fields").([]any) {
		assert.NotContains(t, fmt.Sprint(f), "AuditEvent", "mutation %v touches the trail", f.(map[string]any)["name"])
	}
}

func TestAuditLog_AListCostsTheSameStatementsForOneEventOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			one, oneCompanies := e.tenant("one", 1)
			many, manyCompanies := e.tenant("many", 2)
			write := func(token string, companies []string, n int) {
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				for i := range n {
					db.Client.Site.Create().SetCompanyID(pulid.ID(companies[i%len(companies)])).SetName(fmt.Sprintf("拠点 %d", i)).ExecX(ctx)
				}
			}
			write(one, oneCompanies, 1)
			write(many, manyCompanies, 100)

			const list = `{ auditEvents(first: 100, where: {hasActor: true}) { totalCount edges { node {
				seq action entityType entityID actor { name } company { name } changes { field before after } } } } }`
			statements := func(token string, events int) int {
				counter.Reset()
				res := e.post(token, list, nil)
				require.Empty(t, res.Errors)
				require.Len(t, field(res.Data, "auditEvents", "edges"), events)
				return counter.Count()
			}
			forOne, forMany := statements(one, 1), statements(many, 100)
			t.Logf("%s: %d statements for 1 event, %d for 100", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}
