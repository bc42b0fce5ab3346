package tenancy_test

import (
	"context"
	"time"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/task"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcampaign"
	"secretariat/ent/trainingcourse"
	"secretariat/ent/trainingmaterial"
	"secretariat/internal/audience"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// The training tables in the isolation suite: in every company a course teaching from an approved
// document version, a campaign of it for the company's department, and the owner's assignment
// with its task.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		dept := tn.byCompany[i][2]
		doc := client.Document.Create().SetOrganizationID(org).SetCompanyID(co).SetCode("ISMS-T-001").SetTitle("教育資料").
			SetKind(document.KindOTHER).SaveX(ctx)
		version := client.DocumentVersion.Create().SetOrganizationID(org).SetCompanyID(co).SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).
			SetBody("教材").SetAuthorID(tn.owner.ID).SetStatus(documentversion.StatusAPPROVED).SaveX(ctx)
		course := client.TrainingCourse.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("情報セキュリティ研修").
			SetKind(trainingcourse.KindALL_STAFF).SetPassMark(80).SaveX(ctx)
		material := client.TrainingMaterial.Create().SetOrganizationID(org).SetCompanyID(co).SetCourseID(course.ID).SetDocumentVersionID(version.ID).SaveX(ctx)
		campaign := client.TrainingCampaign.Create().SetOrganizationID(org).SetCompanyID(co).SetCourseID(course.ID).SetTitle("2026年度 研修").
			SetDueOn(date.New(2026, 12, 20)).SetAudience(audience.Audience{DepartmentIDs: []pulid.ID{dept}}).SaveX(ctx)
		id := pulid.New("TG")
		work := client.Task.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("教育: 2026年度 研修").SetDueDate(date.New(2026, 12, 20)).
			SetAssigneeID(tn.owner.ID).SetSource(task.SourceTRAINING).SetSourceID(id).SaveX(ctx)
		assignment := client.TrainingAssignment.Create().SetID(id).SetOrganizationID(org).SetCompanyID(co).SetCourseID(course.ID).
			SetCampaignID(campaign.ID).SetUserID(tn.owner.ID).SetDepartmentID(dept).SetDueOn(date.New(2026, 12, 20)).SetTaskID(work.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], doc.ID, version.ID, course.ID, material.ID, campaign.ID, work.ID, assignment.ID)
	})

	probes["training_courses"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingCourse.Query().Where(trainingcourse.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryTrainingCourses().Where(trainingcourse.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TrainingCourse.UpdateOneID(id).SetTitle("乗っ取り").SetArchivedAt(time.Now()).Exec(ctx)
		},
		// A campaign hangs on a course: running another tenant's course for one's own company.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.TrainingCampaign.Create().SetCompanyID(own.companies[0].ID).SetCourseID(id).SetTitle("植え付け").
				SetDueOn(date.New(2026, 12, 20)).SetAudience(audience.Audience{Everyone: true}).Exec(ctx)
		},
	}
	probes["training_materials"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingMaterial.Query().Where(trainingmaterial.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingCourse.Query().QueryMaterials().Where(trainingmaterial.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TrainingMaterial.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["training_campaigns"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingCampaign.Query().Where(trainingcampaign.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingCourse.Query().QueryCampaigns().Where(trainingcampaign.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TrainingCampaign.UpdateOneID(id).SetTitle("乗っ取り").Exec(ctx)
		},
	}
	probes["training_assignments"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingAssignment.Query().Where(trainingassignment.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TrainingCampaign.Query().QueryAssignments().Where(trainingassignment.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TrainingAssignment.UpdateOneID(id).SetCompletedAt(time.Now()).SetScore(100).Exec(ctx)
		},
	}
}
