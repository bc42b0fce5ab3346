package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentacknowledgement"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// The documents' tables in the isolation suite: in every company an approved policy with its
// version 1.0, the version's approval step and the owner's acknowledgement.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		co := tn.companies[i]
		doc := client.Document.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetCode("ISMS-P-001").SetTitle("情報セキュリティ基本方針").SetKind(document.KindPOLICY).
			SetOwnerID(tn.owner.ID).SaveX(ctx)
		v := client.DocumentVersion.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).SetBody("本文").SetAuthorID(tn.owner.ID).
			SetStatus(documentversion.StatusAPPROVED).SaveX(ctx)
		client.Document.UpdateOne(doc).SetCurrentVersionID(v.ID).ExecX(ctx)
		step := client.DocumentStep.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetVersionID(v.ID).SetAction(documentstep.ActionAPPROVED).SetActorID(tn.owner.ID).SaveX(ctx)
		ack := client.DocumentAcknowledgement.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetVersionID(v.ID).SetUserID(tn.owner.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], doc.ID, v.ID, step.ID, ack.ID)
	})

	probes["documents"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Document.Query().Where(document.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryDocuments().Where(document.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Document.UpdateOneID(id).SetTitle("乗っ取り").SetArchivedAt(time.Now()).Exec(ctx)
		},
		// A version hangs on a document: a new draft of another tenant's document.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.DocumentVersion.Create().SetCompanyID(own.companies[0].ID).SetDocumentID(id).
				SetMajor(9).SetMinor(0).SetAuthorID(own.owner.ID).Exec(ctx)
		},
	}
	probes["document_versions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DocumentVersion.Query().Where(documentversion.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Document.Query().QueryVersions().Where(documentversion.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.DocumentVersion.UpdateOneID(id).SetStatus(documentversion.StatusREJECTED).SetRejectionReason("乗っ取り").Exec(ctx)
		},
		// A step or an acknowledgement hangs on a version.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.DocumentStep.Create().SetCompanyID(own.companies[0].ID).SetVersionID(id).
				SetAction(documentstep.ActionSUPERSEDED).SetActorID(own.owner.ID).Exec(ctx)
		},
	}
	probes["document_steps"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DocumentStep.Query().Where(documentstep.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DocumentVersion.Query().QuerySteps().Where(documentstep.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.DocumentStep.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
	}
	probes["document_acknowledgements"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DocumentAcknowledgement.Query().Where(documentacknowledgement.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DocumentVersion.Query().QueryAcknowledgements().Where(documentacknowledgement.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.DocumentAcknowledgement.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
	}
}

// fixtureDocument returns the document, version, step and acknowledgement of company i.
func fixtureDocument(tn *tenant, i int) (doc, version, step, ack pulid.ID) {
	ids := tn.byCompany[i]
	for j, id := range ids {
		if id.Prefix() == "DO" && j+3 < len(ids) && ids[j+2].Prefix() == "DS" && ids[j+3].Prefix() == "DA" {
			return id, ids[j+1], ids[j+2], ids[j+3]
		}
	}
	panic("no document fixture")
}

func TestDocuments_LinksNeverCrossCompanies(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		owner := as(ownerOf(a))
		doc1, v1, _, _ := fixtureDocument(a, 1)
		_, bv, _, _ := fixtureDocument(b, 0)

		err := db.Client.DocumentVersion.Create().SetCompanyID(a.companies[0].ID).SetDocumentID(doc1).
			SetMajor(2).SetMinor(0).SetAuthorID(a.owner.ID).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a version in company 0 of a document of company 1")
		err = db.Client.DocumentAcknowledgement.Create().SetCompanyID(a.companies[0].ID).SetVersionID(v1).
			SetUserID(a.owner.ID).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an acknowledgement across companies")
		err = db.Client.DocumentAcknowledgement.Create().SetCompanyID(a.companies[0].ID).SetVersionID(bv).
			SetUserID(a.owner.ID).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an acknowledgement of another organization's version")
		doc0, _, _, _ := fixtureDocument(a, 0)
		err = db.Client.Document.UpdateOneID(doc0).SetCurrentVersionID(v1).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a current version of another company")
	})
}

func TestDocuments_AVersionsContentIsFrozenOnceSubmittedEvenForTheSystem(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		_, v, step, ack := fixtureDocument(a, 0)
		sys := viewer.System(context.Background(), quiet(), "test check")
		err := db.Client.DocumentVersion.UpdateOneID(v).SetBody("書き換え").Exec(sys)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindConflict})
		assert.Contains(t, err.Error(), "only a DRAFT version can be edited")
		err = db.Client.DocumentVersion.Update().SetChangeSummary("一括").Exec(sys)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindConflict}, "bulk edits of content are refused")
		assert.Equal(t, "本文", *db.Client.DocumentVersion.GetX(sys, v).Body)

		// The history is written once: no viewer changes a step or another's acknowledgement.
		owner := as(ownerOf(a))
		err = db.Client.DocumentStep.UpdateOneID(step).SetUpdatedAt(time.Now()).Exec(owner)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
		member := &viewer.Viewer{UserID: pulid.New("US"), OrganizationID: a.org.ID, Role: viewer.RoleMember, CompanyIDs: []pulid.ID{a.companies[0].ID}}
		err = db.Client.DocumentAcknowledgement.UpdateOneID(ack).SetUpdatedAt(time.Now()).Exec(as(member))
		require.Error(t, err)
	})
}
