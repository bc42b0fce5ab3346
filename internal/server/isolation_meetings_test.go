package server_test

// Meetings in the API isolation suite. Each company holds two committee meetings: the first with
// an attendee, an agenda item, a decision and an action item (a Task, assigned to the consultant
// granted both companies), the second following it up (previous, and a follow-up agenda item).
// Attendees, agenda items and decisions are plain lists on Meeting: each is counted through a
// where filter on meetings, and read in full (alias all), which must never hold the target.

func init() {
	addProbes("Meeting", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { meetings(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasMeetingsWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { companies { edges { node { meetings(where: {hasPreviousWith: {id: $id}}) { totalCount edges { node { previous { id } } } } } } } }`,
			`query($id: ID!) { companies { edges { node { tasks(where: {hasMeetingWith: {id: $id}}) { totalCount edges { node { meeting { id } sourceRecord { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateMeeting(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $user: ID!) { updateMeeting(input: {id: $id, attendeeIDs: [$user]}) { id } }`,
			`mutation($id: ID!) { cancelMeeting(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { addAgendaItem(input: {meetingID: $id, title: "植え付け"}) { id } }`,
			`mutation($id: ID!) { recordMinutes(input: {meetingID: $id, minutes: "植え付け"}) { id } }`,
			`mutation($id: ID!) { addDecision(input: {meetingID: $id, text: "植え付け"}) { id } }`,
			`mutation($id: ID!) { addActionItem(input: {meetingID: $id, title: "植え付け", dueDate: "2026-01-10"}) { id } }`,
			`mutation($id: ID!) { publishMinutes(input: {id: $id}) { id } }`,
		},
	})
	addProbes("MeetingAttendee", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { meetings(where: {hasAttendeesWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { meetings { edges { node { attendees { id } } } } } } } }`,
		},
		// No mutation takes an attendee's ID: invitations and attendance name the person.
	})
	addProbes("AgendaItem", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { meetings(where: {hasAgendaItemsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { meetings { edges { node { agendaItems { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateAgendaItem(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $user: ID!) { updateAgendaItem(input: {id: $id, presenterID: $user}) { id } }`,
			`mutation($id: ID!) { moveAgendaItem(input: {id: $id, position: 1}) { id } }`,
			`mutation($id: ID!) { removeAgendaItem(input: {id: $id}) { id } }`,
		},
	})
	addProbes("MeetingDecision", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { meetings(where: {hasDecisionsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { meetings { edges { node { decisions { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { removeDecision(input: {id: $id}) { id } }`,
		},
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!) { createMeeting(input: {companyID: $id, kind: COMMITTEE, title: "植え付け", scheduledAt: "2026-01-10T10:00:00Z"}) { id } }`,
	)
	extend("DocumentVersion",
		`mutation($id: ID!, $meeting: ID!) { addAgendaItem(input: {meetingID: $meeting, title: "植え付け", documentVersionID: $id}) { id } }`,
		`mutation($id: ID!, $agendaItem: ID!) { updateAgendaItem(input: {id: $agendaItem, documentVersionID: $id}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $company: ID!) { createMeeting(input: {companyID: $company, kind: OTHER, title: "植え付け", scheduledAt: "2026-01-10T10:00:00Z", attendeeIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $company: ID!) { createMeeting(input: {companyID: $company, kind: OTHER, title: "植え付け", scheduledAt: "2026-01-10T10:00:00Z", agenda: [{title: "x", presenterID: $id}]}) { id } }`,
		`mutation($id: ID!, $meeting: ID!) { updateMeeting(input: {id: $meeting, attendeeIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $meeting: ID!) { addAgendaItem(input: {meetingID: $meeting, title: "植え付け", presenterID: $id}) { id } }`,
		`mutation($id: ID!, $agendaItem: ID!) { updateAgendaItem(input: {id: $agendaItem, presenterID: $id}) { id } }`,
		`mutation($id: ID!, $meeting: ID!) { recordMinutes(input: {meetingID: $meeting, minutes: "植え付け", attendance: [{userID: $id, attended: true}]}) { id } }`,
		`mutation($id: ID!, $meeting: ID!) { addActionItem(input: {meetingID: $meeting, title: "植え付け", dueDate: "2026-01-10", assigneeID: $id}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		owner := o.byType[orgWide]["User"][0]
		both := e.ok(o.both, `{ viewer { id } }`, nil, "viewer", "id")
		o.own["user"] = owner
		for i, c := range o.companies {
			res := e.post(o.owner, createMeetingMutation, map[string]any{"input": map[string]any{
				"companyID": c, "kind": "COMMITTEE", "title": "第1回 ISMS委員会", "scheduledAt": "2025-04-10T10:00:00+09:00",
				"attendeeIDs": []string{owner}, "agenda": []map[string]any{{"title": "リスク評価", "presenterID": owner}},
			}})
			if len(res.Errors) > 0 {
				e.t.Fatalf("create meeting: %v", res.Errors)
			}
			first := res.Data["createMeeting"].(map[string]any)
			meetingID := first["id"].(string)
			res = e.post(o.owner, `query($id: ID!) { node(id: $id) { ... on Meeting { attendees { id } agendaItems { id } } } }`, map[string]any{"id": meetingID})
			if len(res.Errors) > 0 {
				e.t.Fatalf("read meeting: %v", res.Errors)
			}
			attendeeID := field(res.Data, "node", "attendees").([]any)[0].(map[string]any)["id"].(string)
			itemID := field(res.Data, "node", "agendaItems").([]any)[0].(map[string]any)["id"].(string)
			decision := e.ok(o.owner, `mutation($m: ID!) { addDecision(input: {meetingID: $m, text: "リスク受容基準を承認"}) { id } }`,
				map[string]any{"m": meetingID}, "addDecision", "id")
			action := e.ok(o.owner, addActionItemMutation, map[string]any{"input": map[string]any{
				"meetingID": meetingID, "title": "受容基準の周知", "dueDate": "2025-05-10", "assigneeID": both,
			}}, "addActionItem", "id")
			second := e.meeting(o.owner, map[string]any{"companyID": c, "kind": "COMMITTEE", "title": "第2回 ISMS委員会", "scheduledAt": "2025-07-10T10:00:00+09:00"})
			followUp := second["agendaItems"].([]any)[0].(map[string]any)["id"].(string)

			o.byType[i]["Meeting"] = []string{meetingID, second["id"].(string)}
			o.byType[i]["MeetingAttendee"] = []string{attendeeID}
			o.byType[i]["AgendaItem"] = []string{itemID, followUp}
			o.byType[i]["MeetingDecision"] = []string{decision}
			o.byType[i]["Task"] = append(o.byType[i]["Task"], action)
			if i == 0 {
				o.own["meeting"] = meetingID
				o.own["agendaItem"] = itemID
			}
		}
	})
}
