package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/locale"
)

// wantError is the exact shape of one error: its code, the input field at fault, the reason and
// the message in English and in Japanese.
type wantError struct {
	code, field, reason string
	en, ja              string
}

// TestClientMistakes_HaveOneErrorShapeInJapaneseAndEnglish is the catalogue of the mistakes a
// client makes, each with the exact error it gets: BAD_USER_INPUT, the input field as the
// services name it (the path inside the argument: "dueDate", not "input.dueDate"), a stable
// reason, and a message that starts with the field, in the viewer's language.
func TestClientMistakes_HaveOneErrorShapeInJapaneseAndEnglish(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	en, companies := e.tenant("mistakes", 2)
	ja := "mistakes-ja"
	v := *e.viewers[en]
	v.Locale = locale.Japanese
	e.viewers[ja] = &v
	_, foreign := e.tenant("elsewhere", 1)

	cursor := func(orderBy string) string {
		res := e.post(en, `{ companies(first: 1, orderBy: `+orderBy+`) { edges { cursor } } }`, nil)
		require.Empty(t, res.Errors)
		return field(res.Data, "companies", "edges").([]any)[0].(map[string]any)["cursor"].(string)
	}
	byName := cursor(`{field: NAME}`)
	const companiesPage = `query($after: Cursor, $first: Int, $last: Int) {
		companies(after: $after, first: $first, last: $last, orderBy: {field: CREATED_AT}) { totalCount } }`
	const createTask = `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`
	task := func(extra map[string]any) map[string]any {
		i := map[string]any{"companyID": companies[0], "title": "是正処置の確認", "dueDate": "2027-04-01"}
		for k, v := range extra {
			i[k] = v
		}
		return map[string]any{"i": i}
	}
	gql := func(query string, vars map[string]any) func(token string) response {
		return func(token string) response { return e.post(token, query, vars) }
	}
	missingFile := func(token string) response {
		ops, err := json.Marshal(map[string]any{
			"query":     `mutation($file: Upload!, $c: ID!) { importAssets(input: {companyID: $c, file: $file}) { imported } }`,
			"variables": map[string]any{"file": nil, "c": companies[0]},
		})
		require.NoError(t, err)
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		require.NoError(t, w.WriteField("operations", string(ops)))
		require.NoError(t, w.WriteField("map", `{"0": ["variables.file"]}`))
		require.NoError(t, w.Close())
		return e.do(http.MethodPost, "/graphql", token, &body, "Content-Type", w.FormDataContentType())
	}
	long := func(n int) string { return strings.Repeat("情", n) }
	itemsTwice := wantError{"BAD_USER_INPUT", "", "CONFLICTING_FIELDS",
		"a list's items are selected in more than one place: select them once, under edges { node } or under nodes",
		"リストの項目が複数の箇所で選択されています。edges { node } か nodes のどちらか一方で一度だけ選択してください"}

	for _, c := range []struct {
		name string
		send func(token string) response
		want []wantError
	}{
		{"malformed cursor", gql(companiesPage, map[string]any{"after": "not a cursor"}), []wantError{{
			"BAD_USER_INPUT", "after", "INVALID_FORMAT",
			"after: is not a cursor of this connection", "after: このリストのカーソルではありません"}}},
		{"cursor of another orderBy", gql(companiesPage, map[string]any{"after": byName}), []wantError{{
			"BAD_USER_INPUT", "after", "CURSOR_MISMATCH",
			"after: was made for another list or another orderBy: page with the cursors of the same query",
			"after: 別のリストまたは別の並び順（orderBy）で作られたカーソルです。同じ問い合わせのカーソルを使ってください"}}},
		{"first with last", gql(companiesPage, map[string]any{"first": 5, "last": 5}), []wantError{{
			"BAD_USER_INPUT", "last", "CONFLICTING_FIELDS",
			"last: cannot be given with first: page forwards with first and after, or backwards with last and before",
			"last: first と同時には指定できません。前へは first と after、後ろへは last と before で移動してください"}}},
		{"negative first", gql(companiesPage, map[string]any{"first": -1}), []wantError{{
			"BAD_USER_INPUT", "first", "OUT_OF_RANGE",
			"first: must be between 0 and 100", "first: 0以上100以下で指定してください"}}},
		{"missing file part", missingFile, []wantError{{
			"BAD_USER_INPUT", "file", "REQUIRED",
			`file: the file of part "0" is missing from the request`, `file: パート "0" のファイルがリクエストに含まれていません`}}},
		{"bad enum in variables", gql(createTask, task(map[string]any{"priority": "SOMEDAY"})), []wantError{{
			"BAD_USER_INPUT", "priority", "INVALID_VALUE",
			"priority: SOMEDAY is not a valid TaskPriority", "priority: 値が正しくありません（SOMEDAY is not a valid TaskPriority）"}}},
		{"null for a required field", gql(createTask, task(map[string]any{"title": nil})), []wantError{{
			"BAD_USER_INPUT", "title", "REQUIRED",
			"title: cannot be null", "title: 入力してください（cannot be null）"}}},
		{"a list's items selected twice", gql(`{ companies(first: 2) { edges { node { id } } nodes { name } } }`, nil), []wantError{itemsTwice}},
		{"a nested list's items selected twice", gql(`{ companies(first: 2) { nodes { sites { a: nodes { id } b: nodes { name } } } } }`, nil),
			[]wantError{itemsTwice}},
		{"five bad fields at once", gql(`mutation($i: CreateCompanyInput!) { createCompany(input: $i) { id } }`, map[string]any{"i": map[string]any{
			"name": " ", "alternateName": long(201), "industry": long(201), "scopeStatement": long(5001), "certificationBody": long(201),
		}}), []wantError{
			{"BAD_USER_INPUT", "name", "REQUIRED", "name: must not be empty", "name: 入力してください"},
			{"BAD_USER_INPUT", "alternateName", "TOO_LONG", "alternateName: must be at most 200 characters", "alternateName: 200文字以内で入力してください"},
			{"BAD_USER_INPUT", "industry", "TOO_LONG", "industry: must be at most 200 characters", "industry: 200文字以内で入力してください"},
			{"BAD_USER_INPUT", "scopeStatement", "TOO_LONG", "scopeStatement: must be at most 5000 characters", "scopeStatement: 5000文字以内で入力してください"},
			{"BAD_USER_INPUT", "certificationBody", "TOO_LONG", "certificationBody: must be at most 200 characters", "certificationBody: 200文字以内で入力してください"},
		}},
	} {
		for _, lang := range []string{en, ja} {
			before := e.count("companies") + e.count("tasks")
			res := c.send(lang)
			require.Len(t, res.Errors, len(c.want), "%s (%s): %+v", c.name, lang, res.Errors)
			for i, w := range c.want {
				got := res.Errors[i]
				assert.Equal(t, w.code, got.Extensions["code"], "%s (%s)", c.name, lang)
				if w.field == "" {
					assert.NotContains(t, got.Extensions, "field", "%s (%s)", c.name, lang)
				} else {
					assert.Equal(t, w.field, got.Extensions["field"], "%s (%s)", c.name, lang)
				}
				assert.Equal(t, w.reason, got.Extensions["reason"], "%s (%s)", c.name, lang)
				message := w.en
				if lang == ja {
					message = w.ja
				}
				assert.Equal(t, message, got.Message, "%s (%s)", c.name, lang)
			}
			assert.Equal(t, before, e.count("companies")+e.count("tasks"), "%s changed nothing", c.name)
		}
	}

	// A date that is not one, an ID of another organization's company, another kind of record's
	// ID where a company's belongs: each on its field, in both languages, alike whatever the ID
	// names.
	taskID := e.ok(en, createTask, task(nil), "createTask", "id")
	for _, c := range []struct {
		name, field, reason string
		vars                map[string]any
	}{
		{"bad date", "dueDate", "INVALID_FORMAT", task(map[string]any{"dueDate": "2027-13-01"})},
		{"another organization's company", "companyID", "UNKNOWN_ID", task(map[string]any{"companyID": foreign[0]})},
		{"a task's ID for a company", "companyID", "UNKNOWN_ID", task(map[string]any{"companyID": taskID})},
		{"an ID of no record", "companyID", "UNKNOWN_ID", task(map[string]any{"companyID": "CO01NOSUCHCOMPANY000000000000"})},
	} {
		var messages []string
		for _, lang := range []string{en, ja} {
			res := e.post(lang, createTask, c.vars)
			require.Len(t, res.Errors, 1, "%s (%s)", c.name, lang)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), "%s (%s): %s", c.name, lang, res.Errors[0].Message)
			assert.Equal(t, c.field, res.Errors[0].Extensions["field"], c.name)
			assert.Equal(t, c.reason, res.Errors[0].Extensions["reason"], c.name)
			assert.True(t, strings.HasPrefix(res.Errors[0].Message, c.field+": "), res.Errors[0].Message)
			messages = append(messages, res.Errors[0].Message)
		}
		assert.NotEqual(t, messages[0], messages[1], "%s: Japanese and English differ", c.name)
		assert.Regexp(t, `[\p{Hiragana}\p{Katakana}\p{Han}]`, messages[1], "%s: the Japanese message is Japanese", c.name)
	}
	unknown := map[string]string{}
	for _, id := range []string{foreign[0], taskID, "CO01NOSUCHCOMPANY000000000000"} {
		unknown[id] = e.post(ja, createTask, task(map[string]any{"companyID": id})).Errors[0].Message
	}
	assert.Equal(t, unknown[foreign[0]], unknown[taskID], "a foreign ID reads as any unknown one")
	assert.Equal(t, unknown[foreign[0]], unknown["CO01NOSUCHCOMPANY000000000000"])
}
