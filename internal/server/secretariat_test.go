package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/committeemember"
	"secretariat/ent/department"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const (
	addCommitteeMember = `mutation($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) { id role title user { id } } }`
	updateCommittee    = `mutation($input: UpdateCommitteeMemberInput!) { updateCommitteeMember(input: $input) { id role title } }`
	removeCommittee    = `mutation($id: ID!) { removeCommitteeMember(input: {id: $id}) { removedID company { secretariat { chair { id } committee { id } } } } }`
	assignSecretariat  = `mutation($input: AssignSecretariatResponsibilityInput!) { assignSecretariatResponsibility(input: $input) { id responsibility position user { id } } }`
	updateAssignment   = `mutation($input: UpdateSecretariatAssignmentInput!) { updateSecretariatAssignment(input: $input) { id position } }`
	unassign           = `mutation($id: ID!) { unassignSecretariatResponsibility(input: {id: $id}) { removedID company { secretariat { uncoveredResponsibilities } } } }`
	addRepresentative  = `mutation($input: AddDepartmentRepresentativeInput!) { addDepartmentRepresentative(input: $input) { id department { name } user { id } } }`
	removeRepresentive = `mutation($id: ID!) { removeDepartmentRepresentative(input: {id: $id}) { removedID company { secretariat { departmentsWithoutRepresentative { name } } } } }`
)

// secretariatOverview reads everything company.secretariat answers.
const secretariatOverview = `query($id: ID!, $locale: Locale) { node(id: $id) { ... on Company { secretariat(locale: $locale) {
	committee { id role title user { id name } }
	chair { id user { id } }
	assignments { id responsibility position user { id name } }
	byResponsibility { responsibility label primary { id user { id } } backups { id user { id } } }
	uncoveredResponsibilities
	representatives { id department { name } user { id name } }
	departmentsWithoutRepresentative { name }
} } } }`

// ismsPeople is an organization signed up through the API whose first company is run by real
// accounts: its owner, and a SECRETARIAT, a MEMBER, a CONSULTANT and an AUDITOR of that
// company; a CONSULTANT of the second company only; and the owner of another organization.
type ismsPeople struct {
	workspace
	tokens map[string]string // access tokens by person
	users  map[string]string // user IDs by person
	// departments of the first company by name; another of the second company; one of the other
	// organization.
	departments                    map[string]string
	otherCompanyDept, otherOrgDept string
	other                          workspace
}

func (e *env) ismsPeople() ismsPeople {
	e.t.Helper()
	p := ismsPeople{workspace: e.workspace("owner@sakura.example", "さくら"), tokens: map[string]string{}, users: map[string]string{}, departments: map[string]string{}}
	co := p.companies[0]
	p.tokens["owner"] = p.owner
	p.tokens["secretariat"] = e.join(p.workspace, "jimukyoku@sakura.example", "SECRETARIAT", []string{co}, nil)
	p.tokens["member"] = e.join(p.workspace, "staff@sakura.example", "MEMBER", []string{co}, nil)
	p.tokens["consultant"] = e.join(p.workspace, "consultant@sakura.example", "CONSULTANT", []string{co}, nil)
	p.tokens["auditor"] = e.join(p.workspace, "auditor@cb.example", "AUDITOR", []string{co},
		map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
	p.tokens["otherCompany"] = e.join(p.workspace, "subsidiary@sakura.example", "CONSULTANT", p.companies[1:], nil)
	other := e.workspace("owner@other.example", "他社")
	p.tokens["otherOrg"], p.other = other.owner, other
	for who, token := range p.tokens {
		p.users[who] = e.ok(token, `{ viewer { id } }`, nil, "viewer", "id")
	}
	for _, name := range []string{"総務部", "情報システム部"} {
		p.departments[name] = e.ok(p.owner, `mutation($c: ID!, $n: String!) { createDepartment(input: {companyID: $c, name: $n}) { id } }`,
			map[string]any{"c": co, "n": name}, "createDepartment", "id")
	}
	p.otherCompanyDept = e.ok(p.owner, `mutation($c: ID!) { createDepartment(input: {companyID: $c, name: "製造部"}) { id } }`,
		map[string]any{"c": p.companies[1]}, "createDepartment", "id")
	p.otherOrgDept = e.ok(other.owner, `mutation($c: ID!) { createDepartment(input: {companyID: $c, name: "総務部"}) { id } }`,
		map[string]any{"c": other.companies[0]}, "createDepartment", "id")
	return p
}

// appoint runs a mutation with {input} and returns the ID of what it returned.
func (e *env) appoint(token, mutation string, input map[string]any) string {
	e.t.Helper()
	res := e.post(token, mutation, map[string]any{"input": input})
	require.Empty(e.t, res.Errors, "%s %v", mutation, input)
	for _, v := range res.Data {
		return v.(map[string]any)["id"].(string)
	}
	e.t.Fatalf("%s: no data", mutation)
	return ""
}

// overview reads company.secretariat as the viewer, with the locale argument and headers given.
func (e *env) overview(token, companyID string, locale any, headers ...string) map[string]any {
	e.t.Helper()
	res := e.post(token, secretariatOverview, map[string]any{"id": companyID, "locale": locale}, headers...)
	require.Empty(e.t, res.Errors)
	return field(res.Data, "node", "secretariat").(map[string]any)
}

// pluck collects the value at path from each element of a list.
func pluck(list any, path ...string) []any {
	out := []any{}
	for _, item := range list.([]any) {
		out = append(out, field(item.(map[string]any), path...))
	}
	return out
}

var (
	japaneseLabels = []any{"事務局長", "文書管理", "会議運営", "教育", "審査対応", "インシデント窓口", "サポート"}
	englishLabels  = []any{"Secretariat lead", "Document control", "Meetings", "Training", "Audit liaison", "Incident desk", "Support"}
)

func TestSecretariat_WhoDoesWhatAndWhereTheGapsAre(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.ismsPeople()
		co, u, owner := p.companies[0], p.users, p.owner
		res := e.post(owner, addCommitteeMember, map[string]any{"input": map[string]any{
			"companyID": co, "userID": u["owner"], "role": "CHAIR", "title": "  代表取締役 "}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "代表取締役", field(res.Data, "addCommitteeMember", "title"), "titles are trimmed")
		e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["consultant"], "role": "VICE_CHAIR"})
		secretaryMember := e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["secretariat"]})

		leader := e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "LEADER"})
		e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "DOCUMENT_CONTROL"})
		e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["member"], "responsibility": "DOCUMENT_CONTROL", "position": "BACKUP"})
		e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["consultant"], "responsibility": "DOCUMENT_CONTROL", "position": "BACKUP"})
		meetingsBackup := e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["member"], "responsibility": "MEETINGS", "position": "BACKUP"})
		rep1 := e.appoint(owner, addRepresentative, map[string]any{"companyID": co, "departmentID": p.departments["総務部"], "userID": u["member"]})
		rep2 := e.appoint(owner, addRepresentative, map[string]any{"companyID": co, "departmentID": p.departments["総務部"], "userID": u["secretariat"]})

		// Everyone of the company reads it, the MEMBER included; Japanese is the default.
		o := e.overview(p.tokens["member"], co, nil)
		assert.Equal(t, []any{"CHAIR", "VICE_CHAIR", "MEMBER"}, pluck(o["committee"], "role"))
		assert.Equal(t, []any{u["owner"], u["consultant"], u["secretariat"]}, pluck(o["committee"], "user", "id"))
		assert.Equal(t, u["owner"], field(o, "chair", "user", "id"))
		assert.Equal(t, []any{"LEADER", "DOCUMENT_CONTROL", "DOCUMENT_CONTROL", "DOCUMENT_CONTROL", "MEETINGS"}, pluck(o["assignments"], "responsibility"))
		assert.Equal(t, []any{"PRIMARY", "PRIMARY", "BACKUP", "BACKUP", "BACKUP"}, pluck(o["assignments"], "position"))
		assert.Equal(t, []any{u["secretariat"], u["secretariat"], u["member"], u["consultant"], u["member"]}, pluck(o["assignments"], "user", "id"))

		by := o["byResponsibility"].([]any)
		assert.Equal(t, []any{"LEADER", "DOCUMENT_CONTROL", "MEETINGS", "TRAINING", "AUDIT_LIAISON", "INCIDENT_DESK", "SUPPORT"}, pluck(by, "responsibility"))
		assert.Equal(t, japaneseLabels, pluck(by, "label"))
		assert.Equal(t, []any{u["secretariat"], u["secretariat"], nil, nil, nil, nil, nil}, pluck(by, "primary", "user", "id"))
		assert.Equal(t, []any{u["member"], u["consultant"]}, pluck(field(by[1].(map[string]any), "backups"), "user", "id"))
		assert.Equal(t, []any{u["member"]}, pluck(field(by[2].(map[string]any), "backups"), "user", "id"))
		assert.Equal(t, []any{"MEETINGS", "TRAINING", "AUDIT_LIAISON", "INCIDENT_DESK", "SUPPORT"}, o["uncoveredResponsibilities"],
			"a responsibility with backups alone is not covered")

		assert.Equal(t, []any{"総務部", "総務部"}, pluck(o["representatives"], "department", "name"))
		assert.Equal(t, []any{u["member"], u["secretariat"]}, pluck(o["representatives"], "user", "id"))
		assert.Equal(t, []any{"情報システム部"}, pluck(o["departmentsWithoutRepresentative"], "name"))

		// The organization's default (Japanese) before the request's Accept-Language; the locale
		// argument before both.
		assert.Equal(t, japaneseLabels, pluck(e.overview(owner, co, nil, "Accept-Language", "en-US,en;q=0.9,ja;q=0.8")["byResponsibility"], "label"))
		assert.Equal(t, japaneseLabels, pluck(e.overview(owner, co, "JA", "Accept-Language", "en-US")["byResponsibility"], "label"))
		assert.Equal(t, englishLabels, pluck(e.overview(owner, co, "EN")["byResponsibility"], "label"))
		// The viewer's own locale before the organization's default; that before the header.
		_, err := e.raw.Exec(`UPDATE users SET locale = 'en' WHERE id = $1`, u["owner"])
		require.NoError(t, err)
		assert.Equal(t, englishLabels, pluck(e.overview(owner, co, nil, "Accept-Language", "ja")["byResponsibility"], "label"))
		_, err = e.raw.Exec(`UPDATE organizations SET default_locale = 'en' WHERE id = $1`, p.org)
		require.NoError(t, err)
		assert.Equal(t, englishLabels, pluck(e.overview(p.tokens["member"], co, nil)["byResponsibility"], "label"))
		assert.Equal(t, englishLabels, pluck(e.overview(p.tokens["member"], co, nil, "Accept-Language", "ja")["byResponsibility"], "label"))

		// The other company has nobody yet: every responsibility and department is a gap.
		o = e.overview(owner, p.companies[1], nil)
		assert.Empty(t, o["committee"])
		assert.Nil(t, o["chair"])
		assert.Len(t, o["uncoveredResponsibilities"], 7)
		assert.Equal(t, []any{"製造部"}, pluck(o["departmentsWithoutRepresentative"], "name"))

		// Changes and removals show at once.
		res = e.post(owner, updateCommittee, map[string]any{"input": map[string]any{"id": secretaryMember, "role": "VICE_CHAIR", "title": "情報システム部長"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "情報システム部長", field(res.Data, "updateCommitteeMember", "title"))
		res = e.post(owner, updateCommittee, map[string]any{"input": map[string]any{"id": secretaryMember, "title": ""}})
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "updateCommitteeMember", "title"), "an empty title clears it")
		assert.Equal(t, "VICE_CHAIR", field(res.Data, "updateCommitteeMember", "role"), "the role stays")

		chairID := field(e.overview(owner, co, nil), "chair", "id")
		res = e.post(owner, removeCommittee, map[string]any{"id": chairID})
		require.Empty(t, res.Errors)
		assert.Equal(t, chairID, field(res.Data, "removeCommitteeMember", "removedID"))
		assert.Nil(t, field(res.Data, "removeCommitteeMember", "company", "secretariat", "chair"), "the committee has no chair now")
		assert.Len(t, field(res.Data, "removeCommitteeMember", "company", "secretariat", "committee"), 2)

		res = e.post(owner, unassign, map[string]any{"id": leader})
		require.Empty(t, res.Errors)
		assert.Contains(t, field(res.Data, "unassignSecretariatResponsibility", "company", "secretariat", "uncoveredResponsibilities"), "LEADER")
		res = e.post(owner, updateAssignment, map[string]any{"input": map[string]any{"id": meetingsBackup, "position": "PRIMARY"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{"LEADER", "TRAINING", "AUDIT_LIAISON", "INCIDENT_DESK", "SUPPORT"}, e.overview(owner, co, nil)["uncoveredResponsibilities"])

		res = e.post(owner, removeRepresentive, map[string]any{"id": rep1})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{"情報システム部"}, pluck(field(res.Data, "removeDepartmentRepresentative", "company", "secretariat", "departmentsWithoutRepresentative"), "name"),
			"総務部 still has a representative")
		res = e.post(owner, removeRepresentive, map[string]any{"id": rep2})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{"情報システム部", "総務部"}, pluck(field(res.Data, "removeDepartmentRepresentative", "company", "secretariat", "departmentsWithoutRepresentative"), "name"))
		assert.Zero(t, e.count("department_representatives"), "removing deletes the row")
	})
}

func TestSecretariat_ChairAndPrimaryAreHandedOverInOneChange(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.ismsPeople()
		co, u, owner := p.companies[0], p.users, p.owner
		oldChair := e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["owner"], "role": "CHAIR"})
		e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["consultant"], "role": "CHAIR", "replaceChair": true})
		roles := map[any]any{}
		for _, m := range e.overview(owner, co, nil)["committee"].([]any) {
			roles[field(m.(map[string]any), "user", "id")] = m.(map[string]any)["role"]
		}
		assert.Equal(t, map[any]any{u["consultant"]: "CHAIR", u["owner"]: "MEMBER"}, roles, "the old chair became a MEMBER")

		res := e.post(owner, updateCommittee, map[string]any{"input": map[string]any{"id": oldChair, "role": "CHAIR", "replaceChair": true}})
		require.Empty(t, res.Errors)
		o := e.overview(owner, co, nil)
		assert.Equal(t, u["owner"], field(o, "chair", "user", "id"))
		assert.Equal(t, []any{"CHAIR", "MEMBER"}, pluck(o["committee"], "role"))

		old := e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "TRAINING"})
		e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["member"], "responsibility": "TRAINING", "replacePrimary": true})
		o = e.overview(owner, co, nil)
		training := o["byResponsibility"].([]any)[3].(map[string]any)
		assert.Equal(t, u["member"], field(training, "primary", "user", "id"))
		assert.Equal(t, []any{u["secretariat"]}, pluck(training["backups"], "user", "id"), "the old primary holder became a backup")

		res = e.post(owner, updateAssignment, map[string]any{"input": map[string]any{"id": old, "position": "PRIMARY", "replacePrimary": true}})
		require.Empty(t, res.Errors)
		training = e.overview(owner, co, nil)["byResponsibility"].([]any)[3].(map[string]any)
		assert.Equal(t, u["secretariat"], field(training, "primary", "user", "id"))
		assert.Equal(t, []any{u["member"]}, pluck(training["backups"], "user", "id"))
	})
}

func TestSecretariat_OnlyTheCompanysEditorsAppoint(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.ismsPeople()
		co, u, owner := p.companies[0], p.users, p.owner
		member := e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["member"]})
		assignment := e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["member"], "responsibility": "SUPPORT", "position": "BACKUP"})
		rep := e.appoint(owner, addRepresentative, map[string]any{"companyID": co, "departmentID": p.departments["総務部"], "userID": u["member"]})

		writes := []struct {
			query string
			vars  map[string]any
		}{
			{addCommitteeMember, map[string]any{"input": map[string]any{"companyID": co, "userID": u["secretariat"]}}},
			{updateCommittee, map[string]any{"input": map[string]any{"id": member, "role": "VICE_CHAIR"}}},
			{removeCommittee, map[string]any{"id": member}},
			{assignSecretariat, map[string]any{"input": map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "LEADER"}}},
			{updateAssignment, map[string]any{"input": map[string]any{"id": assignment, "position": "PRIMARY"}}},
			{unassign, map[string]any{"id": assignment}},
			{addRepresentative, map[string]any{"input": map[string]any{"companyID": co, "departmentID": p.departments["情報システム部"], "userID": u["secretariat"]}}},
			{removeRepresentive, map[string]any{"id": rep}},
		}
		for _, who := range []string{"member", "auditor"} {
			before := testdb.Snapshot(t, e.raw)
			for _, w := range writes {
				res := e.post(p.tokens[who], w.query, w.vars)
				require.NotEmpty(t, res.Errors, "%s: %s", who, w.query)
				assert.Equal(t, "FORBIDDEN", res.code(0), "%s: %s: %s", who, w.query, res.Errors[0].Message)
				assert.Equal(t, "ROLE_REQUIRED", res.Errors[0].Extensions["reason"])
				assert.Regexp(t, `^(MEMBER|AUDITOR)ロールでは(委員会メンバー|事務局の担当|部署代表者)を(作成|変更|削除)できません$`, res.Errors[0].Message)
			}
			assert.Equal(t, before, testdb.Snapshot(t, e.raw), "%s changed nothing", who)
		}
		res := e.post("", writes[0].query, writes[0].vars)
		assert.Equal(t, "UNAUTHENTICATED", res.code(0))

		// The company's CONSULTANT and SECRETARIAT do it all.
		for _, who := range []string{"consultant", "secretariat"} {
			token := p.tokens[who]
			m := e.appoint(token, addCommitteeMember, map[string]any{"companyID": co, "userID": u["secretariat"]})
			e.appoint(token, updateCommittee, map[string]any{"id": m, "role": "VICE_CHAIR"})
			e.ok(token, removeCommittee, map[string]any{"id": m}, "removeCommitteeMember", "removedID")
			a := e.appoint(token, assignSecretariat, map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "LEADER"})
			e.appoint(token, updateAssignment, map[string]any{"id": a, "position": "BACKUP"})
			e.ok(token, unassign, map[string]any{"id": a}, "unassignSecretariatResponsibility", "removedID")
			r := e.appoint(token, addRepresentative, map[string]any{"companyID": co, "departmentID": p.departments["情報システム部"], "userID": u["secretariat"]})
			e.ok(token, removeRepresentive, map[string]any{"id": r}, "removeDepartmentRepresentative", "removedID")
		}
		assert.Len(t, e.overview(p.tokens["auditor"], co, nil)["committee"], 1, "the auditor reads the committee")
	})
}

func TestSecretariat_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.ismsPeople()
		co, u, owner := p.companies[0], p.users, p.owner
		e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["owner"], "role": "CHAIR"})
		seated := e.appoint(owner, addCommitteeMember, map[string]any{"companyID": co, "userID": u["secretariat"]})
		e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["secretariat"], "responsibility": "LEADER"})
		backup := e.appoint(owner, assignSecretariat, map[string]any{"companyID": co, "userID": u["member"], "responsibility": "LEADER", "position": "BACKUP"})
		e.appoint(owner, addRepresentative, map[string]any{"companyID": co, "departmentID": p.departments["総務部"], "userID": u["member"]})
		never := string(pulid.New("US"))
		dept := p.departments["情報システム部"]

		type attempt struct {
			name, query string
			input       map[string]any
			code        string
			fields      []any
		}
		// Each way of naming someone who does not work in the company, for each mutation that names
		// people: all must answer alike, word for word.
		var attempts []attempt
		for _, m := range []struct {
			query string
			input func(user string) map[string]any
		}{
			{addCommitteeMember, func(user string) map[string]any { return map[string]any{"companyID": co, "userID": user} }},
			{assignSecretariat, func(user string) map[string]any {
				return map[string]any{"companyID": co, "userID": user, "responsibility": "TRAINING"}
			}},
			{addRepresentative, func(user string) map[string]any {
				return map[string]any{"companyID": co, "departmentID": dept, "userID": user}
			}},
		} {
			for _, who := range []struct{ name, id string }{
				{"a person who never existed", never},
				{"a person of another organization", u["otherOrg"]},
				{"a person of another company only", u["otherCompany"]},
				{"a company ID for a person", co},
			} {
				attempts = append(attempts, attempt{who.name, m.query, m.input(who.id), "BAD_USER_INPUT", []any{"userID"}})
			}
			attempts = append(attempts, attempt{"the company's auditor", m.query, m.input(u["auditor"]), "BAD_USER_INPUT", []any{"userID"}})
			input := m.input(u["consultant"])
			input["companyID"] = p.other.companies[0]
			attempts = append(attempts, attempt{"another organization's company", m.query, input, "BAD_USER_INPUT", []any{"companyID"}})
		}
		attempts = append(attempts,
			attempt{"a department of another company", addRepresentative,
				map[string]any{"companyID": co, "departmentID": p.otherCompanyDept, "userID": u["secretariat"]}, "BAD_USER_INPUT", []any{"departmentID"}},
			attempt{"a department of another organization", addRepresentative,
				map[string]any{"companyID": co, "departmentID": p.otherOrgDept, "userID": u["secretariat"]}, "BAD_USER_INPUT", []any{"departmentID"}},
			attempt{"a department that never existed", addRepresentative,
				map[string]any{"companyID": co, "departmentID": string(pulid.New("DE")), "userID": u["secretariat"]}, "BAD_USER_INPUT", []any{"departmentID"}},
			attempt{"a department and a person both wrong", addRepresentative,
				map[string]any{"companyID": co, "departmentID": p.otherCompanyDept, "userID": u["auditor"]}, "BAD_USER_INPUT", []any{"departmentID", "userID"}},
			attempt{"a title too long", addCommitteeMember,
				map[string]any{"companyID": co, "userID": u["consultant"], "title": strings.Repeat("長", 201)}, "BAD_USER_INPUT", []any{"title"}},
			attempt{"a second chair", addCommitteeMember,
				map[string]any{"companyID": co, "userID": u["consultant"], "role": "CHAIR"}, "CONFLICT", nil},
			attempt{"a member made a second chair", updateCommittee,
				map[string]any{"id": seated, "role": "CHAIR"}, "CONFLICT", nil},
			attempt{"a second primary holder", assignSecretariat,
				map[string]any{"companyID": co, "userID": u["consultant"], "responsibility": "LEADER"}, "CONFLICT", nil},
			attempt{"a backup made a second primary holder", updateAssignment,
				map[string]any{"id": backup, "position": "PRIMARY"}, "CONFLICT", nil},
			attempt{"someone seated twice", addCommitteeMember,
				map[string]any{"companyID": co, "userID": u["secretariat"], "role": "VICE_CHAIR"}, "CONFLICT", nil},
			attempt{"a responsibility held twice", assignSecretariat,
				map[string]any{"companyID": co, "userID": u["member"], "responsibility": "LEADER", "position": "BACKUP"}, "CONFLICT", nil},
			attempt{"a representative named twice", addRepresentative,
				map[string]any{"companyID": co, "departmentID": p.departments["総務部"], "userID": u["member"]}, "CONFLICT", nil},
		)

		answers := map[string][]string{} // mutation → answers for people outside the company
		for _, a := range attempts {
			before := testdb.Snapshot(t, e.raw)
			res := e.post(owner, a.query, map[string]any{"input": a.input})
			require.NotEmpty(t, res.Errors, "%s: %s", a.name, a.query)
			assert.Equal(t, a.code, res.code(0), "%s: %s", a.name, res.Errors[0].Message)
			if a.fields != nil {
				assert.Equal(t, a.fields, res.fields(), "%s: one error per field", a.name)
			} else {
				require.Len(t, res.Errors, 1, "%s: %s", a.name, a.query)
			}
			assert.Equal(t, before, testdb.Snapshot(t, e.raw), "%s changed nothing", a.name)
			if strings.HasPrefix(a.name, "a person ") || a.name == "a company ID for a person" {
				answers[a.query] = append(answers[a.query], answer(res, fmt.Sprint(a.input["userID"])))
			}
		}
		for query, got := range answers {
			require.Len(t, got, 4)
			for _, g := range got[1:] {
				assert.Equal(t, got[0], g, "%s: another tenant's person answers as one who never existed", query)
			}
		}

		// An archived company takes no new appointments until it is restored.
		e.ok(owner, `mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`, map[string]any{"id": p.companies[1]}, "archiveCompany", "id")
		before := testdb.Snapshot(t, e.raw)
		res := e.post(owner, addCommitteeMember, map[string]any{"input": map[string]any{"companyID": p.companies[1], "userID": u["otherCompany"]}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "companyID", res.Errors[0].Extensions["field"])
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

// staff gives the company of a tenant made by e.tenant n people who work in it, each on the
// committee (the first as its chair), holding a responsibility (the first seven as primary
// holders) and representing the company's first department.
func (e *env) staff(token, companyID string, n int) {
	e.t.Helper()
	ctx := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
	c, org, co := e.db.Client, e.viewers[token].OrganizationID, pulid.ID(companyID)
	dept := c.Department.Query().Where(department.CompanyID(co)).Order(department.ByID()).FirstIDX(ctx)
	responsibilities := []secretariatassignment.Responsibility{
		secretariatassignment.ResponsibilityLEADER, secretariatassignment.ResponsibilityDOCUMENT_CONTROL,
		secretariatassignment.ResponsibilityMEETINGS, secretariatassignment.ResponsibilityTRAINING,
		secretariatassignment.ResponsibilityAUDIT_LIAISON, secretariatassignment.ResponsibilityINCIDENT_DESK,
		secretariatassignment.ResponsibilitySUPPORT,
	}
	for k := range n {
		person := c.User.Create().SetEmail(fmt.Sprintf("staff%d-%s@example.com", k, strings.ToLower(token))).SetName(fmt.Sprintf("担当者%d", k)).SaveX(ctx)
		m := c.Membership.Create().SetOrganizationID(org).SetUserID(person.ID).SetRole(viewer.RoleSecretariat).SaveX(ctx)
		c.CompanyAccess.Create().SetOrganizationID(org).SetMembershipID(m.ID).SetCompanyID(co).ExecX(ctx)
		role, position := committeemember.RoleMEMBER, secretariatassignment.PositionBACKUP
		if k == 0 {
			role = committeemember.RoleCHAIR
		}
		if k < len(responsibilities) {
			position = secretariatassignment.PositionPRIMARY
		}
		c.CommitteeMember.Create().SetOrganizationID(org).SetCompanyID(co).SetUserID(person.ID).SetRole(role).ExecX(ctx)
		c.SecretariatAssignment.Create().SetOrganizationID(org).SetCompanyID(co).SetUserID(person.ID).
			SetResponsibility(responsibilities[k%len(responsibilities)]).SetPosition(position).ExecX(ctx)
		c.DepartmentRepresentative.Create().SetOrganizationID(org).SetCompanyID(co).SetDepartmentID(dept).SetUserID(person.ID).ExecX(ctx)
	}
}

func TestSecretariat_OverviewCostsTheSameStatementsForOnePersonOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			one, oneCompany := e.tenant("one", 1)
			many, manyCompany := e.tenant("many", 1)
			e.staff(one, oneCompany[0], 1)
			e.staff(many, manyCompany[0], 40)

			statements := func(token, companyID string, people int) int {
				counter.Reset()
				res := e.post(token, secretariatOverview, map[string]any{"id": companyID})
				require.Empty(t, res.Errors)
				o := field(res.Data, "node", "secretariat").(map[string]any)
				require.Len(t, o["committee"], people)
				require.Len(t, o["assignments"], people)
				require.Len(t, o["representatives"], people)
				require.NotNil(t, o["chair"])
				require.NotEmpty(t, o["departmentsWithoutRepresentative"])
				return counter.Count()
			}
			forOne, forMany := statements(one, oneCompany[0], 1), statements(many, manyCompany[0], 40)
			t.Logf("%s: %d statements for 1 person, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the people listed")
		})
	}
}
