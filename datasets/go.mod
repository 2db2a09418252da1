// Task sources are standalone programs, built one at a time by the runner;
// this file keeps them out of the perfcon module.
module github.com/perfcon/perfcon/datasets

go 1.26
