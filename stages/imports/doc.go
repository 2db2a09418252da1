// Package imports writes the commits table from rows of other studies
// (JSON Lines, CSV or Parquet files; perfcon commits import), or from a
// table perfcon wrote, as the miner's (package mining), keeping its
// columns.
package imports
