package billing

import "time"

// SetClock replaces the service's clock in tests of the grace and the outbox backoff.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Backoff is the wait before the next attempt after n failed deliveries.
var Backoff = backoff
