// Package sqlstore keeps Imagier's catalogue — media, albums, tags, users —
// in SQLite (the embedded default) or PostgreSQL, through one set of queries
// over database/sql. Schema changes are numbered migrations embedded in the
// binary and applied at Open.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "github.com/mattn/go-sqlite3"    // registers "sqlite3"
)

// Store is the catalogue. Its methods are safe for concurrent use, also by
// several processes sharing one database.
type Store struct {
	db *sql.DB
	d  dialect
	// stmts keeps the prepared statements of the queries every request
	// runs (see prepared), by query text.
	stmts sync.Map
}

// Open connects to database — a postgres:// URL, or empty for the SQLite
// file imagier.db in dataDir — and applies pending migrations.
func Open(ctx context.Context, database, dataDir string) (*Store, error) {
	var s *Store
	if database == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		db, err := sql.Open("sqlite3", sqliteDSN(filepath.Join(dataDir, "imagier.db")))
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		s = &Store{db: db, d: sqlite}
	} else {
		db, err := sql.Open("pgx", database)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		db.SetMaxOpenConns(16)
		s = &Store{db: db, d: postgres}
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open %s database: %w", s.d.name, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN sets what every connection needs: WAL so readers never wait for
// the writer; synchronous=FULL so a commit that returned survives a power
// cut; a busy timeout so several processes (server and importer) take turns;
// immediate transactions so two writers never deadlock on a lock upgrade.
func sqliteDSN(path string) string {
	v := url.Values{}
	v.Set("_journal_mode", "WAL")
	v.Set("_synchronous", "FULL")
	v.Set("_busy_timeout", "30000")
	v.Set("_foreign_keys", "on")
	v.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// Dialect names the database in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// BulkDB returns the store's database handle, for bulk loading only: the
// benchmark library generator (internal/benchlib) writes a million rows
// straight into the tables with multi-row INSERTs or COPY. The application
// reads and writes through the store's methods.
func (s *Store) BulkDB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// prepared returns a prepared statement for q (already rewritten for the
// dialect), preparing it on first use. Only for the few queries each
// request runs: SQLite spends longer compiling them than running them.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// queryRow runs a hot query through its prepared statement.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx.QueryRowContext(ctx, s.d.q(q), args...)
	}
	st, err := s.prepared(ctx, s.d.q(q))
	if err != nil {
		// The same query unprepared reports the error through the row.
		return s.conn(ctx).QueryRowContext(ctx, s.d.q(q), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// txKey carries, in a context, the transaction Atomic opened.
type txKey struct{}

// querier is what a query needs: the database, or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn returns the transaction Atomic opened for ctx, or the database.
func (s *Store) conn(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return s.db
}

// Atomic runs fn in one transaction: every method of the store that fn
// calls with the context it is given joins that transaction, and all of
// it commits when fn returns nil, or none of it. This is how a change and
// its audit entry are recorded together. Within fn, use only the given
// context for the store (another context would wait for the transaction's
// lock on SQLite), and do no slow work: the transaction holds the
// database's write lock. A nested Atomic joins the outer transaction.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// tx runs fn in a transaction, committing when it returns nil; inside
// Atomic, it runs in Atomic's transaction, which commits later.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(tx)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// isUniqueViolation tells a constraint failure from other errors, in both
// dialects, without importing driver types into the rest of the store.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

var errNoRows = sql.ErrNoRows

func notFound(err error) bool { return errors.Is(err, errNoRows) }

// Optimize refreshes the planner's statistics. After a bulk load they are
// stale, and PostgreSQL then picks plans hundreds of times slower until
// autovacuum comes by.
func (s *Store) Optimize(ctx context.Context) error {
	q := `ANALYZE`
	if s.d.name == "sqlite" {
		q = `PRAGMA optimize`
	}
	if _, err := s.conn(ctx).ExecContext(ctx, q); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}
