package main

import (
	"bytes"
	"encoding/binary"
)

// Sample is one point of a metric series.
type Sample struct {
	SeriesID  uint32
	Timestamp int64
	Value     int64
	Flags     uint16
}

// wireSample is the on-disk layout of a sample inside a block: 24 bytes,
// little endian, no padding.
type wireSample struct {
	SeriesID  uint32
	Timestamp int64
	Value     int64
	Flags     uint16
	Reserved  uint16
}

const blockMagic uint32 = 0x54534231 // "TSB1"

// EncodeBlock serialises samples into a block: magic, sample count, then
// the samples in wire layout.
func EncodeBlock(samples []Sample) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, blockMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(samples)))
	for _, s := range samples {
		w := wireSample{
			SeriesID:  s.SeriesID,
			Timestamp: s.Timestamp,
			Value:     s.Value,
			Flags:     s.Flags,
		}
		binary.Write(&buf, binary.LittleEndian, w)
	}
	return buf.Bytes()
}
