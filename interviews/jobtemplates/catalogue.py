"""The library of job templates: common roles to start a job from.

Each holds 3-5 structured questions, behavioural ("Tell us about a time…") and situational
("What would you do if…"), asked the same way of every candidate, and a Team DNA Profile
whose competencies carry weights, examples of strong and weak answers and anchored levels.
Competencies named after a library theme (Communication, Customer focus, …) take that
theme's levels (interviews.levels); a role's own competencies describe theirs here.
Recruiters change anything once the job is made: the job holds its own copy.
"""

from .blueprint import Blueprint, BlueprintCompetency, BlueprintQuestion, anchored

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


def _role(name, description, weight, strong, weak, subject, actions, result):
    return BlueprintCompetency(
        name, description, weight, (strong,), (weak,), anchored(subject, actions, result)
    )


TEMPLATES: dict[str, Blueprint] = {
    "customer-success": Blueprint(
        title="Customer success manager",
        summary="Keeps customers successful after the sale: onboarding, renewals, escalations.",
        description="You own a portfolio of customers from onboarding to renewal.",
        competencies=(
            CUSTOMER_FOCUS,
            COMMUNICATION,
            _role(
                "Relationship building",
                "Builds trust with customers over time and turns it into renewals.",
                4,
                "I set up monthly reviews with a customer who nearly left, acted on each "
                "request, and they renewed for three years.",
                "Customers like me.",
                "building a customer relationship",
                "built trust with a customer through their own actions over time",
                "a renewal, an expansion or a saved account",
            ),
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a customer who was close to leaving. What did you do, and "
                "what happened?",
                B,
                ("Customer focus", "Relationship building"),
            ),
            BlueprintQuestion(
                "Describe a time you had to explain a product change the customer did not "
                "want. How did you handle the conversation?",
                B,
                ("Communication",),
            ),
            BlueprintQuestion(
                "A key customer tells you on Friday that their launch on Monday depends on a "
                "feature that is broken. What would you do?",
                S,
                ("Customer focus", "Communication"),
            ),
        ),
    ),
    "customer-support": Blueprint(
        title="Customer support specialist",
        summary="Solves customers' problems by chat, email and phone, first time where possible.",
        description="You answer customers' questions and solve their problems.",
        competencies=(CUSTOMER_FOCUS, PROBLEM_SOLVING, COMMUNICATION),
        questions=(
            BlueprintQuestion(
                "Tell us about a time you helped a frustrated customer. What did you do, and "
                "how did it end?",
                B,
                ("Customer focus",),
            ),
            BlueprintQuestion(
                "Describe a problem a customer reported that you had never seen before. How "
                "did you find the cause?",
                B,
                ("Problem solving",),
            ),
            BlueprintQuestion(
                "Tell us about a time you explained something technical to a customer who "
                "had no technical background.",
                B,
                ("Communication",),
            ),
            BlueprintQuestion(
                "Twenty customers report the same fault within an hour and the queue is "
                "growing. What would you do first, and why?",
                S,
                ("Problem solving", "Customer focus"),
            ),
        ),
    ),
    "sales-development": Blueprint(
        title="Sales development representative",
        summary="Finds and qualifies new prospects and books first meetings for sales.",
        description="You open conversations with new prospects and qualify them for sales.",
        competencies=(
            _role(
                "Prospecting",
                "Finds the right prospects, researches them and opens conversations.",
                5,
                "I researched twenty logistics firms, wrote to each about a cost they had "
                "mentioned publicly, and booked six meetings.",
                "I sent the same email to everyone on the list.",
                "prospecting",
                "researched prospects and opened conversations themselves",
                "replies, meetings booked or pipeline created",
            ),
            _role(
                "Resilience",
                "Keeps going after rejection, learns from it and adjusts the approach.",
                3,
                "After ten refusals in a row I listened back to my calls, changed my opening "
                "question, and booked two meetings the next day.",
                "Rejection does not bother me.",
                "handling rejection or setbacks",
                "kept going after setbacks and changed their approach",
                "a better conversion or a goal reached",
            ),
            COMMUNICATION,
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a time you got a meeting with someone who did not know you. "
                "How did you get their attention?",
                B,
                ("Prospecting", "Communication"),
            ),
            BlueprintQuestion(
                "Describe a week when nothing worked. What did you change, and what happened?",
                B,
                ("Resilience",),
            ),
            BlueprintQuestion(
                "A prospect says on the call: we already have a supplier and are happy. What "
                "would you say and do next?",
                S,
                ("Communication", "Prospecting"),
            ),
        ),
    ),
    "software-engineering": Blueprint(
        title="Software engineer",
        summary="Designs, builds and runs software with a product team.",
        description="You build and run our product with a small cross-functional team.",
        competencies=(TECHNICAL_DEPTH, PROBLEM_SOLVING, TEAMWORK),
        questions=(
            BlueprintQuestion(
                "Describe the piece of work you are most proud of technically. What made it "
                "hard, and which trade-offs did you make?",
                B,
                ("Technical depth",),
            ),
            BlueprintQuestion(
                "Tell us about a time something you built failed in production. How did you "
                "find the cause, and what did you change?",
                B,
                ("Problem solving", "Technical depth"),
            ),
            BlueprintQuestion(
                "Tell us about a time you disagreed with a teammate about a technical "
                "decision. How did you resolve it?",
                B,
                ("Teamwork",),
            ),
            BlueprintQuestion(
                "A page that used to load in one second now takes ten, and nobody changed "
                "it. How would you find out why?",
                S,
                ("Problem solving",),
            ),
        ),
    ),
    "data-analysis": Blueprint(
        title="Data analyst",
        summary="Turns data into answers that change decisions.",
        description="You answer the business's questions with data and explain what it means.",
        competencies=(
            _role(
                "Analytical rigour",
                "Checks the data and the method before trusting a result.",
                5,
                "Before presenting the churn figure I found a duplicated import that doubled "
                "one month, fixed it, and the real rise was 2 percent, not 9.",
                "The dashboard said so.",
                "checking data or a method",
                "checked the data and the method behind a result themselves",
                "an error caught or a result that held up",
            ),
            COMMUNICATION,
            PROBLEM_SOLVING,
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about an analysis of yours that changed a decision. What did you "
                "find, and how did you convince people?",
                B,
                ("Communication", "Analytical rigour"),
            ),
            BlueprintQuestion(
                "Describe a time the data told you something surprising. How did you check "
                "it before you trusted it?",
                B,
                ("Analytical rigour",),
            ),
            BlueprintQuestion(
                "A manager asks why sales fell last month and needs an answer by tomorrow. "
                "What would you do?",
                S,
                ("Problem solving", "Analytical rigour"),
            ),
        ),
    ),
    "operations": Blueprint(
        title="Operations coordinator",
        summary="Keeps the daily operation running and makes it run better.",
        description="You plan and coordinate the daily work and improve how it is done.",
        competencies=(
            _role(
                "Planning and organisation",
                "Plans work, sets priorities and keeps many things on track at once.",
                5,
                "I mapped the week's deliveries against drivers' shifts, moved two routes, "
                "and we cut late deliveries from twelve to three.",
                "I am very organised.",
                "planning or organising work",
                "planned and prioritised work themselves",
                "deadlines met, time or cost saved",
            ),
            OWNERSHIP,
            ADAPTABILITY,
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a process you improved without being asked. What did you "
                "change, and what was the effect?",
                B,
                ("Ownership", "Planning and organisation"),
            ),
            BlueprintQuestion(
                "Describe a day when your plan fell apart. How did you re-plan, and what did "
                "you drop?",
                B,
                ("Adaptability",),
            ),
            BlueprintQuestion(
                "Two urgent requests arrive at once from two managers and you can only do "
                "one today. What would you do?",
                S,
                ("Planning and organisation",),
            ),
        ),
    ),
    "nursing": Blueprint(
        title="Registered nurse",
        summary="Plans and gives safe, compassionate care on a busy ward.",
        description="You care for patients on a busy adult ward, as part of a shift team.",
        competencies=(
            _role(
                "Patient safety",
                "Notices risks to patients early, acts on them and escalates when needed.",
                5,
                "I noticed a patient's breathing rate creeping up over two checks, escalated "
                "to the doctor with the scores, and he was treated for sepsis within the hour.",
                "I always follow the rules.",
                "keeping a patient safe",
                "noticed a risk to a patient and acted on it or escalated it",
                "harm prevented, a safe outcome for the patient",
            ),
            _role(
                "Compassionate care",
                "Treats patients and families with dignity, listens and explains.",
                4,
                "A frightened patient refused her medication, so I sat with her, explained "
                "each tablet, asked what worried her, and she agreed to take them.",
                "I am a caring person.",
                "caring for a patient or family",
                "listened to and cared for a patient or family in a difficult moment",
                "the patient's comfort, understanding or consent",
            ),
            TEAMWORK,
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a time you noticed a patient's condition getting worse. What "
                "did you do, and why?",
                B,
                ("Patient safety",),
            ),
            BlueprintQuestion(
                "Describe a time you supported a distressed patient or relative. What did "
                "you say and do?",
                B,
                ("Compassionate care",),
            ),
            BlueprintQuestion(
                "Tell us about a shift when the team was short-staffed. How did you work "
                "with colleagues to keep care safe?",
                B,
                ("Teamwork", "Patient safety"),
            ),
            BlueprintQuestion(
                "You are about to give a medication and notice the dose on the chart looks "
                "too high. What would you do?",
                S,
                ("Patient safety",),
            ),
        ),
    ),
    "retail-store-management": Blueprint(
        title="Retail store manager",
        summary="Runs a store: the team, the customers and the numbers.",
        description="You lead a store team of fifteen and own its results.",
        competencies=(
            LEADERSHIP,
            CUSTOMER_FOCUS,
            _role(
                "Commercial awareness",
                "Understands what drives the store's sales and costs and acts on it.",
                4,
                "I saw that our basket size was below other stores, trained the team to "
                "suggest one add-on at the till, and average sales rose 8 percent.",
                "I always hit my targets.",
                "the store's sales or costs",
                "acted on what drives sales or costs",
                "sales, margin, waste or costs",
            ),
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a time you turned around a team member's poor performance. "
                "What did you do?",
                B,
                ("Leadership",),
            ),
            BlueprintQuestion(
                "Describe a change you made that improved your store's results. How did you "
                "know it worked?",
                B,
                ("Commercial awareness",),
            ),
            BlueprintQuestion(
                "On a busy Saturday two staff call in sick and a customer complains loudly at "
                "the till. What would you do?",
                S,
                ("Leadership", "Customer focus"),
            ),
        ),
    ),
    "graduate-programme": Blueprint(
        title="Graduate programme",
        summary="Early-career entry to a rotational programme: potential over experience.",
        description="A two-year rotational programme for recent graduates.",
        competencies=(
            ADAPTABILITY,
            TEAMWORK,
            _role(
                "Drive",
                "Sets goals, takes initiative and sees them through.",
                4,
                "I started a tutoring scheme at university, recruited twelve volunteers and "
                "ran it for two years; pass rates in the course rose.",
                "I am very motivated.",
                "taking initiative",
                "took an initiative themselves and saw it through",
                "something that exists or changed because of them",
            ),
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about something you started yourself, at university, work or "
                "outside. What did you do, and what came of it?",
                B,
                ("Drive",),
            ),
            BlueprintQuestion(
                "Describe something new you had to learn quickly. How did you go about it?",
                B,
                ("Adaptability",),
            ),
            BlueprintQuestion(
                "Tell us about a group project that was not going well. What was your part "
                "in improving it?",
                B,
                ("Teamwork",),
            ),
            BlueprintQuestion(
                "In your first week you are given a task you do not understand and your "
                "manager is away. What would you do?",
                S,
                ("Adaptability", "Drive"),
            ),
        ),
    ),
    "project-management": Blueprint(
        title="Project manager",
        summary="Delivers projects on time with many stakeholders.",
        description="You plan and deliver projects across several teams.",
        competencies=(
            _role(
                "Stakeholder management",
                "Keeps sponsors, teams and users aligned, and manages their expectations.",
                4,
                "When finance and sales wanted opposite things, I brought both to one "
                "workshop, showed the trade-off in cost and time, and they agreed a plan.",
                "I keep everyone happy.",
                "managing stakeholders",
                "aligned people with different interests themselves",
                "an agreement, a decision or expectations met",
            ),
            _role(
                "Planning and delivery",
                "Plans realistically, tracks risks and delivers what was promised.",
                5,
                "I spotted that the supplier's test date left us no buffer, moved our "
                "testing earlier, and the system went live on the planned day.",
                "My projects are always on time.",
                "planning or delivering a project",
                "planned a project and managed its risks",
                "delivery on time and on budget, or a risk avoided",
            ),
            LEADERSHIP,
        ),
        questions=(
            BlueprintQuestion(
                "Tell us about a project that was at risk of missing its deadline. What did "
                "you do?",
                B,
                ("Planning and delivery",),
            ),
            BlueprintQuestion(
                "Describe a time two stakeholders wanted conflicting things. How did you "
                "reach a decision?",
                B,
                ("Stakeholder management",),
            ),
            BlueprintQuestion(
                "Tell us about a time you led a team you had no authority over. How did you "
                "get people on board?",
                B,
                ("Leadership",),
            ),
            BlueprintQuestion(
                "Halfway through a project the sponsor asks for a large new feature without "
                "moving the date. What would you do?",
                S,
                ("Stakeholder management", "Planning and delivery"),
            ),
        ),
    ),
}


def template_get(key: str) -> Blueprint | None:
    return TEMPLATES.get(key)
