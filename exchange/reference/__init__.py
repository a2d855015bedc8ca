"""Reference data shipped with the repository: districts and GB/T 4754-2017 industries."""
