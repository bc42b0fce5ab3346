package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/ent/soadocumentlink"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

// The Statement of Applicability's tables in the isolation suite: in every company the row of
// control 5.1, excluded with its reason, linked to the company's SOA document.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		// The SOA document is listed as the documents' fixture lists a document (document,
		// approved version 1.0, its approval, the owner's acknowledgement): this fixture runs
		// first, and fixtureDocument takes the first document of a company in that shape.
		doc := client.Document.Create().SetOrganizationID(org).SetCompanyID(co).
			SetCode("ISMS-SOA-001").SetTitle("情報セキュリティ適用宣言書").SetKind(document.KindSOA).
			SetOwnerID(tn.owner.ID).SaveX(ctx)
		v := client.DocumentVersion.Create().SetOrganizationID(org).SetCompanyID(co).
			SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).SetBody("本文").SetAuthorID(tn.owner.ID).
			SetStatus(documentversion.StatusAPPROVED).SaveX(ctx)
		client.Document.UpdateOne(doc).SetCurrentVersionID(v.ID).ExecX(ctx)
		step := client.DocumentStep.Create().SetOrganizationID(org).SetCompanyID(co).
			SetVersionID(v.ID).SetAction(documentstep.ActionAPPROVED).SetActorID(tn.owner.ID).SaveX(ctx)
		ack := client.DocumentAcknowledgement.Create().SetOrganizationID(org).SetCompanyID(co).
			SetVersionID(v.ID).SetUserID(tn.owner.ID).SaveX(ctx)
		row := client.ControlImplementation.Create().SetOrganizationID(org).SetCompanyID(co).
			SetControlRef("5.1").SetJustification("経営方針として必要").SetOwnerID(tn.owner.ID).
			SetImplementationStatus(controlimplementation.ImplementationStatusIMPLEMENTED).SaveX(ctx)
		link := client.SoaDocumentLink.Create().SetOrganizationID(org).SetCompanyID(co).
			SetControlImplementationID(row.ID).SetDocumentID(doc.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], doc.ID, v.ID, step.ID, ack.ID, row.ID, link.ID)
	})

	probes["control_implementations"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.ControlImplementation.Query().Where(controlimplementation.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryControlImplementations().Where(controlimplementation.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.ControlImplementation.UpdateOneID(id).SetApplicable(false).SetJustification("乗っ取り").Exec(ctx)
		},
		// A document link hangs on a row: the attacker's document linked to another's row.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.SoaDocumentLink.Create().SetCompanyID(own.companies[0].ID).SetControlImplementationID(id).
				SetDocumentID(fixtureSoA(own, 0).doc).Exec(ctx)
		},
	}
	probes["soa_document_links"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.SoaDocumentLink.Query().Where(soadocumentlink.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.ControlImplementation.Query().QueryDocumentLinks().Where(soadocumentlink.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.SoaDocumentLink.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
	}
}

type soaFixture struct{ row, doc, link pulid.ID }

// fixtureSoA returns the SoA row, SOA document and link of company i.
func fixtureSoA(tn *tenant, i int) soaFixture {
	ids := tn.byCompany[i]
	for j, id := range ids {
		if id.Prefix() == "CI" {
			return soaFixture{row: id, doc: ids[j-4], link: ids[j+1]}
		}
	}
	panic("no SoA fixture")
}

func TestControls_SoALinksNeverCrossCompaniesOrOrganizations(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		owner := as(ownerOf(a))
		a0, a1, b0 := fixtureSoA(a, 0), fixtureSoA(a, 1), fixtureSoA(b, 0)

		err := db.Client.SoaDocumentLink.Create().SetCompanyID(a.companies[0].ID).
			SetControlImplementationID(a0.row).SetDocumentID(a1.doc).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a row of company 0 linked to a document of company 1")
		err = db.Client.SoaDocumentLink.Create().SetCompanyID(a.companies[0].ID).
			SetControlImplementationID(a1.row).SetDocumentID(a0.doc).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a link in company 0 of a row of company 1")
		err = db.Client.SoaDocumentLink.Create().SetCompanyID(a.companies[0].ID).
			SetControlImplementationID(a0.row).SetDocumentID(b0.doc).Exec(owner)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a document of another organization")
		err = db.Client.ControlImplementation.UpdateOneID(a0.row).SetOwnerID(b.owner.ID).Exec(owner)
		assert.Error(t, err, "an owner of another organization")

		n, err := db.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(a.companies[0].ID)).Count(owner)
		assert.NoError(t, err)
		assert.Equal(t, 1, n)
		err = db.Client.ControlImplementation.Create().SetCompanyID(a.companies[0].ID).SetControlRef("5.1").Exec(owner)
		assert.True(t, ent.IsConstraintError(err), "one row per control and company: %v", err)
	})
}
