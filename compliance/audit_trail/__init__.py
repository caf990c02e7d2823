"""The audit log in the product, for admins: a candidate's timeline and the organisation's
log with filters and a CSV export.

    selectors  which events: about a candidate (every row of theirs), or filtered
    display    what people read: labels for action codes, actors by role and name
    services   the export, itself recorded in the log
    views      the pages and the CSV (admins only)

Events hold ids, never names; names are looked up here, at reading time, and only for
members of the same organisation.
"""
