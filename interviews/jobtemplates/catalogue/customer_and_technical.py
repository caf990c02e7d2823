"""Job templates: customer success, customer support, sales development, software engineering
and data analysis."""

from ..blueprint import Blueprint, BlueprintQuestion
from .competencies import (
    COMMUNICATION,
    CUSTOMER_FOCUS,
    PROBLEM_SOLVING,
    TEAMWORK,
    TECHNICAL_DEPTH,
    B,
    S,
    role_competency,
)

TEMPLATES: dict[str, Blueprint] = {
    "customer-success": Blueprint(
        title="Customer success manager",
        summary="Keeps customers successful after the sale: onboarding, renewals, escalations.",
        description="You own a portfolio of customers from onboarding to renewal.",
        competencies=(
            CUSTOMER_FOCUS,
            COMMUNICATION,
            role_competency(
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
            role_competency(
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
            role_competency(
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
            role_competency(
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
}
