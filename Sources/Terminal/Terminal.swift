// The Terminal module; see README.md's Architecture section.
