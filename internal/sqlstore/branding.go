package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"imagier/internal/gallery"
)

// Branding returns the organisation's identity: its texts and what the
// logo is, without the logo's bytes.
func (s *Store) Branding(ctx context.Context) (gallery.Branding, error) {
	var b gallery.Branding
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT name, value FROM branding`)
	if err != nil {
		return b, fmt.Errorf("branding: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return b, fmt.Errorf("branding: %w", err)
		}
		b.Set(k, v)
	}
	if err := rows.Err(); err != nil {
		return b, fmt.Errorf("branding: %w", err)
	}
	err = s.conn(ctx).QueryRowContext(ctx, `SELECT content_type, digest, width, height FROM brand_logo WHERE id = 1`).
		Scan(&b.Logo.Type, &b.Logo.Digest, &b.Logo.Width, &b.Logo.Height)
	if err != nil && !errors.Is(err, errNoRows) {
		return b, fmt.Errorf("logo: %w", err)
	}
	return b, nil
}

// SetBranding sets a branding text; an empty value removes it, so that the
// default shows.
func (s *Store) SetBranding(ctx context.Context, name, value string) error {
	var err error
	if value == "" {
		_, err = s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM branding WHERE name = ?`), name)
	} else {
		_, err = s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO branding (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`), name, value)
	}
	if err != nil {
		return fmt.Errorf("branding %s: %w", name, err)
	}
	return nil
}

// SetLogo replaces the logo.
func (s *Store) SetLogo(ctx context.Context, l gallery.Logo, data []byte) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO brand_logo (id, content_type, digest, width, height, data) VALUES (1, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, digest = excluded.digest,
		width = excluded.width, height = excluded.height, data = excluded.data`), l.Type, l.Digest, l.Width, l.Height, data)
	if err != nil {
		return fmt.Errorf("logo: %w", err)
	}
	return nil
}

// RemoveLogo removes the logo.
func (s *Store) RemoveLogo(ctx context.Context) error {
	if _, err := s.conn(ctx).ExecContext(ctx, `DELETE FROM brand_logo`); err != nil {
		return fmt.Errorf("remove logo: %w", err)
	}
	return nil
}

// LogoData returns the logo with its bytes; ErrNotFound when there is none.
func (s *Store) LogoData(ctx context.Context) (gallery.Logo, []byte, error) {
	var l gallery.Logo
	var data []byte
	err := s.conn(ctx).QueryRowContext(ctx, `SELECT content_type, digest, width, height, data FROM brand_logo WHERE id = 1`).
		Scan(&l.Type, &l.Digest, &l.Width, &l.Height, &data)
	if errors.Is(err, errNoRows) {
		return l, nil, fmt.Errorf("no logo: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return l, nil, fmt.Errorf("logo: %w", err)
	}
	return l, data, nil
}
