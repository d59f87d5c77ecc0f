package sqlstore

import (
	"context"
	"fmt"
)

// TagsOf returns the tags of the items of ids, by item, so that a batch
// action can tell which tags it adds or removes and undo exactly those.
func (s *Store) TagsOf(ctx context.Context, ids []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT mt.media_id, t.name FROM media_tags mt JOIN tags t ON t.id = mt.tag_id
		WHERE mt.media_id IN `+in), args...)
	if err != nil {
		return nil, fmt.Errorf("tags of items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("tags of items: %w", err)
		}
		out[id] = append(out[id], name)
	}
	return out, rows.Err()
}
