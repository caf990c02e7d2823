"""The first ten minutes: the demo organisation (`seed_demo`) and the dashboard's guided path."""
