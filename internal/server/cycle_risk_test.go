package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The risk side over the API, as a consultant takes a client on: initialise the Statement of
// Applicability, import the client's Excel asset list and risk register, plan the treatment of
// a risk above the threshold, follow it in riskMonitoring, and hand the certification auditor
// the SoA and the risk register as .xlsx.
func TestRisk_AConsultantTakesAClientFromExcelToTheAuditor(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("Sakura")
		client := x.companies[0]
		consultant := e.join(x.workspace, "consultant@sakura.example", "CONSULTANT", []string{client}, nil)

		res := e.post(consultant, `mutation($c: ID!) { initializeStatementOfApplicability(companyID: $c) { created } }`, map[string]any{"c": client})
		require.Empty(t, res.Errors)
		assert.Equal(t, float64(93), field(res.Data, "initializeStatementOfApplicability", "created"))

		assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(consultant, importAssets, client, "assets.xlsx", workbook(t, x.assetRows())), "importAssets"))
		assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(consultant, importRisks, client, "risks.xlsx", workbook(t, x.riskRows())), "importRisks"))

		withoutPlan := func() []string {
			res := e.post(consultant, `query($c: ID!) { riskMonitoring(companyID: $c) { risksWithoutPlan { code score level } } }`, map[string]any{"c": client})
			require.Empty(t, res.Errors)
			var codes []string
			for _, r := range field(res.Data, "riskMonitoring", "risksWithoutPlan").([]any) {
				codes = append(codes, r.(map[string]any)["code"].(string))
			}
			return codes
		}
		assert.Contains(t, withoutPlan(), "R-001", "scored 9 against a threshold of 3, with no treatment task yet")

		res = e.post(consultant, `query($c: ID!) { node(id: $c) { ... on Company { risks(where: {code: "R-001"}) { edges { node { id score level } } } } } }`, map[string]any{"c": client})
		require.Empty(t, res.Errors)
		risk := onlyNode(t, field(res.Data, "node", "risks"))
		assert.Equal(t, float64(9), risk["score"], "computed by the company's method, not read from the file")
		due := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
		e.ok(consultant, `mutation($r: ID!, $d: Date!) { addRiskTreatmentTask(input: {riskID: $r, title: "ノートPCのディスク暗号化", dueDate: $d}) { id } }`,
			map[string]any{"r": risk["id"], "d": due}, "addRiskTreatmentTask", "id")
		assert.NotContains(t, withoutPlan(), "R-001", "planned now")

		auditor := e.join(x.workspace, "auditor@certification.example", "AUDITOR", []string{client},
			map[string]any{"accessExpiresAt": time.Now().Add(14 * 24 * time.Hour).Format(time.RFC3339)})
		status, header, soa := e.downloadWith(auditor, "/exports/companies/"+client+"/soa.xlsx?locale=en")
		require.Equal(t, http.StatusOK, status)
		assert.Contains(t, header.Get("Content-Type"), "spreadsheetml")
		assert.Len(t, sheetRows(t, soa), 94, "a header and one row per control")
		status, _, risks := e.downloadWith(auditor, "/exports/companies/"+client+"/risks.xlsx")
		require.Equal(t, http.StatusOK, status)
		assert.Len(t, sheetRows(t, risks), 4, "a header and the three risks")
		status, _, _ = e.downloadWith(auditor, "/exports/companies/"+x.companies[1]+"/risks.xlsx")
		assert.Equal(t, http.StatusNotFound, status, "the auditor sees one company only")
	})
}
