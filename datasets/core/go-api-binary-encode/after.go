package main

import (
	"encoding/binary"
)

// Sample is one point of a metric series.
type Sample struct {
	SeriesID  uint32
	Timestamp int64
	Value     int64
	Flags     uint16
}

// wireSampleSize is the on-disk size of a sample inside a block: SeriesID
// (4), Timestamp (8), Value (8), Flags (2), Reserved (2), little endian,
// no padding.
const wireSampleSize = 24

const blockMagic uint32 = 0x54534231 // "TSB1"

// EncodeBlock serialises samples into a block: magic, sample count, then
// the samples in wire layout.
func EncodeBlock(samples []Sample) []byte {
	le := binary.LittleEndian
	buf := make([]byte, 0, 8+wireSampleSize*len(samples))
	buf = le.AppendUint32(buf, blockMagic)
	buf = le.AppendUint32(buf, uint32(len(samples)))
	for _, s := range samples {
		buf = le.AppendUint32(buf, s.SeriesID)
		buf = le.AppendUint64(buf, uint64(s.Timestamp))
		buf = le.AppendUint64(buf, uint64(s.Value))
		buf = le.AppendUint16(buf, s.Flags)
		buf = le.AppendUint16(buf, 0)
	}
	return buf
}
