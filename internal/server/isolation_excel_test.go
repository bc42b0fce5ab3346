package server_test

// The import mutations take a company's or an audit's ID next to an uploaded workbook, which the
// probes of isolation_test.go cannot send (they post JSON): TestExcel_OnlyTheCompanysPeopleReachItsWorkbooks
// and TestExcel_OnlyTheAuditsPeopleReachItsChecklist upload a real workbook against another
// tenant's company or audit, an ungranted company of the same organization (or its audit) and an
// ID that never existed, and check the answers are the same (bad input in companyID or auditID,
// UNKNOWN_ID) and nothing changed; TestExcel_OnlyTheCompanysPeopleReachItsDrills does the same for
// importDrillResults and a drill campaign. The package adds no Node type.
func init() {
	notAimedAtRecords = append(notAimedAtRecords, "importAssets", "importRisks", "importChecklist", "importDrillResults")
}
