package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// Placed is an item with a position and the place found there.
type Placed struct {
	ID       int64
	Lat, Lon float64
	Place    gallery.Place
}

// Unplaced lists, by id after after, up to limit items with a position
// whose place was never looked up (trash included: a restored item keeps
// its place).
func (s *Store) Unplaced(ctx context.Context, after int64, limit int) ([]Placed, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT id, lat, lon FROM media
		WHERE placed_at IS NULL AND lat IS NOT NULL AND id > ? ORDER BY id LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("unplaced items: %w", err)
	}
	defer rows.Close()
	var out []Placed
	for rows.Next() {
		var p Placed
		var lon sql.NullFloat64
		if err := rows.Scan(&p.ID, &p.Lat, &lon); err != nil {
			return nil, fmt.Errorf("unplaced items: %w", err)
		}
		p.Lon = lon.Float64
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountUnplaced counts the items Unplaced would list.
func (s *Store) CountUnplaced(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM media WHERE placed_at IS NULL AND lat IS NOT NULL`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count unplaced items: %w", err)
	}
	return n, nil
}

// SetPlaces records the places looked up for items at their position,
// marking them looked up at at even when the place is empty, so that a
// point at sea is not looked up again. An item whose position changed
// meanwhile is left for the next look-up. It returns how many items were
// recorded.
func (s *Store) SetPlaces(ctx context.Context, items []Placed, at time.Time) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		for _, p := range items {
			res, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET place_city = ?, place_region = ?, place_country = ?, placed_at = ?
				WHERE id = ? AND lat = ? AND lon = ?`),
				p.Place.City, p.Place.Region, p.Place.Country, at.UnixMilli(), p.ID, p.Lat, p.Lon)
			if err != nil {
				return fmt.Errorf("place of item %d: %w", p.ID, err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}
