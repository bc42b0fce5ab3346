package server_test

import (
	"github.com/stretchr/testify/require"
)

// The Statement of Applicability in the API isolation suite: in every company the SoA
// initialized (the row of control 5.1 is probed) and a document of the company linked to it.
func init() {
	addProbes("ControlImplementation", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(where: {hasControlImplementationsWith: {id: $id}}) { totalCount edges { node { controlImplementations { id } } } } }`,
			// The catalogue is reference data: the same for everyone, naming no tenant's record.
			`query($id: ID!) { controlCatalog { ref title } managementSystemClauses { ref } companies(where: {hasControlImplementationsWith: {id: $id, applicable: true}}) { totalCount } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateControlImplementation(input: {id: $id, applicable: false, justification: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $document: ID!) { linkControlDocument(input: {controlImplementationID: $id, documentID: $document}) { id } }`,
			`mutation($id: ID!, $document: ID!) { unlinkControlDocument(input: {controlImplementationID: $id, documentID: $document}) { id } }`,
			`query($id: ID!) { node(id: $id) { ... on ControlImplementation { control { title } } } }`,
		},
	})
	addProbes("SoaDocumentLink", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(where: {hasControlImplementationsWith: {hasDocumentLinksWith: {id: $id}}}) { totalCount edges { node { controlImplementations { documentLinks { id } } } } } }`,
		},
		// No mutation takes a link's ID: linking and unlinking name the row and the document.
	})

	company := isolationProbes["Company"]
	company.mutations = append(company.mutations,
		`mutation($id: ID!) { initializeStatementOfApplicability(companyID: $id) { created } }`,
		`mutation($id: ID!) { approveStatementOfApplicability(companyID: $id) { id } }`,
		`query($id: ID!) { statementOfApplicability(companyID: $id) { locale rows { implementation { id } } } }`,
	)
	isolationProbes["Company"] = company
	document := isolationProbes["Document"]
	document.mutations = append(document.mutations,
		`mutation($id: ID!, $controlImplementation: ID!) { linkControlDocument(input: {controlImplementationID: $controlImplementation, documentID: $id}) { id } }`,
		`mutation($id: ID!, $controlImplementation: ID!) { unlinkControlDocument(input: {controlImplementationID: $controlImplementation, documentID: $id}) { id } }`,
	)
	isolationProbes["Document"] = document
	user := isolationProbes["User"]
	user.mutations = append(user.mutations,
		`mutation($id: ID!, $controlImplementation: ID!) { updateControlImplementation(input: {id: $controlImplementation, justification: "理由", ownerID: $id}) { id } }`,
	)
	isolationProbes["User"] = user

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		for i, c := range o.companies {
			res := e.post(o.owner, initializeSoA, map[string]any{"c": c})
			require.Empty(e.t, res.Errors)
			res = e.post(o.owner, `query($c: ID!) { statementOfApplicability(companyID: $c) { rows { implementation { id } } } }`, map[string]any{"c": c})
			require.Empty(e.t, res.Errors)
			rows := field(res.Data, "statementOfApplicability", "rows").([]any)
			require.Len(e.t, rows, 93)
			row := field(rows[0].(map[string]any), "implementation", "id").(string)
			doc := e.ok(o.owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "アクセス制御規程", kind: STANDARD, body: "本文"}) { id } }`,
				map[string]any{"c": c}, "createDocument", "id")
			res = e.post(o.owner, `mutation($r: ID!, $d: ID!) { linkControlDocument(input: {controlImplementationID: $r, documentID: $d}) { documentLinks { id } } }`,
				map[string]any{"r": row, "d": doc})
			require.Empty(e.t, res.Errors)
			links := field(res.Data, "linkControlDocument", "documentLinks").([]any)
			require.Len(e.t, links, 1)
			o.byType[i]["ControlImplementation"] = []string{row}
			o.byType[i]["SoaDocumentLink"] = []string{links[0].(map[string]any)["id"].(string)}
			if i == 0 {
				o.own["controlImplementation"] = row
			}
		}
	})
}
