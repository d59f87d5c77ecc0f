// Package blobtest is the conformance suite that every blob.Store adapter
// must pass; an adapter's own test calls Run with a fresh, empty store.
package blobtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sort"
	"strings"
	"testing"

	"imagier/internal/blob"
)

// Run checks s against the contract written on blob.Store. s must be empty.
func Run(t *testing.T, s blob.Store) {
	ctx := context.Background()
	t.Run("PutOpenStat", func(t *testing.T) {
		want := bytes.Repeat([]byte("imagier "), 10000)
		n, err := s.Put(ctx, "a/b/one.jpg", bytes.NewReader(want))
		if err != nil || n != int64(len(want)) {
			t.Fatalf("Put: got %d, %v; want %d, nil", n, err, len(want))
		}
		size, err := s.Stat(ctx, "a/b/one.jpg")
		if err != nil || size != int64(len(want)) {
			t.Fatalf("Stat: got %d, %v; want %d, nil", size, err, len(want))
		}
		r, err := s.Open(ctx, "a/b/one.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Open: read %d bytes, %v; want the %d bytes put", len(got), err, len(want))
		}
		if _, err := r.Seek(8, io.SeekStart); err != nil {
			t.Fatalf("Seek: %v", err)
		}
	})
	t.Run("PutCache", func(t *testing.T) {
		if _, err := s.PutCache(ctx, "cache/x.jpg", strings.NewReader("derived")); err != nil {
			t.Fatal(err)
		}
		r, err := s.Open(ctx, "cache/x.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if got, _ := io.ReadAll(r); string(got) != "derived" {
			t.Fatalf("got %q, want %q", got, "derived")
		}
		if _, err := s.PutCache(ctx, "../x", strings.NewReader("x")); err == nil {
			t.Fatal("PutCache with a bad key: got nil error")
		}
	})
	t.Run("Overwrite", func(t *testing.T) {
		for _, v := range []string{"first", "second"} {
			if _, err := s.Put(ctx, "over", strings.NewReader(v)); err != nil {
				t.Fatal(err)
			}
		}
		r, err := s.Open(ctx, "over")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if got, _ := io.ReadAll(r); string(got) != "second" {
			t.Fatalf("got %q, want %q", got, "second")
		}
	})
	t.Run("Missing", func(t *testing.T) {
		if _, err := s.Open(ctx, "no/such"); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Open: got %v, want ErrNotFound", err)
		}
		if _, err := s.Stat(ctx, "no/such"); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Stat: got %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, "no/such"); err != nil {
			t.Errorf("Delete: got %v, want nil", err)
		}
	})
	t.Run("BadKeys", func(t *testing.T) {
		for _, k := range []string{"", "/abs", "../up", "a/../../up", "a//b", ".hidden", "A/Upper", "sp ace", "a/"} {
			if _, err := s.Put(ctx, k, strings.NewReader("x")); err == nil {
				t.Errorf("Put(%q): got nil error, want a refusal", k)
			}
		}
	})
	t.Run("FailedPutLeavesNothing", func(t *testing.T) {
		_, err := s.Put(ctx, "failed", io.MultiReader(strings.NewReader("part"), errReader{}))
		if err == nil {
			t.Fatal("Put with a failing reader: got nil error")
		}
		if _, err := s.Stat(ctx, "failed"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after a failed Put: got %v, want ErrNotFound", err)
		}
	})
	t.Run("WalkDelete", func(t *testing.T) {
		for _, k := range []string{"w/x/1", "w/x/2", "w/y/3"} {
			if _, err := s.Put(ctx, k, strings.NewReader(k)); err != nil {
				t.Fatal(err)
			}
		}
		var keys []string
		err := s.Walk(ctx, "w", func(k string, size int64) error {
			if size != int64(len(k)) {
				t.Errorf("Walk %s: size %d, want %d", k, size, len(k))
			}
			keys = append(keys, k)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "w/x/1,w/x/2,w/y/3" {
			t.Fatalf("Walk: got %v", keys)
		}
		if err := s.Delete(ctx, "w/x/1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stat(ctx, "w/x/1"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after Delete: got %v, want ErrNotFound", err)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("reader broke") }
