// The Search module; see README.md's Architecture section.
