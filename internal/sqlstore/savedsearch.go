package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// Saved searches: their rows, and the groups each is shared with.

const savedColumns = `ss.id, ss.user_id, COALESCE(u.name, ''), ss.name, ss.query, ss.sort, ss.smart, ss.created_at`

// AddSavedSearch records a saved search with its groups and sets its ID.
func (s *Store) AddSavedSearch(ctx context.Context, ss *gallery.SavedSearch) error {
	if ss.CreatedAt.IsZero() {
		ss.CreatedAt = time.Now().UTC()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.d.q(`INSERT INTO saved_searches (user_id, name, query, sort, smart, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), ss.UserID, ss.Name, ss.Query, ss.Sort, ss.Smart, ss.CreatedAt.UnixMilli()).Scan(&ss.ID)
		if err != nil {
			return fmt.Errorf("add saved search: %w", err)
		}
		return s.setSearchGroups(ctx, tx, ss.ID, ss.Groups)
	})
}

// UpdateSavedSearch changes a saved search's name, query, sort, smartness
// and groups.
func (s *Store) UpdateSavedSearch(ctx context.Context, ss gallery.SavedSearch) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE saved_searches SET name = ?, query = ?, sort = ?, smart = ? WHERE id = ?`),
			ss.Name, ss.Query, ss.Sort, ss.Smart, ss.ID)
		if err != nil {
			return fmt.Errorf("update saved search: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("saved search %d: %w", ss.ID, gallery.ErrNotFound)
		}
		return s.setSearchGroups(ctx, tx, ss.ID, ss.Groups)
	})
}

func (s *Store) setSearchGroups(ctx context.Context, tx *sql.Tx, id int64, groups []int64) error {
	if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM saved_search_groups WHERE search_id = ?`), id); err != nil {
		return fmt.Errorf("saved search groups: %w", err)
	}
	seen := map[int64]bool{}
	for _, g := range groups {
		if seen[g] {
			continue
		}
		seen[g] = true
		if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO saved_search_groups (search_id, group_id) VALUES (?, ?)`), id, g); err != nil {
			return fmt.Errorf("saved search groups: %w", err)
		}
	}
	return nil
}

// DeleteSavedSearch deletes a saved search.
func (s *Store) DeleteSavedSearch(ctx context.Context, id int64) error {
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM saved_searches WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("delete saved search: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("saved search %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// SavedSearch returns one saved search with its groups.
func (s *Store) SavedSearch(ctx context.Context, id int64) (gallery.SavedSearch, error) {
	out, err := s.savedSearches(ctx, `ss.id = ?`, id)
	if err != nil {
		return gallery.SavedSearch{}, err
	}
	if len(out) == 0 {
		return gallery.SavedSearch{}, fmt.Errorf("saved search %d: %w", id, gallery.ErrNotFound)
	}
	return out[0], nil
}

// SavedSearches returns, by name, the saved searches of userID and those
// shared with a group userID belongs to; every one when all is set.
func (s *Store) SavedSearches(ctx context.Context, userID int64, all bool) ([]gallery.SavedSearch, error) {
	if all {
		return s.savedSearches(ctx, `1 = 1`)
	}
	return s.savedSearches(ctx, `ss.user_id = ? OR ss.id IN (SELECT sg.search_id FROM saved_search_groups sg
		JOIN group_members gm ON gm.group_id = sg.group_id WHERE gm.user_id = ?)`, userID, userID)
}

func (s *Store) savedSearches(ctx context.Context, where string, args ...any) ([]gallery.SavedSearch, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+savedColumns+` FROM saved_searches ss LEFT JOIN users u ON u.id = ss.user_id
		WHERE `+where+` ORDER BY lower(ss.name), ss.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	var out []gallery.SavedSearch
	index := map[int64]int{}
	for rows.Next() {
		var ss gallery.SavedSearch
		var created int64
		if err := rows.Scan(&ss.ID, &ss.UserID, &ss.Author, &ss.Name, &ss.Query, &ss.Sort, &ss.Smart, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("saved searches: %w", err)
		}
		ss.CreatedAt = time.UnixMilli(created).UTC()
		index[ss.ID] = len(out)
		out = append(out, ss)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, ss := range out {
		ids[i] = ss.ID
	}
	in, inArgs := inList(ids)
	rows, err = s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT search_id, group_id FROM saved_search_groups WHERE search_id IN `+in+` ORDER BY group_id`), inArgs...)
	if err != nil {
		return nil, fmt.Errorf("saved search groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, g int64
		if err := rows.Scan(&id, &g); err != nil {
			return nil, fmt.Errorf("saved search groups: %w", err)
		}
		out[index[id]].Groups = append(out[index[id]].Groups, g)
	}
	return out, rows.Err()
}
