package main

import (
	"strconv"
	"strings"
)

// Row is one line of the nightly usage export.
type Row struct {
	Account string
	Region  string
	Calls   int64
	Bytes   int64
}

// RenderUsageCSV renders rows as CSV with a header line. Fields never
// contain commas or quotes, so no escaping is needed.
func RenderUsageCSV(rows []Row) string {
	const header = "account,region,calls,bytes\n"
	size := len(header)
	for _, r := range rows {
		// Two int64 fields take at most 20 digits each, plus separators.
		size += len(r.Account) + len(r.Region) + 44
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(header)
	var num [20]byte
	for _, r := range rows {
		b.WriteString(r.Account)
		b.WriteByte(',')
		b.WriteString(r.Region)
		b.WriteByte(',')
		b.Write(strconv.AppendInt(num[:0], r.Calls, 10))
		b.WriteByte(',')
		b.Write(strconv.AppendInt(num[:0], r.Bytes, 10))
		b.WriteByte('\n')
	}
	return b.String()
}
