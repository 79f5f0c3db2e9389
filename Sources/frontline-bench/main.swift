// The search benchmark; see BENCHMARKS.md.
print("frontline-bench: no benchmark yet")
