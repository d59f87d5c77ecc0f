package benchlib

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"imagier/internal/sqlstore"
)

// bulk writes rows straight into the store's tables on one connection:
// multi-row INSERTs in large transactions on SQLite, COPY on PostgreSQL.
type bulk struct {
	// dry is set when nothing is written: Describe runs the generator
	// only for what it returns.
	dry      bool
	st       *sqlstore.Store
	conn     *sql.Conn
	postgres bool
	tx       *sql.Tx
	// replica is set when PostgreSQL's triggers and foreign-key checks
	// are off on this connection (session_replication_role): the rows are
	// consistent by construction, and the search log would be emptied
	// anyway.
	replica bool
}

func newBulk(ctx context.Context, st *sqlstore.Store) (*bulk, error) {
	conn, err := st.BulkDB().Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench library: %w", err)
	}
	b := &bulk{st: st, conn: conn, postgres: st.Dialect() == "postgres"}
	if b.postgres {
		// Only a superuser may turn triggers off; without it the load is
		// slower, not wrong.
		_, err := conn.ExecContext(ctx, `SET session_replication_role = replica`)
		b.replica = err == nil
	} else if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("bench library: %w", err)
	}
	return b, nil
}

func (b *bulk) close() {
	if b.dry {
		return
	}
	ctx := context.Background()
	if b.tx != nil {
		b.tx.Rollback()
	}
	// The connection goes back to the store's pool: it leaves as it came.
	if b.postgres {
		b.conn.ExecContext(ctx, `SET session_replication_role = DEFAULT`)
	} else {
		b.conn.ExecContext(ctx, `PRAGMA synchronous = FULL`)
	}
	b.conn.Close()
}

func (b *bulk) checkEmpty(ctx context.Context) error {
	if b.dry {
		return nil
	}
	for _, t := range []string{"media", "albums", "tags", "users", "groups", "fields"} {
		var n int
		if err := b.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return fmt.Errorf("bench library: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("bench library: the store's %s table is not empty", t)
		}
	}
	return nil
}

// begin opens a transaction for the next inserts (SQLite only: each COPY
// is one already).
func (b *bulk) begin(ctx context.Context) error {
	if b.postgres || b.dry {
		return nil
	}
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bench library: %w", err)
	}
	b.tx = tx
	return nil
}

func (b *bulk) commit(ctx context.Context) error {
	if b.tx == nil {
		return nil
	}
	err := b.tx.Commit()
	b.tx = nil
	if err != nil {
		return fmt.Errorf("bench library: %w", err)
	}
	return nil
}

// insert writes rows into table.
func (b *bulk) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 || b.dry {
		return nil
	}
	if b.postgres {
		err := b.conn.Raw(func(dc any) error {
			c := dc.(*stdlib.Conn).Conn()
			_, err := c.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
		if err != nil {
			return fmt.Errorf("bench library: copy into %s: %w", table, err)
		}
		return nil
	}
	own := b.tx == nil
	if own {
		if err := b.begin(ctx); err != nil {
			return err
		}
	}
	// SQLite takes at most 32,766 parameters a statement.
	per := max(1, 30000/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		var err error
		if len(part) == per {
			if full == nil {
				if full, err = b.tx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", per), ", ")); err != nil {
					return fmt.Errorf("bench library: insert into %s: %w", table, err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = b.tx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", len(part)), ", "), args...)
		}
		if err != nil {
			return fmt.Errorf("bench library: insert into %s: %w", table, err)
		}
	}
	if own {
		return b.commit(ctx)
	}
	return nil
}

// finish moves PostgreSQL's id sequences past the ids written, empties the
// search log, and refreshes the planner's statistics.
func (b *bulk) finish(ctx context.Context) error {
	if b.dry {
		return nil
	}
	if b.postgres {
		for _, t := range []string{"media", "albums", "tags", "users", "groups", "fields", "album_grants"} {
			q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))`, t, t)
			if _, err := b.conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("bench library: sequence of %s: %w", t, err)
			}
		}
	}
	if _, err := b.conn.ExecContext(ctx, `DELETE FROM search_log`); err != nil {
		return fmt.Errorf("bench library: %w", err)
	}
	q := `ANALYZE`
	if _, err := b.conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("bench library: %w", err)
	}
	return nil
}
