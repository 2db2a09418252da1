package table

import (
	"runtime"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// zstdCodec compresses pages with zstd at the default level, as
// parquet.Zstd does, but keeps its encoders for the life of the process.
// parquet.Zstd keeps them in a sync.Pool, which every garbage collection
// empties; a stage that answers thousands of calls before writing its
// table collects many times, so each write made a new encoder, 19 MB
// of tables, and a table of 1,000 rows took three times as long to write
// as the same table written again at once (BenchmarkWriteAfterGC).
//
// A page is at most parquet's page buffer (256 KiB), so a window of that
// size loses nothing to the default window of 8 MiB, and an encoder needs
// a sixth of the memory (2.9 MB).
type zstdCodec struct {
	free chan *zstd.Encoder
}

var zstdPages = &zstdCodec{free: make(chan *zstd.Encoder, runtime.GOMAXPROCS(0))}

// pageWindow is the zstd window: parquet's page buffer, rounded up to a
// power of two.
const pageWindow = 256 << 10

func (c *zstdCodec) String() string { return "ZSTD" }

func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	var e *zstd.Encoder
	select {
	case e = <-c.free:
	default:
		var err error
		e, err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(pageWindow),
			zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
		if err != nil {
			return nil, err
		}
	}
	out := e.EncodeAll(src, dst[:0])
	select {
	case c.free <- e:
	default: // as many are kept as can run at once
	}
	return out, nil
}

func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) { return parquet.Zstd.Decode(dst, src) }
