package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AttemptCounter is one counter an attempt is counted on, and how many
// attempts it allows within a window (at least 1).
type AttemptCounter struct {
	Bucket string
	Limit  int
}

// errRefused rolls back CountAttempt's transaction when a counter is full.
var errRefused = errors.New("attempt refused")

// CountAttempt adds one attempt to each counter, in one transaction, and
// returns true; a counter whose window (window long, from its first
// attempt) ended before now starts again at one. When a counter already
// holds its Limit within its window, nothing is counted and it returns
// false: the attempt is refused. Servers sharing the database count
// together, and parallel attempts never pass a limit, since each counter's
// row is read and written in one statement.
func (s *Store) CountAttempt(ctx context.Context, counters []AttemptCounter, now time.Time, window time.Duration) (bool, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range counters {
			if err := s.countAttempt(ctx, tx, c, now, window); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("count attempt: %w", err)
	}
	return true, nil
}

// AttemptsFull tells, without writing, whether one of the counters holds
// its Limit within its window: CountAttempt would refuse. A caller can
// spare the write lock that way; CountAttempt still has the last word.
func (s *Store) AttemptsFull(ctx context.Context, counters []AttemptCounter, now time.Time, window time.Duration) (bool, error) {
	if len(counters) == 0 {
		return false, nil
	}
	var where []string
	var args []any
	for _, c := range counters {
		where = append(where, `(bucket = ? AND attempts >= ? AND first_at > ?)`)
		args = append(args, c.Bucket, c.Limit, now.Add(-window).UnixMilli())
	}
	var n int
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT COUNT(*) FROM throttle_counters WHERE `+strings.Join(where, ` OR `)), args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("attempts: %w", err)
	}
	return n > 0, nil
}

// countAttempt counts on one counter, or returns errRefused. The update's
// WHERE leaves a full counter alone, and then no row is returned.
func (s *Store) countAttempt(ctx context.Context, tx *sql.Tx, c AttemptCounter, now time.Time, window time.Duration) error {
	ended := now.Add(-window).UnixMilli()
	var n int
	err := tx.QueryRowContext(ctx, s.d.q(`INSERT INTO throttle_counters (bucket, attempts, first_at) VALUES (?, 1, ?)
		ON CONFLICT (bucket) DO UPDATE SET
			attempts = CASE WHEN throttle_counters.first_at <= ? THEN 1 ELSE throttle_counters.attempts + 1 END,
			first_at = CASE WHEN throttle_counters.first_at <= ? THEN excluded.first_at ELSE throttle_counters.first_at END
		WHERE throttle_counters.first_at <= ? OR throttle_counters.attempts < ?
		RETURNING attempts`), c.Bucket, now.UnixMilli(), ended, ended, ended, c.Limit).Scan(&n)
	if notFound(err) {
		return errRefused
	}
	return err
}

// UncountAttempt takes back an attempt CountAttempt counted: the counters
// in forget are deleted (a good sign-in clears its account's failures),
// those in takeBack lose one attempt.
func (s *Store) UncountAttempt(ctx context.Context, forget, takeBack []string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, b := range forget {
			if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM throttle_counters WHERE bucket = ?`), b); err != nil {
				return err
			}
		}
		for _, b := range takeBack {
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE throttle_counters SET attempts = attempts - 1 WHERE bucket = ? AND attempts > 0`), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("uncount attempt: %w", err)
	}
	return nil
}

// PruneAttempts deletes the counters whose window started before before:
// they no longer refuse anything, and the next attempt would start them
// again anyway.
func (s *Store) PruneAttempts(ctx context.Context, before time.Time) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM throttle_counters WHERE first_at <= ?`), before.UnixMilli()); err != nil {
		return fmt.Errorf("prune attempts: %w", err)
	}
	return nil
}
