"""Job templates: the library of common roles, and templates organisations save for their team."""
