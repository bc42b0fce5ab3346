package auditlog_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/auditlog"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/requestid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func TestRecord_EveryStepOfARecordIsAnEventWithItsChanges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		ctx := requestid.With(tn.as(viewer.RoleOwner), "req-42")
		var site *ent.Site
		require.NoError(t, operation(t, db, ctx, func(ctx context.Context) (err error) {
			site, err = db.Client.Site.Create().SetCompanyID(tn.companies[0].ID).SetName("大阪工場").SetHeadcount(40).Save(ctx)
			return err
		}))
		require.NoError(t, operation(t, db, ctx, func(ctx context.Context) error {
			return site.Update().SetName("大阪第二工場").SetHeadcount(40).SetAddress("大阪府堺市").Exec(ctx)
		}))
		archivedAt := time.Date(2026, 3, 31, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
		require.NoError(t, operation(t, db, ctx, func(ctx context.Context) error {
			return db.Client.Site.UpdateOneID(site.ID).SetArchivedAt(archivedAt).Exec(ctx)
		}))
		require.NoError(t, operation(t, db, ctx, func(ctx context.Context) error {
			return db.Client.Site.UpdateOneID(site.ID).ClearArchivedAt().Exec(ctx)
		}))

		events := tn.about(t, site.ID)
		require.Len(t, events, 4)
		assert.Equal(t, []change.Action{change.Create, change.Update, change.Archive, change.Restore}, actions(events))
		for _, e := range events {
			assert.Equal(t, tn.org.ID, e.OrganizationID)
			require.NotNil(t, e.CompanyID)
			assert.Equal(t, tn.companies[0].ID, *e.CompanyID)
			require.NotNil(t, e.ActorID)
			assert.Equal(t, tn.owner.ID, *e.ActorID)
			assert.Equal(t, "Site", e.EntityType)
			assert.Equal(t, "req-42", e.RequestID)
		}
		assert.Equal(t, map[string][2]string{"name": {"∅", `"大阪工場"`}, "headcount": {"∅", "40"}}, changes(events[0]),
			"a create lists what it set, not the bookkeeping (organization, company, times)")
		assert.Equal(t, map[string][2]string{"name": {`"大阪工場"`, `"大阪第二工場"`}, "address": {"∅", `"大阪府堺市"`}}, changes(events[1]),
			"an update lists what changed, before and after; the unchanged headcount is left out")
		assert.Equal(t, map[string][2]string{"archived_at": {"∅", `"2026-03-31T00:00:00Z"`}}, changes(events[2]))
		assert.Equal(t, map[string][2]string{"archived_at": {`"2026-03-31T00:00:00Z"`, "∅"}}, changes(events[3]))

		// A write that changes nothing but the books records nothing.
		require.NoError(t, operation(t, db, ctx, func(ctx context.Context) error {
			return db.Client.Site.UpdateOneID(site.ID).SetName("大阪第二工場").Exec(ctx)
		}))
		assert.Len(t, tn.about(t, site.ID), 4)
		assert.True(t, tn.verify(t).Intact)
	})
}

func TestRecord_AWorkflowStepIsAnUpdateOfTheStatus(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		ctx := tn.as(viewer.RoleOwner)
		tk := db.Client.Task.Create().SetCompanyID(tn.companies[0].ID).SetTitle("内部監査の準備").
			SetDueDate(date.New(2026, 5, 1)).SetAssigneeID(tn.owner.ID).SaveX(ctx)
		tk.Update().SetStatus(task.StatusDONE).ExecX(ctx)
		events := tn.about(t, tk.ID)
		require.Len(t, events, 2, "an entity added by another module is recorded by construction")
		assert.Equal(t, [2]string{"∅", `"2026-05-01"`}, changes(events[0])["due_date"])
		assert.Equal(t, change.Update, events[1].Action)
		assert.Equal(t, [2]string{`"` + string(task.StatusTODO) + `"`, `"DONE"`}, changes(events[1])["status"])
	})
}

func TestRecord_TheEventIsPartOfTheWritesTransaction(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		before := len(tn.trail(t))
		// The operation fails after its write: the write and its event go together.
		err := operation(t, db, tn.as(viewer.RoleOwner), func(ctx context.Context) error {
			if err := db.Client.Site.UpdateOneID(tn.sites[0].ID).SetName("rolled back").Exec(ctx); err != nil {
				return err
			}
			return apperr.Conflict(apperr.StaleState, "a later step failed", "後続の処理に失敗しました")
		})
		require.Error(t, err)
		assert.Len(t, tn.trail(t), before)
		assert.Equal(t, "本社", db.Client.Site.GetX(system(), tn.sites[0].ID).Name)

		// A service's own transaction, committed or rolled back, likewise.
		err = database.WithTx(tn.as(viewer.RoleOwner), db.Client, func(tx *ent.Client) error {
			ctx := tn.as(viewer.RoleOwner)
			tx.Site.UpdateOneID(tn.sites[0].ID).SetName("one").ExecX(ctx)
			tx.Site.UpdateOneID(tn.sites[1].ID).SetName("two").ExecX(ctx)
			return apperr.Conflict(apperr.StaleState, "refused at the end", "最後に拒否されました")
		})
		require.Error(t, err)
		assert.Len(t, tn.trail(t), before)
		require.NoError(t, database.WithTx(tn.as(viewer.RoleOwner), db.Client, func(tx *ent.Client) error {
			return tx.Site.UpdateOneID(tn.sites[0].ID).SetName("kept").Exec(tn.as(viewer.RoleOwner))
		}))
		assert.Len(t, tn.trail(t), before+1)
	})
}

func TestRecord_ARefusedWriteRecordsNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		other := newTenant(t, db, "bravo")
		before := len(tn.trail(t))
		raw := testdb.Raw(t, db)
		snapshot := testdb.Snapshot(t, raw)

		refused := map[string]error{
			"a MEMBER changes a site": db.Client.Site.UpdateOneID(tn.sites[0].ID).SetName("x").Exec(tn.as(viewer.RoleMember, 0)),
			"an AUDITOR adds a site":  db.Client.Site.Create().SetCompanyID(tn.companies[0].ID).SetName("x").Exec(tn.as(viewer.RoleAuditor, 0)),
			"another company":         db.Client.Site.UpdateOneID(tn.sites[1].ID).SetName("x").Exec(tn.as(viewer.RoleConsultant, 0)),
			"another organization":    db.Client.Site.UpdateOneID(other.sites[0].ID).SetName("x").Exec(tn.as(viewer.RoleOwner)),
			"an empty name":           db.Client.Site.Create().SetCompanyID(tn.companies[0].ID).SetName("").Exec(tn.as(viewer.RoleOwner)),
			"a deleted company":       db.Client.Company.DeleteOneID(tn.companies[0].ID).Exec(tn.as(viewer.RoleOwner)),
			"no viewer":               db.Client.Site.UpdateOneID(tn.sites[0].ID).SetName("x").Exec(context.Background()),
		}
		for name, err := range refused {
			assert.Error(t, err, name)
		}
		assert.Len(t, tn.trail(t), before)
		assert.Equal(t, snapshot, testdb.Snapshot(t, raw), "nothing at all was written")
	})
}

func TestRecord_BulkWritesRecordOneEventPerRow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		other := newTenant(t, db, "bravo")
		otherBefore := len(other.trail(t))

		n, err := db.Client.Site.Update().SetHeadcount(7).Save(tn.as(viewer.RoleConsultant, 0))
		require.NoError(t, err)
		assert.Equal(t, 1, n, "the consultant reaches one company's site")
		n, err = db.Client.Site.Update().SetHeadcount(9).Save(tn.as(viewer.RoleOwner))
		require.NoError(t, err)
		require.Equal(t, 2, n)
		first, second := tn.about(t, tn.sites[0].ID), tn.about(t, tn.sites[1].ID)
		require.Len(t, first, 3)
		require.Len(t, second, 2)
		assert.Equal(t, map[string][2]string{"headcount": {"∅", "7"}}, changes(first[1]))
		assert.Equal(t, map[string][2]string{"headcount": {"7", "9"}}, changes(first[2]), "each row with its own before")
		assert.Equal(t, map[string][2]string{"headcount": {"∅", "9"}}, changes(second[1]))
		assert.Len(t, other.trail(t), otherBefore, "another organization's rows were neither written nor recorded")

		// A bulk delete, as revoking access does.
		sys := system()
		u := db.Client.User.Create().SetEmail("consultant@alpha.example").SetName("consultant").SaveX(sys)
		ms := db.Client.Membership.Create().SetOrganizationID(tn.org.ID).SetUserID(u.ID).SetRole(viewer.RoleConsultant).SaveX(sys)
		for _, co := range tn.companies {
			db.Client.CompanyAccess.Create().SetOrganizationID(tn.org.ID).SetMembershipID(ms.ID).SetCompanyID(co.ID).ExecX(sys)
		}
		n, err = db.Client.CompanyAccess.Delete().Where(companyaccess.MembershipID(ms.ID)).Exec(tn.as(viewer.RoleAdmin))
		require.NoError(t, err)
		require.Equal(t, 2, n)
		trail := tn.trail(t)
		deletes := trail[len(trail)-2:]
		assert.Equal(t, []change.Action{change.Delete, change.Delete}, actions(deletes))
		for _, e := range deletes {
			assert.Equal(t, "CompanyAccess", e.EntityType)
			assert.Equal(t, `"`+string(ms.ID)+`"`, changes(e)["membership_id"][0], "a delete keeps what the row held")
		}
		assert.NotEqual(t, *deletes[0].CompanyID, *deletes[1].CompanyID, "each event names its row's company")
		assert.True(t, tn.verify(t).Intact)
	})
}

func TestRecord_SecretsAreNeverStored(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		inv := db.Client.Invitation.Create().SetEmail("new@alpha.example").SetRole(viewer.RoleMember).
			SetTokenHash("secret-token-hash").SetExpiresAt(time.Now().Add(time.Hour)).SetInvitedByID(tn.owner.ID).
			SaveX(tn.as(viewer.RoleOwner))
		events := tn.about(t, inv.ID)
		require.Len(t, events, 1)
		assert.Equal(t, [2]string{"∅", auditlog.Redacted}, changes(events[0])["token_hash"], "recorded as set, without its value")
		assert.Nil(t, events[0].CompanyID, "an invitation belongs to the organization, not to a company")

		// A user changing its own password: the change shows, the hashes do not.
		ctx := tn.as(viewer.RoleOwner)
		db.Client.User.UpdateOneID(tn.owner.ID).SetPasswordHash("argon2-old").ExecX(ctx)
		db.Client.User.UpdateOneID(tn.owner.ID).SetPasswordHash("argon2-new").ExecX(ctx)
		events = tn.about(t, tn.owner.ID)
		require.Len(t, events, 2, "users are recorded when a viewer changes them, in its organization")
		assert.Equal(t, [2]string{auditlog.Redacted, auditlog.Redacted}, changes(events[1])["password_hash"])

		var stored strings.Builder
		for _, e := range tn.trail(t) {
			fmt.Fprint(&stored, e.Changes)
		}
		rows, err := testdb.Raw(t, db).Query("SELECT changes FROM audit_events WHERE changes IS NOT NULL")
		require.NoError(t, err)
		defer rows.Close()
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			stored.WriteString(s)
		}
		for _, secret := range []string{"secret-token-hash", "argon2-old", "argon2-new"} {
			assert.NotContains(t, stored.String(), secret)
		}
	})
}

func TestRecord_TheSystemActsWithoutAnActor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		trail := tn.trail(t)
		require.NotEmpty(t, trail)
		assert.Equal(t, "Organization", trail[0].EntityType, "the chain starts with the organization")
		assert.Equal(t, change.Create, trail[0].Action)
		for _, e := range trail {
			assert.Nil(t, e.ActorID, "%s %s", e.Action, e.EntityType)
			assert.NotEqual(t, "User", e.EntityType, "signing a user up belongs to no tenant's trail")
		}
	})
}

func TestAppendOnly_NobodyChangesOrDeletesAnEventNorWritesOne(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		e := tn.trail(t)[0]
		for _, ctx := range []context.Context{system(), tn.as(viewer.RoleOwner)} {
			err := db.Client.AuditEvent.UpdateOneID(e.ID).Exec(ctx)
			assert.ErrorIs(t, err, apperr.Forbidden(apperr.Immutable, "audit events are append-only: nobody changes or deletes them", ""))
			err = db.Client.AuditEvent.DeleteOneID(e.ID).Exec(ctx)
			assert.ErrorIs(t, err, apperr.Forbidden(apperr.Immutable, "audit events are append-only: nobody changes or deletes them", ""))
			_, err = db.Client.AuditEvent.Delete().Exec(ctx)
			assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
			err = db.Client.AuditEvent.Create().SetOrganizationID(tn.org.ID).SetSeq(99).SetOccurredAt(time.Now()).
				SetAction(change.Create).SetEntityType("Site").SetEntityID(tn.sites[0].ID).
				SetPrevHash(auditlog.Genesis).SetHash(auditlog.Genesis).Exec(ctx)
			assert.ErrorIs(t, err, apperr.Forbidden(apperr.Immutable, "audit events are written by the audit trail alone", ""))
		}
		assert.Equal(t, e.Hash, tn.trail(t)[0].Hash)
	})
}

func TestRecord_TheChainIsLinkedFromGenesis(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		other := newTenant(t, db, "bravo")
		for _, tenant := range []*tenant{tn, other} {
			prev := auditlog.Genesis
			for i, e := range tenant.trail(t) {
				assert.Equal(t, int64(i+1), e.Seq, "one chain per organization, from 1")
				assert.Equal(t, prev, e.PrevHash)
				assert.Len(t, e.Hash, 64)
				prev = e.Hash
			}
			got := tenant.verify(t)
			assert.True(t, got.Intact)
			assert.Equal(t, len(tenant.trail(t)), got.EventsChecked)
			assert.Equal(t, prev, got.HeadHash)
		}
	})
}

// Concurrent writers of one organization, inside operations (the chain lock) and outside any
// transaction (the unique seq and a retry), never fork the chain.
func TestRecord_ConcurrentWritersKeepOneLinearChain(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		before := len(tn.trail(t))
		const writers, writes = 8, 6
		var wg sync.WaitGroup
		errs := make(chan error, writers*writes)
		for w := range writers {
			wg.Go(func() {
				ctx := tn.as(viewer.RoleOwner)
				for i := range writes {
					write := func(ctx context.Context) error {
						return db.Client.Site.Create().SetCompanyID(tn.companies[w%2].ID).SetName(fmt.Sprintf("site %d-%d", w, i)).Exec(ctx)
					}
					if w%4 == 3 {
						errs <- write(ctx) // no transaction at all
					} else {
						errs <- operation(t, db, ctx, write)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		trail := tn.trail(t)
		require.Len(t, trail, before+writers*writes)
		for i, e := range trail {
			require.Equal(t, int64(i+1), e.Seq, "seq is unique and contiguous")
		}
		got := tn.verify(t)
		assert.True(t, got.Intact, "%v", got.Reason)
	})
}

func TestRecord_AWriteCountsInItsCompanysDataVersionAlone(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		tn := newTenant(t, db, "alpha")
		other := newTenant(t, db, "bravo")
		versions := func() []int64 {
			var out []int64
			for _, c := range append(tn.companies[:], other.companies[:]...) {
				out = append(out, db.Client.Company.GetX(system(), c.ID).DataVersion)
			}
			return out
		}
		before := versions()

		// Two writes in the first company count in it alone; a bulk write over both companies
		// counts in each; a write that changes nothing, and a refused one, count nowhere.
		require.NoError(t, operation(t, db, tn.as(viewer.RoleOwner), func(ctx context.Context) error {
			if err := db.Client.Site.UpdateOneID(tn.sites[0].ID).SetName("本社ビル").Exec(ctx); err != nil {
				return err
			}
			return db.Client.Site.UpdateOneID(tn.sites[0].ID).SetHeadcount(40).Exec(ctx)
		}))
		after := versions()
		assert.Equal(t, []int64{before[0] + 2, before[1], before[2], before[3]}, after, "one company")

		require.NoError(t, db.Client.Site.Update().SetHeadcount(12).Exec(tn.as(viewer.RoleOwner)))
		assert.Equal(t, []int64{after[0] + 1, after[1] + 1, after[2], after[3]}, versions(), "a bulk write over both companies")

		after = versions()
		require.NoError(t, db.Client.Site.Update().SetHeadcount(12).Exec(tn.as(viewer.RoleOwner)))
		require.Error(t, db.Client.Site.UpdateOneID(tn.sites[1].ID).SetName("x").Exec(tn.as(viewer.RoleMember, 1)))
		assert.Equal(t, after, versions(), "nothing changed, nothing counted")
	})
}
