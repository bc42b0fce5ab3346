package secretariat

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// AddCommitteeMember seats a person on the company's security committee.
func (s *Service) AddCommitteeMember(ctx context.Context, in AddCommitteeMemberInput) (*ent.CommitteeMember, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add committee member: %w", err)
	}
	var out *ent.CommitteeMember
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if _, err := activeCompany(ctx, tx, in.CompanyID); err != nil {
			return err
		}
		create := tx.CommitteeMember.Create().
			SetCompanyID(in.CompanyID).
			SetUserID(in.UserID).
			SetRole(in.Role)
		create.SetNillableTitle(in.Title)
		// A role that may not seat anyone is told so before anything about the people named.
		if err := authz.Check(ctx, committeemember.Policy, create.Mutation()); err != nil {
			return err
		}
		if err := checkPerson(ctx, tx, "userID", in.UserID, in.CompanyID); err != nil {
			return err
		}
		seated, err := tx.CommitteeMember.Query().
			Where(committeemember.CompanyID(in.CompanyID), committeemember.UserID(in.UserID)).
			Exist(ctx)
		if err != nil {
			return err
		}
		if seated {
			return apperr.Conflict(apperr.Duplicate, "the person is already on the committee; change their role instead",
				"この方はすでに委員会のメンバーです。役割を変更してください")
		}
		if in.Role == committeemember.RoleCHAIR {
			if err := makeRoomForChair(ctx, tx, in.CompanyID, "", in.ReplaceChair); err != nil {
				return err
			}
		}
		out, err = create.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add committee member: %w", err)
	}
	return out, nil
}

// UpdateCommitteeMember changes a member's role or title.
func (s *Service) UpdateCommitteeMember(ctx context.Context, in UpdateCommitteeMemberInput) (*ent.CommitteeMember, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update committee member: %w", err)
	}
	var out *ent.CommitteeMember
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		m, err := tx.CommitteeMember.Get(ctx, in.ID)
		if err != nil {
			return err
		}
		update := m.Update()
		if in.Role != nil {
			update.SetRole(*in.Role)
		}
		update.SetNillableTitle(in.Title)
		if validate.IsNull(in.Null, "title") {
			update.ClearTitle()
		}
		if err := authz.Check(ctx, committeemember.Policy, update.Mutation()); err != nil {
			return err
		}
		if in.Role != nil && *in.Role == committeemember.RoleCHAIR && m.Role != committeemember.RoleCHAIR {
			if err := makeRoomForChair(ctx, tx, m.CompanyID, m.ID, in.ReplaceChair); err != nil {
				return err
			}
		}
		out, err = update.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update committee member: %w", err)
	}
	return out, nil
}

// RemoveCommitteeMember takes a person off the committee. Removing the chair leaves the
// committee without one until another is named.
func (s *Service) RemoveCommitteeMember(ctx context.Context, in RemoveInput) (*Removal, error) {
	var out *Removal
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		m, err := tx.CommitteeMember.Query().Where(committeemember.ID(in.ID)).WithCompany().Only(ctx)
		if err != nil {
			return err
		}
		if err := tx.CommitteeMember.DeleteOne(m).Exec(ctx); err != nil {
			return err
		}
		out = &Removal{RemovedID: m.ID, Company: m.Edges.Company}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remove committee member: %w", err)
	}
	return out, nil
}

// makeRoomForChair lets the member self (or a new member, self "") become the committee's
// chair: with no other chair there is nothing to do; with one, replace makes them a MEMBER and
// otherwise the appointment is refused. A partial unique index keeps two concurrent
// appointments from both succeeding.
func makeRoomForChair(ctx context.Context, tx *ent.Client, companyID, self pulid.ID, replace bool) error {
	q := tx.CommitteeMember.Query().
		Where(committeemember.CompanyID(companyID), committeemember.RoleEQ(committeemember.RoleCHAIR))
	if self != "" {
		q.Where(committeemember.IDNEQ(self))
	}
	chair, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !replace {
		return apperr.Conflict(apperr.Duplicate, "the committee already has a chair; make them VICE_CHAIR or MEMBER first, or set replaceChair",
			"委員会にはすでに委員長がいます。先に現在の委員長をVICE_CHAIRまたはMEMBERにするか、replaceChairを指定してください")
	}
	return chair.Update().SetRole(committeemember.RoleMEMBER).Exec(ctx)
}
