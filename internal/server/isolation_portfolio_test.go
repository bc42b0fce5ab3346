package server_test

// The portfolio in the API isolation suite: it takes companies by ID, and a company of another
// organization or not granted answers as one that never existed. That no foreign row is listed is
// TestPortfolio_FiveClientsOneRequest's (and the service's test) to show.
func init() {
	p := isolationProbes["Company"]
	p.mutations = append(p.mutations, `query($id: ID!) { portfolio(companyIDs: [$id]) { totalCount } }`)
	isolationProbes["Company"] = p
}
