"""Job templates: operations, nursing, retail store management, graduate programme and project
management."""

from ..blueprint import Blueprint, BlueprintQuestion
from .competencies import (
    ADAPTABILITY,
    CUSTOMER_FOCUS,
    LEADERSHIP,
    OWNERSHIP,
    TEAMWORK,
    B,
    S,
    role_competency,
)

TEMPLATES: dict[str, Blueprint] = {
    "operations": Blueprint(
        title="Operations coordinator",
        summary="Keeps the daily operation running and makes it run better.",
        description="You plan and coordinate the daily work and improve how it is done.",
        competencies=(
            role_competency(
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
            role_competency(
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
            role_competency(
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
            role_competency(
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
            role_competency(
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
            role_competency(
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
            role_competency(
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
