package derive

/*
#include <stdlib.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// A Buffer holds a whole file in memory for Make to decode from. The
// importer reads each file once into it, hashes it there and stores it from
// there, so that libvips need not read the file a second time in small
// pieces. It is C memory because libvips keeps pointing into it after a
// call returns, which Go memory may not be.
//
// A Buffer is reused from one file to the next, growing to the largest; it
// is not safe for concurrent use, and its bytes must not be changed while a
// Make that reads them runs. The zero value is an empty buffer; Free gives
// its memory back.
type Buffer struct {
	p   unsafe.Pointer
	cap int
	n   int
}

// ErrChanged is returned by ReadFull when the reader gave more or fewer
// bytes than the size it was said to hold: a file being written meanwhile.
var ErrChanged = errors.New("the file changed while it was being read")

// ReadFull replaces b's contents with exactly size bytes from r.
func (b *Buffer) ReadFull(r io.Reader, size int64) error {
	b.n = 0
	if size < 0 || size > maxBuffer {
		return fmt.Errorf("derive: buffer of %d bytes: %w", size, ErrChanged)
	}
	n := int(size)
	if n > b.cap {
		// Grow by whole mebibytes, so that the photos of one camera,
		// which differ by a few bytes, do not each cost an allocation.
		c := (n + 1<<20 - 1) &^ (1<<20 - 1)
		C.free(b.p)
		b.p, b.cap, b.n = nil, 0, 0
		p := C.malloc(C.size_t(c))
		if p == nil {
			return fmt.Errorf("derive: cannot allocate %d bytes", n)
		}
		b.p, b.cap = p, c
	}
	if n > 0 {
		if _, err := io.ReadFull(r, unsafe.Slice((*byte)(b.p), n)); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return ErrChanged
			}
			return err
		}
	}
	var one [1]byte
	if m, err := r.Read(one[:]); m > 0 || err != nil && err != io.EOF {
		if err != nil {
			return err
		}
		return ErrChanged
	}
	b.n = n
	return nil
}

// Bytes returns the buffer's contents, valid until the next ReadFull or
// Free.
func (b *Buffer) Bytes() []byte {
	if b.n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(b.p), b.n)
}

// Len is the number of bytes held.
func (b *Buffer) Len() int { return b.n }

// Free gives the memory back; the buffer is then empty and reusable.
func (b *Buffer) Free() {
	C.free(b.p)
	*b = Buffer{}
}

// maxBuffer bounds one buffer: libvips takes the length as a size_t, but a
// file this large is better read from its path.
const maxBuffer = 1 << 31
