package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"imagier/internal/gallery"
)

// Edit sets editable fields of item id to what a person typed, and records
// them as edited so that no rescan overwrites them. fields maps "title",
// "description", "creator", "credit", "copyright" or "alt_text" to the new
// text.
func (s *Store) Edit(ctx context.Context, id int64, fields map[string]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		edited, err := s.edited(ctx, tx, id)
		if err != nil {
			return err
		}
		for name, v := range fields {
			if !slices.Contains(editable, name) {
				return fmt.Errorf("edit %d: field %q: %w", id, name, gallery.ErrInvalid)
			}
			// name is one of the fixed column names checked above.
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET `+name+` = ? WHERE id = ?`), v, id); err != nil {
				return fmt.Errorf("edit %d: %w", id, err)
			}
			if !slices.Contains(edited, name) {
				edited = append(edited, name)
			}
		}
		slices.Sort(edited)
		_, err = tx.ExecContext(ctx, s.d.q(`UPDATE media SET edited = ? WHERE id = ?`), strings.Join(edited, ","), id)
		return err
	})
}

func (s *Store) edited(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	var edited string
	err := tx.QueryRowContext(ctx, s.d.q(`SELECT edited FROM media WHERE id = ?`), id).Scan(&edited)
	if notFound(err) {
		return nil, fmt.Errorf("media %d: %w", id, gallery.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("media %d: %w", id, err)
	}
	if edited == "" {
		return nil, nil
	}
	return strings.Split(edited, ","), nil
}

// Rescan stores freshly read metadata for item id and refills the editable
// fields from it, except those a person edited. values holds the refilled
// field texts ("title", "description", "creator", "credit", "copyright").
func (s *Store) Rescan(ctx context.Context, id int64, meta gallery.Metadata, values map[string]string) error {
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("rescan %d: %w", id, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		edited, err := s.edited(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET meta = ?, width = ?, height = ? WHERE id = ?`),
			string(metaJSON), meta.Width, meta.Height, id); err != nil {
			return fmt.Errorf("rescan %d: %w", id, err)
		}
		if !slices.Contains(edited, "taken") && meta.Taken != nil {
			local := meta.Taken.Local.Format("2006-01-02 15:04:05")
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET taken_local = ? WHERE id = ?`), local, id); err != nil {
				return fmt.Errorf("rescan %d: %w", id, err)
			}
			if err := s.setSortDate(ctx, tx, id, local); err != nil {
				return fmt.Errorf("rescan %d: %w", id, err)
			}
		}
		if !slices.Contains(edited, "gps") && meta.GPS != nil {
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET lat = ?, lon = ?, `+unplace+` WHERE id = ?`),
				append(append([]any{meta.GPS.Lat, meta.GPS.Lon}, unplaceArgs(meta.GPS.Lat, meta.GPS.Lon)...), id)...); err != nil {
				return fmt.Errorf("rescan %d: %w", id, err)
			}
		}
		for _, name := range editable {
			v, ok := values[name]
			if !ok || slices.Contains(edited, name) {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET `+name+` = ? WHERE id = ?`), v, id); err != nil {
				return fmt.Errorf("rescan %d: %w", id, err)
			}
		}
		return nil
	})
}
