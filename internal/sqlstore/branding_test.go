package sqlstore

import (
	"context"
	"errors"
	"testing"

	"imagier/internal/gallery"
)

func TestBranding(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			b, err := s.Branding(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if b.Name() != gallery.DefaultSiteName || b.Accent != "" || len(b.Pages) != 0 || b.Logo.Digest != "" {
				t.Fatalf("a new library's branding: %+v", b)
			}
			legal := gallery.PageKey("legal", "fr")
			for k, v := range map[string]string{"site_name": "Mairie d’Écully", "accent": "#1a3a8c", legal: "Éditeur\u00a0: la mairie.\n\nHébergeur."} {
				if err := s.SetBranding(ctx, k, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.SetBranding(ctx, "accent", "#0b57d0"); err != nil {
				t.Fatal(err)
			}
			b, err = s.Branding(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if b.Name() != "Mairie d’Écully" || b.Accent != "#0b57d0" || b.Pages[legal] != "Éditeur\u00a0: la mairie.\n\nHébergeur." {
				t.Errorf("read back: %+v", b)
			}
			// An empty text is removed: the default shows again.
			if err := s.SetBranding(ctx, "site_name", ""); err != nil {
				t.Fatal(err)
			}
			if b, _ = s.Branding(ctx); b.SiteName != "" || b.Name() != gallery.DefaultSiteName {
				t.Errorf("emptied name: %q", b.SiteName)
			}

			if _, _, err := s.LogoData(ctx); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("no logo yet: got %v", err)
			}
			data := []byte("\x00\x01\x02\xff binary, not text")
			for _, l := range []gallery.Logo{{Type: "image/png", Digest: "aaaa", Width: 10, Height: 20}, {Type: "image/webp", Digest: "bbbb", Width: 30, Height: 40}} {
				if err := s.SetLogo(ctx, l, data); err != nil {
					t.Fatal(err)
				}
				got, bytes, err := s.LogoData(ctx)
				if err != nil || got != l || string(bytes) != string(data) {
					t.Errorf("logo read back: %+v %q %v, want %+v", got, bytes, err, l)
				}
				if b, _ = s.Branding(ctx); b.Logo != l {
					t.Errorf("branding's logo: %+v, want %+v", b.Logo, l)
				}
			}
			if err := s.RemoveLogo(ctx); err != nil {
				t.Fatal(err)
			}
			if b, _ = s.Branding(ctx); b.Logo.Digest != "" {
				t.Errorf("removed logo still there: %+v", b.Logo)
			}
		})
	}
}
