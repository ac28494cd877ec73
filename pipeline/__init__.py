"""Pipeline assembly, options and the `storyline` command line."""
