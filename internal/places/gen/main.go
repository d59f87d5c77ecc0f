// Command gen compacts the gazetteer that places/export.js writes (TSV, on
// standard input) into the file the imagier binary embeds:
//
//	node places/export.js | go run ./internal/places/gen -o internal/places/data/places.gz
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"imagier/internal/places"
)

func main() {
	out := flag.String("o", "", "the gazetteer file to write")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: node places/export.js | go run ./internal/places/gen -o FILE")
		os.Exit(2)
	}
	if err := run(os.Stdin, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out string) error {
	src, err := places.ReadTSV(in)
	if err != nil {
		return err
	}
	if len(src.Places) == 0 {
		return fmt.Errorf("no place on standard input")
	}
	var b bytes.Buffer
	if err := places.Encode(&b, src); err != nil {
		return err
	}
	// Checked as the server will read it, before it replaces the old one.
	g := places.FromBytes(b.Bytes())
	if err := g.Load(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".places-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d places, %d regions, %d bytes in %s\n", g.Len(), len(src.Regions), b.Len(), out)
	return nil
}
