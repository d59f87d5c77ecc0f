package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/config"
	"imagier/internal/derive"
	"imagier/internal/media"
	"imagier/internal/meta"
	"imagier/internal/places"
	"imagier/internal/service"
	"imagier/internal/sqlstore"
)

// app is an opened library: the only place adapters are chosen.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	lock  *media.Lock
	store *sqlstore.Store
	blobs *fsblob.Store
	meta  *meta.Extractor
	lib   *media.Library
	svc   *service.Service
}

// libraryFlags registers the flags every library command takes.
func libraryFlags(name string, env Env) (*flag.FlagSet, *config.Config) {
	cfg := config.Default()
	fs := flag.NewFlagSet("imagier "+name, flag.ContinueOnError)
	cfg.Flags(fs, env.Getenv)
	return fs, &cfg
}

// open opens the library in cfg.DataDir; withMeta starts the metadata
// readers, which only importing needs.
func open(ctx context.Context, cfg config.Config, log *slog.Logger, withMeta bool) (*app, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := derive.Init(); err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log}
	var err error
	if a.lock, err = media.AcquireLock(cfg.DataDir); err != nil {
		return nil, err
	}
	if a.store, err = sqlstore.Open(ctx, cfg.Database, cfg.DataDir); err != nil {
		a.close()
		return nil, err
	}
	if a.blobs, err = fsblob.New(filepath.Join(cfg.DataDir, "files")); err != nil {
		a.close()
		return nil, err
	}
	if withMeta {
		a.meta, err = meta.NewExtractor(ctx, meta.Options{Procs: cfg.Workers, Timeout: cfg.FileTimeout, Logger: log})
		if err != nil {
			a.close()
			return nil, fmt.Errorf("metadata reader: %w", err)
		}
	}
	a.lib = media.New(a.store, a.blobs, a.meta, log, media.Options{
		Workers: cfg.Workers, MaxPixels: cfg.MaxPixels, FileTimeout: cfg.FileTimeout, MaxFileSize: cfg.MaxFileSize,
		Places: places.Embedded(),
	})
	return a, nil
}

// service builds the application's rules over the opened library, for the
// command's actor; serve passes the options its web side needs.
func (a *app) service(opt service.Options) (*service.Service, error) {
	sessions, err := auth.NewSessions(a.store, service.SessionTTL)
	if err != nil {
		return nil, err
	}
	a.svc, err = service.New(a.store, a.lib, sessions, a.log, opt)
	return a.svc, err
}

func (a *app) close() error {
	var errs []error
	if a.svc != nil {
		a.svc.Close()
	}
	if a.meta != nil {
		errs = append(errs, a.meta.Close())
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	if a.lock != nil {
		errs = append(errs, a.lock.Release())
	}
	return errors.Join(errs...)
}
