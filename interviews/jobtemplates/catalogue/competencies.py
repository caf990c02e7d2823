"""Competencies several roles share, and how a role's own competency is written."""

from ..blueprint import BlueprintCompetency, anchored

B, S = "behavioural", "situational"

CUSTOMER_FOCUS = BlueprintCompetency(
    "Customer focus",
    "Understands what the customer needs, acts on it and follows through until it is solved.",
    5,
    (
        "A customer's order was lost, so I called them the same day, found the parcel and "
        "delivered it myself, then checked a week later that all was well.",
    ),
    ("I told the customer to read the FAQ.",),
)
COMMUNICATION = BlueprintCompetency(
    "Communication",
    "Explains clearly to people of any background, listens, and checks they understood.",
    3,
    (
        "I rewrote our setup guide after watching three customers struggle with it, tested "
        "it with a new colleague, and support tickets about setup halved.",
    ),
    ("I am a good communicator.",),
)
PROBLEM_SOLVING = BlueprintCompetency(
    "Problem solving",
    "Finds the real cause of a problem, weighs options and chooses with reasons.",
    4,
    (
        "I compared the failing orders with the working ones, found they all used one "
        "discount code, and fixed the rule that broke them.",
    ),
    ("I just asked my manager what to do.",),
)
TEAMWORK = BlueprintCompetency(
    "Teamwork",
    "Works with colleagues towards a shared goal: shares work, helps, resolves disagreement.",
    3,
    (
        "When a colleague fell behind before a launch, I took two of her tasks, paired with "
        "her on the hardest one, and we shipped on the day.",
    ),
    ("Our team did well.",),
)
OWNERSHIP = BlueprintCompetency(
    "Ownership",
    "Takes responsibility beyond the job description, owns mistakes and fixes causes.",
    4,
    (
        "I noticed invoices were sent twice, owned the fix though it was not my area, and "
        "added a check so it cannot happen again.",
    ),
    ("That was not my job.",),
)
ADAPTABILITY = BlueprintCompetency(
    "Adaptability",
    "Re-plans when things change, learns what is needed quickly, and says what to drop.",
    3,
    (
        "When our biggest client moved the deadline forward a month, I re-planned the work "
        "with the team, dropped two nice-to-haves and delivered on the new date.",
    ),
    ("I am very flexible.",),
)
LEADERSHIP = BlueprintCompetency(
    "Leadership",
    "Sets direction, brings people along and gives honest feedback.",
    4,
    (
        "I led the store's stock-count project: I set the plan, gave each person an aisle, "
        "and when one count was off I coached the colleague on the method.",
    ),
    ("I am a natural leader.",),
)
TECHNICAL_DEPTH = BlueprintCompetency(
    "Technical depth",
    "Builds and diagnoses things well: understands trade-offs and explains their reasons.",
    5,
    (
        "I traced the slow page to a query without an index, measured it before and after, "
        "and chose an index over a cache because the data changes every minute.",
    ),
    ("I know Python, Java, Docker and Kubernetes.",),
)


def role_competency(name, description, weight, strong, weak, subject, actions, result):
    return BlueprintCompetency(
        name, description, weight, (strong,), (weak,), anchored(subject, actions, result)
    )
