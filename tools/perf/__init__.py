"""Performance: the benchmark against a baseline (`make bench`, docs/benchmarks.md) and the
load test (`make load`, docs/reliability.md)."""
