"""The pieces of `benchmarks/scoring_eval.py`: rated sets (sets), statistics (stats), the
figures and targets (figures) and the printed report and run log (report)."""
