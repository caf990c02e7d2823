"""Candidates' rights: a one-time emailed link opens a rights session in which the
candidate downloads a copy of their data (GDPR Art. 15, 20), asks for erasure (Art. 17),
withdraws from AI assessment or objects (Art. 7(3), 21), reads an explanation of the
decision (EU AI Act Art. 86, GDPR Art. 15(1)(h)) and contests it (Art. 22(3)). Staff
answer in the request queue, each request due one month after receipt (Art. 12(3)).

Scope: the link names one invitation, and the session covers every invitation of that
organisation sent to the same address (a candidate who applied twice sees both
applications). Each request concerns one application."""
