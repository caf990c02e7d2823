"""The library of job templates: common roles to start a job from.

Each holds 3-5 structured questions, behavioural ("Tell us about a time…") and situational
("What would you do if…"), asked the same way of every candidate, and a Team DNA Profile
whose competencies carry weights, examples of strong and weak answers and anchored levels.
Competencies named after a library theme (Communication, Customer focus, …) take that
theme's levels (interviews.levels); a role's own competencies describe theirs here.
Recruiters change anything once the job is made: the job holds its own copy.
"""

from ..blueprint import Blueprint
from . import customer_and_technical, operations_and_care

# In the order the library lists them.
TEMPLATES: dict[str, Blueprint] = {
    **customer_and_technical.TEMPLATES,
    **operations_and_care.TEMPLATES,
}


def template_get(key: str) -> Blueprint | None:
    return TEMPLATES.get(key)
