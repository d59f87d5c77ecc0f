package service

import (
	"context"

	"imagier/internal/gallery"
)

// AuditLog returns audit entries, newest first, for administrators.
func (s *Service) AuditLog(ctx context.Context, a Actor, f gallery.AuditFilter) ([]gallery.AuditEntry, error) {
	if err := admin(a, "audit"); err != nil {
		return nil, err
	}
	return s.store.Audit(ctx, f)
}
