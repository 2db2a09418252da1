package table

import (
	"os"
	"slices"
)

// Update writes rows to the table at path in place of the rows of the
// table there that replaced says they stand for, keeping every other
// row: a stage run for some models (or some tasks) replaces only their
// rows, so a study of four models that adds a fifth keeps the four. The
// kept rows come first, in the order they had. Where there is no table
// yet, the table is rows. It returns how many rows were kept.
func Update[T any](path string, rows []T, replaced func(T) bool) (int, error) {
	var kept []T
	if _, err := os.Stat(path); err == nil {
		old, err := ReadFile[T](path)
		if err != nil {
			return 0, err
		}
		kept = slices.DeleteFunc(old, replaced)
	}
	if err := WriteFile(path, append(kept, rows...)); err != nil {
		return 0, err
	}
	return len(kept), nil
}
