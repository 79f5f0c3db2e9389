// The Training module; see README.md's Architecture section.
