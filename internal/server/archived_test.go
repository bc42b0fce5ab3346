package server_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archivedLists is one kind of archivable record: how to add one to a company and archive it,
// and the lists that hold it, each a query whose connection is at path. Each query takes
// $inc: Boolean and $w (the where input) on its list field, and $c, the company ID.
type archivedLists struct {
	name     string
	create   string // a mutation of $c and $n (its name) whose result is {id} at created
	created  string
	archive  string // a mutation of $id whose result is {id} at archived
	archived string
	where    string
	lists    map[string]archivedList
}

type archivedList struct {
	query string
	path  []string
}

// connectionOf writes the queries of a list field named field under the shapes a client may ask
// for: from node (ent's field collection, through Noder), nested in Query.companies (collected
// eagerly by the companies query), and on the result of a mutation (not collected).
func connectionOf(field, where string) map[string]archivedList {
	conn := fmt.Sprintf(`%s(includeArchived: $inc, where: $w) { totalCount edges { node { id archivedAt } } }`, field)
	vars := fmt.Sprintf(`$c: ID!, $inc: Boolean, $w: %s`, where)
	return map[string]archivedList{
		"from node": {
			query: fmt.Sprintf(`query(%s) { node(id: $c) { ... on Company { %s } } }`, vars, conn),
			path:  []string{"node", field},
		},
		"nested in companies": {
			query: fmt.Sprintf(`query(%s) { companies(where: {id: $c}) { edges { node { %s } } } }`, vars, conn),
			path:  []string{"companies", "edges", "0", "node", field},
		},
		"on a mutation's result": {
			query: fmt.Sprintf(`mutation(%s) { updateCompany(input: {id: $c, alternateName: "Sakura"}) { %s } }`, vars, conn),
			path:  []string{"updateCompany", field},
		},
	}
}

// at reads path from data, where a number steps into a list.
func at(data any, path ...string) any {
	for _, p := range path {
		switch v := data.(type) {
		case map[string]any:
			data = v[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(v) {
				return nil
			}
			data = v[i]
		default:
			return nil
		}
	}
	return data
}

// listed returns the IDs a connection lists, sorted, and its totalCount.
func listed(t *testing.T, conn any) ([]string, float64) {
	t.Helper()
	m, ok := conn.(map[string]any)
	require.True(t, ok, "no connection in %v", conn)
	ids := []string{}
	edges, _ := m["edges"].([]any)
	for _, edge := range edges {
		ids = append(ids, edge.(map[string]any)["node"].(map[string]any)["id"].(string))
	}
	sort.Strings(ids)
	total, _ := m["totalCount"].(float64)
	return ids, total
}

func sorted(ids ...string) []string {
	ids = append([]string(nil), ids...)
	sort.Strings(ids)
	return ids
}

func TestArchived_ListsLeaveArchivedRecordsOutUnlessIncluded(t *testing.T) {
	t.Parallel()
	kinds := []archivedLists{
		{
			name:     "documents",
			create:   `mutation($c: ID!, $n: String!) { createDocument(input: {companyID: $c, title: $n, kind: POLICY, body: "本文"}) { id } }`,
			created:  "createDocument",
			archive:  `mutation($id: ID!) { archiveDocument(input: {id: $id}) { id } }`,
			archived: "archiveDocument",
			lists:    connectionOf("documents", "DocumentWhereInput"),
		},
		{
			name:     "tasks",
			create:   `mutation($c: ID!, $n: String!) { createTask(input: {companyID: $c, title: $n, dueDate: "2026-12-25"}) { id } }`,
			created:  "createTask",
			archive:  `mutation($id: ID!) { archiveTask(input: {id: $id}) { id } }`,
			archived: "archiveTask",
			lists:    connectionOf("tasks", "TaskWhereInput"),
		},
		{
			name:     "risks",
			create:   `mutation($c: ID!, $n: String!) { createRisk(input: {companyID: $c, title: $n, likelihood: 1, impact: 1}) { id } }`,
			created:  "createRisk",
			archive:  `mutation($id: ID!) { archiveRisk(input: {id: $id}) { id } }`,
			archived: "archiveRisk",
			lists:    connectionOf("risks", "RiskWhereInput"),
		},
		{
			name:     "assets",
			create:   `mutation($c: ID!, $n: String!) { createAsset(input: {companyID: $c, name: $n, type: INFORMATION}) { id } }`,
			created:  "createAsset",
			archive:  `mutation($id: ID!) { archiveAsset(input: {id: $id}) { id } }`,
			archived: "archiveAsset",
			lists:    connectionOf("assets", "AssetWhereInput"),
		},
	}
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("alpha", 1)
		c := companies[0]
		for _, kind := range kinds {
			kept := e.ok(owner, kind.create, map[string]any{"c": c, "n": "現行"}, kind.created, "id")
			gone := e.ok(owner, kind.create, map[string]any{"c": c, "n": "旧版"}, kind.created, "id")
			e.ok(owner, kind.archive, map[string]any{"id": gone}, kind.archived, "id")
			for shape, list := range kind.lists {
				name := kind.name + " " + shape
				checkArchivedList(t, e, owner, name, list, map[string]any{"c": c}, []string{kept}, []string{gone})
			}
		}
	})
}

// checkArchivedList checks one list holding the records active and archived (and no other):
// by default it leaves the archived out, includeArchived: true brings them, and with
// where: {archivedAtNotNil: true} only them.
func checkArchivedList(t *testing.T, e *env, token, name string, list archivedList, vars map[string]any, active, archived []string) {
	t.Helper()
	with := func(extra map[string]any) map[string]any {
		all := map[string]any{}
		for k, v := range vars {
			all[k] = v
		}
		for k, v := range extra {
			all[k] = v
		}
		return all
	}
	onlyArchived := map[string]any{"archivedAtNotNil": true}
	for _, tc := range []struct {
		label string
		vars  map[string]any
		want  []string
	}{
		{"by default", with(nil), sorted(active...)},
		{"includeArchived: false", with(map[string]any{"inc": false}), sorted(active...)},
		{"includeArchived: true", with(map[string]any{"inc": true}), sorted(append(append([]string(nil), active...), archived...)...)},
		{"includeArchived: true, where archivedAtNotNil", with(map[string]any{"inc": true, "w": onlyArchived}), sorted(archived...)},
		{"where archivedAtNotNil alone", with(map[string]any{"w": onlyArchived}), []string{}},
	} {
		res := e.post(token, list.query, tc.vars)
		require.Empty(t, res.Errors, "%s %s", name, tc.label)
		ids, total := listed(t, at(res.Data, list.path...))
		assert.Equal(t, tc.want, ids, "%s %s", name, tc.label)
		assert.Equal(t, float64(len(tc.want)), total, "%s %s: totalCount", name, tc.label)
	}
}

func TestArchived_CompaniesLeaveArchivedCompaniesOutUnlessIncluded(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("alpha", 2)
		e.ok(owner, `mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`, map[string]any{"id": companies[1]}, "archiveCompany", "id")
		conn := `companies(includeArchived: $inc, where: $w) { totalCount edges { node { id } } }`
		vars := `$inc: Boolean, $w: CompanyWhereInput`
		for name, list := range map[string]archivedList{
			"Query.companies":        {query: fmt.Sprintf(`query(%s) { %s }`, vars, conn), path: []string{"companies"}},
			"Organization.companies": {query: fmt.Sprintf(`query(%s) { organization { %s } }`, vars, conn), path: []string{"organization", "companies"}},
		} {
			checkArchivedList(t, e, owner, name, list, nil, companies[:1], companies[1:])
		}

		// A nested list of an archived company's records follows the nested field's argument,
		// not the outer one's.
		doc := e.ok(owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "規程", kind: POLICY, body: "本文"}) { id } }`,
			map[string]any{"c": companies[0]}, "createDocument", "id")
		archivedDoc := e.ok(owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "旧規程", kind: POLICY, body: "本文"}) { id } }`,
			map[string]any{"c": companies[0]}, "createDocument", "id")
		e.ok(owner, `mutation($id: ID!) { archiveDocument(input: {id: $id}) { id } }`, map[string]any{"id": archivedDoc}, "archiveDocument", "id")
		res := e.post(owner, `{ companies(includeArchived: true, orderBy: {field: NAME}) { edges { node { id documents { totalCount edges { node { id } } } } } } }`, nil)
		require.Empty(t, res.Errors)
		edges := at(res.Data, "companies", "edges").([]any)
		require.Len(t, edges, 2, "includeArchived on companies lists the archived company")
		ids, total := listed(t, at(edges[0], "node", "documents"))
		assert.Equal(t, []string{doc}, ids, "the nested documents leave the archived document out")
		assert.Equal(t, float64(1), total)
	})
}
