package server_test

// The calendar in the API isolation suite: it takes companies by ID, and a company of another
// organization or not granted answers as one that never existed. That no foreign entry is listed
// is TestCalendar_EveryClientInOneListAndNothingElse's (and the service's test) to show: the
// calendar is not one record's list, so the suite's count probes do not fit it.
func init() {
	p := isolationProbes["Company"]
	p.mutations = append(p.mutations, `query($id: ID!) { calendar(from: "2026-01-01", to: "2026-12-31", companyIDs: [$id]) { totalCount } }`)
	isolationProbes["Company"] = p
}

// The calendar feed's mutations take no ID: each acts on the viewer's own membership.
func init() {
	notAimedAtRecords = append(notAimedAtRecords, "createCalendarFeed", "revokeCalendarFeed")
}
