package main

import "strconv"

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
	out := "account,region,calls,bytes\n"
	for _, r := range rows {
		line := r.Account + "," + r.Region + "," +
			strconv.FormatInt(r.Calls, 10) + "," +
			strconv.FormatInt(r.Bytes, 10)
		out += line + "\n"
	}
	return out
}
