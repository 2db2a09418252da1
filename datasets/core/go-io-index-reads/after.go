package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// IndexEntry locates one record inside a segment's data file.
type IndexEntry struct {
	KeyHash uint64
	Offset  uint64
	Length  uint32
	Flags   uint32
}

const (
	indexMagic      = "SIDX"
	indexHeaderSize = 16 // magic, version u32, count u64
	indexEntrySize  = 24
)

var errBadIndex = errors.New("segment index: bad header")

// LoadIndex reads a segment index file: a 16-byte header followed by
// count fixed-size little-endian entries.
func LoadIndex(path string) ([]IndexEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)

	var hdr [indexHeaderSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	if string(hdr[:4]) != indexMagic || binary.LittleEndian.Uint32(hdr[4:8]) != 1 {
		return nil, errBadIndex
	}
	count := binary.LittleEndian.Uint64(hdr[8:16])

	entries := make([]IndexEntry, 0, count)
	var rec [indexEntrySize]byte
	for i := uint64(0); i < count; i++ {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			return nil, err
		}
		entries = append(entries, IndexEntry{
			KeyHash: binary.LittleEndian.Uint64(rec[0:8]),
			Offset:  binary.LittleEndian.Uint64(rec[8:16]),
			Length:  binary.LittleEndian.Uint32(rec[16:20]),
			Flags:   binary.LittleEndian.Uint32(rec[20:24]),
		})
	}
	return entries, nil
}
