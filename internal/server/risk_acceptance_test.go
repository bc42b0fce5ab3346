package server_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRisks_TheAPIAndTheImportAcceptAlike runs the acceptance rule (package risks: the risk's
// owner, whatever its role, or top management, OWNER or ADMIN, accepts a risk; ISO/IEC 27001
// 6.1.3 f) case by case through both ways of writing a risk, the API and the Excel import, on
// a new risk and on an existing one: both give the same answer, and a refusal names the
// approver with the same reason.
func TestRisks_TheAPIAndTheImportAcceptAlike(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Accept")
		c := w.companies[0]
		admin := e.join(w.workspace, "admin@accept.example", "ADMIN", nil, nil)
		people := map[string]struct{ token, email string }{
			"owner": {w.owner, "owner@accept.example"}, "admin": {admin, "admin@accept.example"},
			"secretariat": {w.secretariat, "secretariat@accept.example"}, "member": {w.member, "member@accept.example"},
			"consultant": {w.consultant, "consultant@accept.example"}, "auditor": {w.auditor, "auditor@accept.example"},
		}
		id := func(who string) string {
			if who == "" {
				return ""
			}
			return e.ok(people[who].token, `{ viewer { id } }`, nil, "viewer", "id")
		}
		const accepted = "ACCEPTED"
		cases := []struct {
			name, approver, riskOwner, want string
		}{
			{"the organization's OWNER, who does not own the risk", "owner", "member", accepted},
			{"an ADMIN, who does not own the risk", "admin", "member", accepted},
			{"a MEMBER who owns the risk", "member", "member", accepted},
			{"a SECRETARIAT who owns the risk", "secretariat", "secretariat", accepted},
			{"a CONSULTANT who owns the risk", "consultant", "consultant", accepted},
			{"a MEMBER who does not own the risk", "member", "secretariat", "ROLE_REQUIRED"},
			{"a SECRETARIAT who does not own the risk", "secretariat", "member", "ROLE_REQUIRED"},
			{"a CONSULTANT who does not own the risk", "consultant", "member", "ROLE_REQUIRED"},
			{"a MEMBER, the risk having no owner", "member", "", "ROLE_REQUIRED"},
			{"an AUDITOR", "auditor", "member", "ROLE_REQUIRED"},
		}
		header := []any{"Code", "Title", "Likelihood", "Impact", "Owner", "Accepted by", "Accepted on", "Acceptance expires on", "Status"}
		row := func(code, owner, approver string) []any {
			var ownerEmail, approverEmail, on, expires, status any = "", "", "", "", "IDENTIFIED"
			if owner != "" {
				ownerEmail = people[owner].email
			}
			if approver != "" {
				approverEmail, on, expires, status = people[approver].email, "2026-04-01", "2027-04-01", accepted
			}
			return []any{code, "委託先の情報漏えい", 1, 1, ownerEmail, approverEmail, on, expires, status}
		}
		// importOutcome imports one row as the secretariat: ACCEPTED, or the reason on Accepted by.
		importOutcome := func(r []any) string {
			res := e.importFile(w.secretariat, importRisks, c, "r.xlsx", workbook(t, [][]any{header, r}))
			require.Empty(t, res.Errors)
			errs := res.Data["importRisks"].(map[string]any)["errors"].([]any)
			if len(errs) == 0 {
				return accepted
			}
			require.Len(t, errs, 1, "%v", errs)
			m := errs[0].(map[string]any)
			assert.Equal(t, "Accepted by", m["column"])
			return m["reason"].(string)
		}
		// apiOutcome reads a mutation's answer: ACCEPTED, or the reason on acceptedByID.
		apiOutcome := func(res response, name string) string {
			if len(res.Errors) == 0 {
				return res.Data[name].(map[string]any)["status"].(string)
			}
			require.Len(t, res.Errors, 1, "%v", res.Errors)
			assert.Equal(t, "acceptedByID", res.Errors[0].Extensions["field"])
			return res.Errors[0].Extensions["reason"].(string)
		}
		for i, tc := range cases {
			n := strconv.Itoa(i)
			input := map[string]any{"companyID": c, "code": "API-" + n, "title": "委託先の情報漏えい", "likelihood": 1, "impact": 1,
				"acceptedByID": id(tc.approver), "acceptedOn": "2026-04-01", "acceptanceExpiresOn": "2027-04-01", "status": accepted}
			if tc.riskOwner != "" {
				input["ownerID"] = id(tc.riskOwner)
			}
			created := apiOutcome(e.post(w.secretariat, createRiskMutation, map[string]any{"input": input}), "createRisk")
			imported := importOutcome(row("XL-"+n, tc.riskOwner, tc.approver))
			assert.Equal(t, tc.want, created, "%s: the API, on a new risk", tc.name)
			assert.Equal(t, tc.want, imported, "%s: the import, on a new risk", tc.name)

			// On an existing risk: acceptRisk, and an import of the row with the acceptance.
			existing := map[string]any{"companyID": c, "code": "UPD-" + n, "title": "委託先の情報漏えい", "likelihood": 1, "impact": 1}
			if tc.riskOwner != "" {
				existing["ownerID"] = id(tc.riskOwner)
			}
			r := e.risk(w.secretariat, existing)
			acceptedLater := apiOutcome(e.post(w.secretariat, acceptRiskMutation, map[string]any{"input": map[string]any{
				"id": r["id"], "approverID": id(tc.approver), "acceptedOn": "2026-04-01", "expiresOn": "2027-04-01"}}), "acceptRisk")
			existingImport := map[string]any{"companyID": c, "code": "XLU-" + n, "title": "委託先の情報漏えい", "likelihood": 1, "impact": 1}
			if tc.riskOwner != "" {
				existingImport["ownerID"] = id(tc.riskOwner)
			}
			e.risk(w.secretariat, existingImport)
			importedLater := importOutcome(row("XLU-"+n, tc.riskOwner, tc.approver))
			assert.Equal(t, tc.want, acceptedLater, "%s: the API, on an existing risk", tc.name)
			assert.Equal(t, tc.want, importedLater, "%s: the import, on an existing risk", tc.name)
		}
	})
}
