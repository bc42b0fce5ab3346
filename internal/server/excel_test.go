package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

const (
	importAssets = `mutation($input: ImportSpreadsheetInput!) { importAssets(input: $input) { imported updated unchanged errors { row column reason message } } }`
	importRisks  = `mutation($input: ImportSpreadsheetInput!) { importRisks(input: $input) { imported updated unchanged errors { row column reason message } } }`
)

// excelTeam is an organization with two companies, each with the same site and departments, and
// a secretariat of company 0 only.
type excelTeam struct {
	workspace
	ownerEmail, secretariatEmail string
	secretariat                  string
}

func (e *env) excelTeam(name string) *excelTeam {
	e.t.Helper()
	domain := strings.ToLower(name) + ".example"
	x := &excelTeam{workspace: e.workspace("owner@"+domain, name), ownerEmail: "owner@" + domain, secretariatEmail: "secretariat@" + domain}
	x.secretariat = e.join(x.workspace, x.secretariatEmail, "SECRETARIAT", x.companies[:1], nil)
	for _, c := range x.companies {
		e.structure(x.owner, c)
	}
	return x
}

// structure gives a company the site and departments the test workbooks name.
func (e *env) structure(token, companyID string) {
	e.t.Helper()
	e.ok(token, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社"}) { id } }`, map[string]any{"c": companyID}, "createSite", "id")
	for _, d := range []string{"営業部", "情報システム部"} {
		e.ok(token, `mutation($c: ID!, $n: String!) { createDepartment(input: {companyID: $c, name: $n}) { id } }`,
			map[string]any{"c": companyID, "n": d}, "createDepartment", "id")
	}
}

// downloadWith GETs a file as the viewer named by token with extra headers (name, value …).
func (e *env) downloadWith(token, path string, headers ...string) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.url+path, nil)
	require.NoError(e.t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return res.StatusCode, res.Header, body
}

// workbook builds an .xlsx with one sheet of rows.
func workbook(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// sheetRows reads the first sheet of a workbook as Excel shows it.
func sheetRows(t testing.TB, content []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(content))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	return rows
}

func (x *excelTeam) assetRows() [][]any {
	return [][]any{
		{"資産名", "種別", "拠点", "部署", "管理責任者", "機密性", "完全性", "可用性", "保管場所", "保存期間", "備考"},
		{"顧客名簿", "INFORMATION", "本社", "営業部", x.ownerEmail, 3, 3, 2, "書庫A", "5年", "個人情報を含む"},
		{"基幹システム", "SOFTWARE", "", "情報システム部", "", 2, 3, 3, "AWS 東京リージョン", "", ""},
		{"ノートPC", "hardware", "本社", "", x.ownerEmail, 1, 2, 1, "", "", "貸与PC\n全社員"},
	}
}

func (x *excelTeam) riskRows() [][]any {
	return [][]any{
		{"Code", "Title", "Assets", "Threat", "Vulnerability", "Likelihood", "Impact", "Owner", "Treatment", "Treatment plan",
			"Controls", "Target likelihood", "Target impact", "Accepted by", "Accepted on", "Acceptance expires on", "Status", "Next review"},
		{"R-001", "顧客情報の漏えい", "顧客名簿\nノートPC", "紛失・盗難", "暗号化されていない", 3, 3, x.ownerEmail, "MITIGATE", "ディスク暗号化",
			"8.1, 5.10", 1, 3, "", "", "", "TREATING", time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)},
		{"R-002", "基幹システム停止", "基幹システム", "障害", "冗長化不足", 2, 2, "", "accept", "",
			"", "", "", x.ownerEmail, "2026/4/1", time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC), "ACCEPTED", ""},
		{"R-003", "委託先からの漏えい", "", "", "", 1, 1, "", "", "", "5.19", "", "", "", "", "", "", ""},
	}
}

func (e *env) importFile(token, mutation, companyID, name string, content []byte) response {
	e.t.Helper()
	return e.upload(token, mutation, map[string]any{"input": map[string]any{"companyID": companyID, "file": nil}},
		"variables.input.file", name, content)
}

// imported checks an import succeeded and returns its counts.
func imported(t testing.TB, res response, name string) [3]int {
	t.Helper()
	require.Empty(t, res.Errors)
	p := res.Data[name].(map[string]any)
	require.Empty(t, p["errors"], "%v", p["errors"])
	return [3]int{int(p["imported"].(float64)), int(p["updated"].(float64)), int(p["unchanged"].(float64))}
}

func TestExcel_ExportIsAValidImportAndRoundTripsInBothLanguages(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelRound")
		source := x.companies[0]
		assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(x.secretariat, importAssets, source, "assets.xlsx", workbook(t, x.assetRows())), "importAssets"))
		assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(x.secretariat, importRisks, source, "risks.xlsx", workbook(t, x.riskRows())), "importRisks"))

		for _, lang := range []string{"ja", "en"} {
			status, h, assets := e.download(x.owner, "/exports/companies/"+source+"/assets.xlsx?locale="+lang)
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h.Get("Content-Type"))
			assert.Contains(t, h.Get("Content-Disposition"), "attachment")
			status, _, risks := e.download(x.owner, "/exports/companies/"+source+"/risks.xlsx?locale="+lang)
			require.Equal(t, http.StatusOK, status)

			ar, rr := sheetRows(t, assets), sheetRows(t, risks)
			require.Len(t, ar, 4)
			require.Len(t, rr, 4)
			if lang == "ja" {
				assert.Equal(t, []string{"資産名", "種別", "拠点", "部署", "管理責任者", "機密性", "完全性", "可用性", "保管場所", "保存期間", "備考"}, ar[0])
				assert.Equal(t, "リスク番号", rr[0][0])
				assert.Equal(t, "高", rr[1][8], "the level is labelled in the locale")
			} else {
				assert.Equal(t, "Name", ar[0][0])
				assert.Equal(t, "Code", rr[0][0])
				assert.Equal(t, "High", rr[1][8])
			}
			// Sorted by name and by code; every field as imported, computed ones computed.
			assert.Equal(t, []string{"ノートPC", "HARDWARE", "本社", "", x.ownerEmail, "1", "2", "1", "", "", "貸与PC\n全社員"}, ar[1])
			assert.Equal(t, []string{"基幹システム", "SOFTWARE", "", "情報システム部", "", "2", "3", "3", "AWS 東京リージョン"}, ar[2])
			assert.Equal(t, []string{"顧客名簿", "INFORMATION", "本社", "営業部", x.ownerEmail, "3", "3", "2", "書庫A", "5年", "個人情報を含む"}, ar[3])
			assert.Equal(t, []string{"R-001", "顧客情報の漏えい", "ノートPC\n顧客名簿", "紛失・盗難", "暗号化されていない", "3", "3", "9"}, rr[1][:8])
			assert.Equal(t, []string{x.ownerEmail, "MITIGATE", "ディスク暗号化", "5.10, 8.1", "1", "3", "3"}, rr[1][9:16])
			assert.Equal(t, []string{"", "", "", "TREATING", "2027-03-31"}, rr[1][17:22])
			assert.Equal(t, []string{x.ownerEmail, "2026-04-01", "2027-04-01", "ACCEPTED"}, rr[2][17:21])
			assert.Equal(t, "4", rr[2][7], "2 × 2 under the default method")
			checkSheetLayout(t, risks)

			// The export imports into another company as the same data, field by field.
			target := e.ok(x.owner, `mutation($n: String!) { createCompany(input: {name: $n}) { id } }`, map[string]any{"n": "複製先 " + lang}, "createCompany", "id")
			e.structure(x.owner, target)
			assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(x.owner, importAssets, target, "assets.xlsx", assets), "importAssets"))
			assert.Equal(t, [3]int{3, 0, 0}, imported(t, e.importFile(x.owner, importRisks, target, "risks.xlsx", risks), "importRisks"))
			_, _, assets2 := e.download(x.owner, "/exports/companies/"+target+"/assets.xlsx?locale="+lang)
			_, _, risks2 := e.download(x.owner, "/exports/companies/"+target+"/risks.xlsx?locale="+lang)
			assert.Equal(t, ar, sheetRows(t, assets2))
			assert.Equal(t, rr, sheetRows(t, risks2))

			// Importing the export into its own company changes nothing.
			before := testdb.Snapshot(t, e.raw)
			assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importFile(x.owner, importAssets, source, "assets.xlsx", assets), "importAssets"))
			assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importFile(x.owner, importRisks, source, "risks.xlsx", risks), "importRisks"))
			assert.Equal(t, before, testdb.Snapshot(t, e.raw))
		}
	})
}

// checkSheetLayout checks the header is frozen, ratings are numbers and dates are dates.
func checkSheetLayout(t *testing.T, content []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(content))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetList()[0]
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)
	for _, cell := range []string{"F2", "G2", "H2", "V2"} {
		raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		_, err = strconv.ParseFloat(raw, 64)
		assert.NoError(t, err, "%s holds a number (%q)", cell, raw)
	}
	width, err := f.GetColWidth(sheet, "B")
	require.NoError(t, err)
	assert.Greater(t, width, 20.0)
}

func TestExcel_ReimportChangesOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelAgain")
		c := x.companies[0]
		imported(t, e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, x.assetRows())), "importAssets")
		imported(t, e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, x.riskRows())), "importRisks")
		counts := map[string]int{}
		for _, table := range []string{"assets", "risks", "risk_assets", "risk_controls"} {
			counts[table] = e.count(table)
		}
		assert.Equal(t, map[string]int{"assets": 3, "risks": 3, "risk_assets": 3, "risk_controls": 3}, counts)

		rows := x.riskRows()
		rows[1][2] = "顧客名簿"           // one asset fewer
		rows[1][10] = "8.1, 8.24"     // one control swapped
		rows[3][5], rows[3][6] = 3, 2 // re-rated
		assert.Equal(t, [3]int{0, 2, 1}, imported(t, e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, rows)), "importRisks"))
		assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, rows)), "importRisks"))
		assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, x.assetRows())), "importAssets"))
		assert.Equal(t, 3, e.count("assets"))
		assert.Equal(t, 3, e.count("risks"))
		assert.Equal(t, 2, e.count("risk_assets"))
		assert.Equal(t, 3, e.count("risk_controls"))
		_, _, risks := e.download(x.secretariat, "/exports/companies/"+c+"/risks.xlsx?locale=en")
		rr := sheetRows(t, risks)
		assert.Equal(t, "顧客名簿", rr[1][2])
		assert.Equal(t, "8.1, 8.24", rr[1][12])
		assert.Equal(t, []string{"R-003", "3", "2", "6", "High"}, []string{rr[3][0], rr[3][5], rr[3][6], rr[3][7], rr[3][8]},
			"the score and level are recomputed by the method")
	})
}

func TestExcel_OneBadRowImportsNothingAndNamesEveryBadCell(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelBad")
		c := x.companies[0]
		imported(t, e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, x.assetRows())), "importAssets")
		rows := x.riskRows()
		rows[2][5] = 9                            // row 3: likelihood off the 1–3 scale
		rows[3][7] = "stranger@elsewhere.example" // row 4: nobody of the company
		rows[3][2] = "存在しない資産"                    // row 4: no such asset
		rows[3][10] = "9.9"                       // row 4: no such control
		before := testdb.Snapshot(t, e.raw)
		res := e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, rows))
		require.Empty(t, res.Errors)
		p := res.Data["importRisks"].(map[string]any)
		assert.Equal(t, []any{0.0, 0.0, 0.0}, []any{p["imported"], p["updated"], p["unchanged"]})
		errs := p["errors"].([]any)
		require.Len(t, errs, 4, "%v", errs)
		got := map[string]string{}
		for _, e := range errs {
			m := e.(map[string]any)
			got[strconv.Itoa(int(m["row"].(float64)))+" "+m["column"].(string)] = m["reason"].(string) + ": " + m["message"].(string)
		}
		assert.Equal(t, "OUT_OF_RANGE: 1から3までの値を指定してください（会社の発生可能性の段階）", got["3 Likelihood"], "in the organization's language")
		assert.Equal(t, "INVALID_VALUE: stranger@elsewhere.example は会社で業務を行うメンバーではありません", got["4 Owner"])
		assert.Equal(t, "UNKNOWN_ID: 会社に「存在しない資産」という名前の資産はありません", got["4 Assets"])
		assert.Contains(t, got["4 Controls"], "INVALID_VALUE: 「9.9」は")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing was imported")

		// Headers: unknown and missing columns are named on row 1; a duplicate key names its rows.
		res = e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, [][]any{
			{"資産名", "色"}, {"複製", ""}, {"複製", ""},
		}))
		p = res.Data["importAssets"].(map[string]any)
		assert.Equal(t, []any{
			map[string]any{"row": 1.0, "column": "色", "reason": "INVALID_VALUE", "message": "不明な列です"},
			map[string]any{"row": 1.0, "column": "種別", "reason": "REQUIRED", "message": "必須の列がありません"},
		}, p["errors"])
		res = e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, [][]any{
			{"Name", "Type"}, {"複製", "SERVICE"}, {"複製", "SERVICE"},
		}))
		p = res.Data["importAssets"].(map[string]any)
		assert.Equal(t, []any{map[string]any{"row": 3.0, "column": "Name", "reason": "DUPLICATE", "message": "同じ資産が2行目にあります"}}, p["errors"])
		// The secretariat of company 0 does not reach company 1: named as an owner there, refused.
		res = e.importFile(x.owner, importAssets, x.companies[1], "a.xlsx", workbook(t, [][]any{
			{"Name", "Type", "Owner"}, {"PC", "HARDWARE", x.secretariatEmail},
		}))
		p = res.Data["importAssets"].(map[string]any)
		assert.Equal(t, []any{map[string]any{"row": 2.0, "column": "Owner", "reason": "INVALID_VALUE", "message": x.secretariatEmail + " は会社で業務を行うメンバーではありません"}}, p["errors"])
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

// A sheet's problems carry a stable reason and a message in the language of the API's errors:
// the viewer's own, else its organization's default.
func TestExcel_ImportErrorsSpeakTheViewersLanguage(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@import-language.example", "輸入")
		sheet := workbook(t, [][]any{
			{"Name", "Type", "Confidentiality", "Colour"},
			{"", "HARDWARE", "4"},
			{"PC", "SERVER", "x"},
		})
		errorsOf := func() []any {
			t.Helper()
			res := e.importFile(w.owner, importAssets, w.companies[0], "a.xlsx", sheet)
			require.Empty(t, res.Errors)
			return field(res.Data, "importAssets", "errors").([]any)
		}
		cell := func(row float64, column, reason, message string) map[string]any {
			return map[string]any{"row": row, "column": column, "reason": reason, "message": message}
		}

		// The organization's default, Japanese, as for the API's errors.
		assert.Equal(t, []any{
			cell(1, "Colour", "INVALID_VALUE", "不明な列です"),
		}, errorsOf(), "the header's problems come first, and alone")
		sheet = workbook(t, [][]any{
			{"Name", "Type", "Confidentiality"},
			{"", "HARDWARE", "4"},
			{"PC", "SERVER", "x"},
		})
		japanese := []any{
			cell(2, "Name", "REQUIRED", "入力してください"),
			cell(2, "Confidentiality", "OUT_OF_RANGE", "1（低）、2（中）、3（高）のいずれかを指定してください"),
			cell(3, "Type", "INVALID_VALUE", "「SERVER」は指定できません。INFORMATION、SOFTWARE、HARDWARE、SERVICE、PEOPLE、FACILITY のいずれかにしてください"),
			cell(3, "Confidentiality", "INVALID_FORMAT", "「x」は整数ではありません"),
		}
		assert.Equal(t, japanese, errorsOf())
		res := e.post(w.owner, createAssetMutation, map[string]any{"input": map[string]any{"companyID": w.companies[0], "name": " ", "type": "HARDWARE"}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "name: 入力してください", res.Errors[0].Message, "the API's own error says it alike")

		// The viewer's own language comes before its organization's.
		e.ok(w.owner, `mutation { updateProfile(input: {locale: EN}) { id } }`, nil, "updateProfile", "id")
		english := []any{
			cell(2, "Name", "REQUIRED", "must not be empty"),
			cell(2, "Confidentiality", "OUT_OF_RANGE", "must be 1 (low), 2 (medium) or 3 (high)"),
			cell(3, "Type", "INVALID_VALUE", `"SERVER" is not one of INFORMATION, SOFTWARE, HARDWARE, SERVICE, PEOPLE, FACILITY`),
			cell(3, "Confidentiality", "INVALID_FORMAT", `"x" is not a whole number`),
		}
		assert.Equal(t, english, errorsOf())
		assert.Equal(t, 0, e.count("assets"), "nothing was imported")
	})
}

func TestExcel_FilesThatAreNotWorkbooksOrTooLargeAreRefused(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelFile")
		e.english(x.owner)
		c := x.companies[0]
		tooMany := [][]any{{"Name", "Type"}}
		for i := range 5001 {
			tooMany = append(tooMany, []any{"資産 " + strconv.Itoa(i), "INFORMATION"})
		}
		oversized := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 5<<20)...)
		before := testdb.Snapshot(t, e.raw)
		for _, tc := range []struct {
			name, file string
			content    []byte
			reason     string
		}{
			{"text", "assets.xlsx", []byte("資産名,種別\n顧客名簿,INFORMATION\n"), "must be an Excel workbook (.xlsx)"},
			{"a zip that is no workbook", "assets.xlsx", []byte("PK\x03\x04 not really a zip"), "must be an Excel workbook (.xlsx)"},
			{"over 5 MiB", "assets.xlsx", oversized, "must be at most 5 MiB"},
			{"over 5,000 rows", "assets.xlsx", workbook(t, tooMany), "must have at most 5000 rows"},
		} {
			for _, m := range []string{importAssets, importRisks} {
				res := e.importFile(x.secretariat, m, c, tc.file, tc.content)
				require.NotEmpty(t, res.Errors, tc.name)
				assert.Equal(t, "BAD_USER_INPUT", res.code(0), tc.name)
				assert.Equal(t, "file", res.Errors[0].Extensions["field"], tc.name)
				assert.Contains(t, res.Errors[0].Message, tc.reason, tc.name)
			}
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

func TestExcel_OnlyTheCompanysPeopleReachItsWorkbooks(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelMine")
		other := e.excelTeam("ExcelOther")
		c := x.companies[0]
		imported(t, e.importFile(x.secretariat, importAssets, c, "a.xlsx", workbook(t, x.assetRows())), "importAssets")
		never := pulid.New("CO")

		for _, file := range []string{"assets.xlsx", "risks.xlsx", "soa.xlsx"} {
			status, _, _ := e.download("", "/exports/companies/"+c+"/"+file)
			assert.Equal(t, http.StatusUnauthorized, status, file)
			foreign, _, fbody := e.download(other.owner, "/exports/companies/"+c+"/"+file)
			missing, _, mbody := e.download(other.owner, "/exports/companies/"+string(never)+"/"+file)
			assert.Equal(t, http.StatusNotFound, foreign, file)
			assert.Equal(t, missing, foreign, file)
			assert.Equal(t, mbody, fbody, file)
			// The secretariat of company 0 does not reach company 1 of its own organization.
			status, _, _ = e.download(x.secretariat, "/exports/companies/"+x.companies[1]+"/"+file)
			assert.Equal(t, http.StatusNotFound, status, file)
		}
		status, _, _ := e.download(x.owner, "/exports/companies/"+c+"/other.xlsx")
		assert.Equal(t, http.StatusNotFound, status)
		status, _, _ = e.download(x.owner, "/exports/companies/"+c+"/assets.xlsx?locale=fr")
		assert.Equal(t, http.StatusBadRequest, status)
		status, _, body := e.downloadWith(x.owner, "/exports/companies/"+c+"/assets.xlsx", "Accept-Language", "en-US")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, "資産名", sheetRows(t, body)[0][0], "the organization's default (Japanese) comes before Accept-Language")

		member := e.join(x.workspace, "member@excelmine.example", "MEMBER", x.companies[:1], nil)
		before := testdb.Snapshot(t, e.raw)
		file := workbook(t, x.assetRows())
		for _, m := range []string{importAssets, importRisks} {
			foreign := e.importFile(other.owner, m, c, "a.xlsx", file)
			missing := e.importFile(other.owner, m, string(never), "a.xlsx", file)
			require.NotEmpty(t, foreign.Errors)
			assert.Equal(t, "BAD_USER_INPUT", foreign.code(0))
			assert.Equal(t, answer(missing, string(never)), answer(foreign, c))
			assert.Equal(t, "BAD_USER_INPUT", e.importFile(x.secretariat, m, x.companies[1], "a.xlsx", file).code(0))
		}
		assert.Equal(t, "FORBIDDEN", e.importFile(member, importAssets, c, "a.xlsx", file).code(0))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

func TestExcel_StatementOfApplicabilityExportsEveryControl(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelSoA")
		c := x.companies[0]
		res := e.post(x.owner, `mutation($c: ID!) { initializeStatementOfApplicability(companyID: $c) { created } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		assert.Equal(t, 93.0, field(res.Data, "initializeStatementOfApplicability", "created"))
		for lang, want := range map[string][]string{
			"ja": {"管理策番号", "管理策", "分類", "適用", "適用・除外の理由", "実施状況", "責任者", "証跡", "最終見直し日"},
			"en": {"Ref", "Control", "Theme", "Applicable", "Justification", "Status", "Owner", "Evidence", "Last reviewed"},
		} {
			status, _, body := e.download(x.secretariat, "/exports/companies/"+c+"/soa.xlsx?locale="+lang)
			require.Equal(t, http.StatusOK, status)
			rows := sheetRows(t, body)
			require.Len(t, rows, 94, "a header and the 93 controls of Annex A")
			assert.Equal(t, want, rows[0])
			assert.Equal(t, "5.1", rows[1][0])
			assert.Equal(t, "5.2", rows[2][0])
			assert.Equal(t, "8.34", rows[93][0])
			assert.NotEmpty(t, rows[1][1], "the control's title")
			if lang == "en" {
				assert.Equal(t, "Organizational", rows[1][2])
				assert.Equal(t, "Yes", rows[1][3])
			} else {
				assert.Equal(t, "組織的管理策", rows[1][2])
			}
		}
	})
}

func TestExcel_RisksAreRatedByTheCompanysMethodAndFollowTheAcceptanceRules(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelMethod")
		c := x.companies[0]
		steps := func() []any {
			var out []any
			for v := 1; v <= 5; v++ {
				out = append(out, map[string]any{"value": v, "labelJa": "段階" + strconv.Itoa(v), "labelEn": "Step " + strconv.Itoa(v)})
			}
			return out
		}
		res := e.post(x.owner, `mutation($input: UpdateRiskMethodInput!) { updateRiskMethod(input: $input) { rule } }`, map[string]any{"input": map[string]any{
			"companyID": c, "likelihood": steps(), "impact": steps(), "rule": "SUM", "acceptanceThreshold": 4,
			"bands": []any{
				map[string]any{"minScore": 2, "level": "LOW", "labelJa": "低", "labelEn": "Low"},
				map[string]any{"minScore": 7, "level": "HIGH", "labelJa": "高", "labelEn": "High"},
			},
		}})
		require.Empty(t, res.Errors)
		member := e.join(x.workspace, "member@excelmethod.example", "MEMBER", x.companies[:1], nil)
		require.NotEmpty(t, member)
		header := []any{"Code", "Title", "Likelihood", "Impact", "Status", "Accepted by", "Accepted on", "Acceptance expires on", "Score", "Level"}
		before := testdb.Snapshot(t, e.raw)
		res = e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, [][]any{header,
			{"R-1", "5 段階の評価", 5, 4, "", "", "", "", 1, "LOW"},                                               // fine: the file's score and level are ignored
			{"R-2", "受容されていない", 1, 1, "ACCEPTED", "", "", "", "", ""},                                        // row 3
			{"R-3", "閉じるには受容が要る", 3, 3, "CLOSED", "", "", "", "", ""},                                        // row 4: 6 > 4
			{"R-4", "受容者が MEMBER", 1, 1, "ACCEPTED", "member@excelmethod.example", "2026-04-01", "", "", ""}, // row 5
			{"R-5", "期限が受容日より前", 1, 1, "ACCEPTED", x.ownerEmail, "2026-04-01", "2026-03-01", "", ""},         // row 6
			{"R-6", "尺度の外", 6, 0, "", "", "", "", "", ""},                                                    // row 7
		}))
		require.Empty(t, res.Errors)
		var got []string
		for _, e := range res.Data["importRisks"].(map[string]any)["errors"].([]any) {
			m := e.(map[string]any)
			got = append(got, strconv.Itoa(int(m["row"].(float64)))+" "+m["column"].(string))
		}
		assert.Equal(t, []string{"3 Status", "4 Status", "5 Accepted by", "6 Acceptance expires on", "7 Likelihood", "7 Impact"}, got)
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))

		assert.Equal(t, [3]int{2, 0, 0}, imported(t, e.importFile(x.secretariat, importRisks, c, "r.xlsx", workbook(t, [][]any{header,
			{"R-1", "5 段階の評価", 5, 4, "", "", "", "", 1, "LOW"},
			{"R-3", "受容して閉じる", 3, 3, "CLOSED", x.ownerEmail, "2026-04-01", "2027-04-01", "", ""},
		})), "importRisks"))
		_, _, risks := e.download(x.owner, "/exports/companies/"+c+"/risks.xlsx?locale=en")
		rr := sheetRows(t, risks)
		assert.Equal(t, []string{"R-1", "5", "4", "9", "High"}, []string{rr[1][0], rr[1][5], rr[1][6], rr[1][7], rr[1][8]}, "5 + 4 under SUM")
		assert.Equal(t, []string{"R-3", "6", "Low", "CLOSED"}, []string{rr[2][0], rr[2][7], rr[2][8], rr[2][20]})
	})
}

func TestExcel_AnExportCostsTheSameStatementsForOneRowOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			fill := func(name string, n int) (string, string) {
				token, companies := e.tenant(name, 1)
				assets := [][]any{{"Name", "Type", "Site", "Owner"}}
				risks := [][]any{{"Code", "Title", "Assets", "Likelihood", "Impact", "Owner", "Treatment", "Controls",
					"Accepted by", "Accepted on", "Status", "Next review"}}
				for i := range n {
					asset := "資産 " + strconv.Itoa(i)
					assets = append(assets, []any{asset, "INFORMATION", "本社", name + "@example.com"})
					risks = append(risks, []any{"R-" + strconv.Itoa(i), "リスク", asset, 2, 2, name + "@example.com", "ACCEPT", "5.1, 8.1",
						name + "@example.com", "2026-04-01", "ACCEPTED", "2027-04-01"})
				}
				imported(t, e.importFile(token, importAssets, companies[0], "a.xlsx", workbook(t, assets)), "importAssets")
				imported(t, e.importFile(token, importRisks, companies[0], "r.xlsx", workbook(t, risks)), "importRisks")
				return token, companies[0]
			}
			oneToken, one := fill("exportone", 1)
			manyToken, many := fill("exportmany", 40)
			for _, file := range []string{"assets.xlsx", "risks.xlsx"} {
				statements := func(token, company string, rows int) int {
					counter.Reset()
					status, _, body := e.download(token, "/exports/companies/"+company+"/"+file)
					require.Equal(t, http.StatusOK, status)
					require.Len(t, sheetRows(t, body), rows+1)
					return counter.Count()
				}
				forOne, forMany := statements(oneToken, one, 1), statements(manyToken, many, 40)
				t.Logf("%s %s: %d statements for 1 row, %d for 40", dialect, file, forOne, forMany)
				assert.Equal(t, forOne, forMany, "no N+1 in %s", file)
			}
		})
	}
}

func TestExcel_AnExportImportsBackUnchangedAfterItsPeopleAndRecordsMoveOn(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		x := e.excelTeam("ExcelLater")
		c := x.companies[0]
		assets := x.assetRows()
		assets[1][4] = x.secretariatEmail // 顧客名簿 is owned by the secretariat
		imported(t, e.importFile(x.owner, importAssets, c, "a.xlsx", workbook(t, assets)), "importAssets")
		risks := x.riskRows()
		risks[1][7] = x.secretariatEmail // R-001 too
		imported(t, e.importFile(x.owner, importRisks, c, "r.xlsx", workbook(t, risks)), "importRisks")

		// The secretariat leaves the company, the laptop is archived, the site closed.
		res := e.post(x.secretariat, `{ viewer { memberships { edges { node { id } } } } }`, nil)
		require.Empty(t, res.Errors)
		mid := field(res.Data, "viewer", "memberships", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"].(string)
		e.ok(x.owner, `mutation($m: ID!, $c: ID!) { revokeCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
			map[string]any{"m": mid, "c": c}, "revokeCompanyAccess", "id")
		res = e.post(x.owner, `query($c: ID!) { node(id: $c) { ... on Company { assets(where: {name: "ノートPC"}) { edges { node { id } } } sites { edges { node { id } } } } } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		laptopID := field(res.Data, "node", "assets", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"].(string)
		siteID := field(res.Data, "node", "sites", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"].(string)
		e.ok(x.owner, `mutation($id: ID!) { archiveAsset(input: {id: $id}) { id } }`, map[string]any{"id": laptopID}, "archiveAsset", "id")
		e.ok(x.owner, `mutation($id: ID!) { archiveSite(input: {id: $id}) { id } }`, map[string]any{"id": siteID}, "archiveSite", "id")

		_, _, assetsFile := e.download(x.owner, "/exports/companies/"+c+"/assets.xlsx")
		_, _, risksFile := e.download(x.owner, "/exports/companies/"+c+"/risks.xlsx")
		ar, rr := sheetRows(t, assetsFile), sheetRows(t, risksFile)
		require.Len(t, ar, 3, "the archived laptop is left out")
		assert.Equal(t, []string{"顧客名簿", "INFORMATION", "本社", "営業部", x.secretariatEmail}, ar[2][:5])
		assert.Equal(t, "ノートPC\n顧客名簿", rr[1][2], "the archived asset is still linked")
		before := testdb.Snapshot(t, e.raw)
		assert.Equal(t, [3]int{0, 0, 2}, imported(t, e.importFile(x.owner, importAssets, c, "a.xlsx", assetsFile), "importAssets"))
		assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importFile(x.owner, importRisks, c, "r.xlsx", risksFile), "importRisks"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))

		// New references to them are refused.
		res = e.importFile(x.owner, importAssets, c, "a.xlsx", workbook(t, [][]any{
			{"Name", "Type", "Site", "Owner"}, {"新しい資産", "SERVICE", "本社", x.secretariatEmail},
		}))
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{
			map[string]any{"row": 2.0, "column": "Site", "reason": "ARCHIVED", "message": "拠点「本社」はアーカイブされています"},
			map[string]any{"row": 2.0, "column": "Owner", "reason": "INVALID_VALUE", "message": x.secretariatEmail + " は会社で業務を行うメンバーではありません"},
		}, field(res.Data, "importAssets", "errors"))
		res = e.importFile(x.owner, importRisks, c, "r.xlsx", workbook(t, [][]any{
			{"Code", "Title", "Assets", "Likelihood", "Impact"}, {"R-009", "新しいリスク", "ノートPC", 1, 1},
		}))
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"row": 2.0, "column": "Assets", "reason": "ARCHIVED", "message": "資産「ノートPC」はアーカイブされています"}},
			field(res.Data, "importRisks", "errors"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}
