"""People's review of candidates: the shortlist, candidate pages, ratings, score overrides,
decisions, share links, the live interview and its brief.

Above scoring in the layers: it shows what the AI scored and records what people decide;
nothing below it imports it. Its records (ratings, overrides, decisions, share links, live
interviews) still live in the scoring and interviews apps' models and tables for now.
"""
