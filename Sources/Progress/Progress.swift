// The Progress module; see README.md's Architecture section.
