package server_test

// The import mutations take a company's ID next to an uploaded workbook, which the probes of
// isolation_test.go cannot send (they post JSON): TestExcel_OnlyTheCompanysPeopleReachItsWorkbooks
// uploads a real workbook against another tenant's company, an ungranted company of the same
// organization and an ID that never existed, and checks the answers are the same (bad input in
// companyID, UNKNOWN_ID) and nothing changed. The package adds no Node type.
func init() {
	notAimedAtRecords = append(notAimedAtRecords, "importAssets", "importRisks")
}
