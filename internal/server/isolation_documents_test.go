package server_test

import (
	"github.com/stretchr/testify/require"
)

// The documents in the API isolation suite: in every company an approved policy (drafted and
// submitted by the owner, approved by the company's consultant) with its history and the owner's
// acknowledgement.
func init() {
	addProbes("Document", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { documents(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasDocumentsWith: {id: $id}}) { totalCount } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateDocument(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveDocument(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreDocument(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { createDocumentVersion(input: {documentID: $id, body: "植え付け"}) { id } }`,
			`mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id } }`,
		},
	})
	addProbes("DocumentVersion", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { documents(where: {hasVersionsWith: {id: $id}}) { totalCount edges { node { versions { edges { node { id } } } } } } } } } }`,
			`query($id: ID!) { companies { edges { node { documents(where: {hasCurrentVersionWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateDocumentVersion(input: {id: $id, body: "改ざん"}) { id } }`,
			`mutation($id: ID!) { submitDocumentVersion(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { rejectDocumentVersion(input: {id: $id, reason: "乗っ取り"}) { id } }`,
			`query($id: ID!, $documentVersion: ID!) { documentDiff(fromVersionID: $id, toVersionID: $documentVersion) { unified } }`,
			`query($id: ID!, $documentVersion: ID!) { documentDiff(fromVersionID: $documentVersion, toVersionID: $id) { unified } }`,
		},
	})
	addProbes("DocumentStep", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { documents(where: {hasVersionsWith: {hasStepsWith: {id: $id}}}) { totalCount edges { node { history { edges { node { id } } } } } } } } } }`,
		},
		// No mutation takes a step's ID: the history is written by the workflow alone.
	})
	addProbes("DocumentAcknowledgement", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { documents(where: {hasVersionsWith: {hasAcknowledgementsWith: {id: $id}}}) { totalCount } } } } }`,
		},
		// No mutation takes an acknowledgement's ID: acknowledging names the document.
	})

	company := isolationProbes["Company"]
	company.mutations = append(company.mutations,
		`mutation($id: ID!) { createDocument(input: {companyID: $id, title: "植え付け", kind: POLICY, body: "x"}) { id } }`,
		`mutation($id: ID!) { scheduleDocumentReviews(companyID: $id) { id } }`,
		`query($id: ID!) { overdueDocuments(companyID: $id) { edges { node { id } } } }`,
	)
	isolationProbes["Company"] = company
	user := isolationProbes["User"]
	user.mutations = append(user.mutations,
		`mutation($id: ID!, $company: ID!) { createDocument(input: {companyID: $company, title: "植え付け", kind: POLICY, ownerID: $id}) { id } }`,
		`mutation($id: ID!, $document: ID!) { updateDocument(input: {id: $document, ownerID: $id}) { id } }`,
	)
	isolationProbes["User"] = user

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		for i, c := range o.companies {
			doc := e.post(o.owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "情報セキュリティ基本方針", kind: POLICY, body: "本文", requiresAcknowledgement: true}) {
				id openVersion { id } } }`, map[string]any{"c": c})
			require.Empty(e.t, doc.Errors)
			docID := field(doc.Data, "createDocument", "id").(string)
			version := field(doc.Data, "createDocument", "openVersion", "id").(string)
			e.ok(o.owner, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "submitDocumentVersion", "id")
			e.ok(o.consultants[i], `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "approveDocumentVersion", "id")
			ack := e.ok(o.owner, `mutation($d: ID!) { acknowledgeDocument(input: {documentID: $d}) { id } }`, map[string]any{"d": docID}, "acknowledgeDocument", "id")
			res := e.post(o.owner, `query($v: ID!) { node(id: $v) { ... on DocumentVersion { steps { edges { node { id } } } } } }`, map[string]any{"v": version})
			require.Empty(e.t, res.Errors)
			var steps []string
			for _, s := range edgeNodes(field(res.Data, "node", "steps")) {
				steps = append(steps, s.(map[string]any)["id"].(string))
			}
			require.Len(e.t, steps, 3, "drafted, submitted, approved")
			o.byType[i]["Document"] = []string{docID}
			o.byType[i]["DocumentVersion"] = []string{version}
			o.byType[i]["DocumentStep"] = steps
			o.byType[i]["DocumentAcknowledgement"] = []string{ack}
			if i == 0 {
				o.own["document"] = docID
				o.own["documentVersion"] = version
			}
		}
	})
}
