"""minibench's milestone tests: one file per milestone concept, helpers imported relatively."""
