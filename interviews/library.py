"""A starter library of well-known structured interview questions, by competency theme.

Behavioural ("Tell me about a time…") and situational questions asked the same way of
every candidate are the best-supported interview format. Recruiters add them in a click
and edit freely; a library question is linked to the job profile's competency whose name
matches its theme.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryQuestion:
    id: str
    theme: str
    text: str
    answer_seconds: int = 120
    think_seconds: int = 30
    question_type: str = "behavioural"  # or "situational": what would you do if…


LIBRARY: tuple[LibraryQuestion, ...] = (
    LibraryQuestion(
        "com-1",
        "Communication",
        "Tell us about a time you had to explain something complex to someone without your background. How did you make sure they understood?",
    ),
    LibraryQuestion(
        "com-2",
        "Communication",
        "Describe a situation where you had to deliver unwelcome news to a customer or colleague. What did you say, and what happened next?",
    ),
    LibraryQuestion(
        "com-3",
        "Communication",
        "Tell us about a misunderstanding you caused or noticed at work. How did you find out, and what did you change afterwards?",
    ),
    LibraryQuestion(
        "pro-1",
        "Problem solving",
        "Walk us through a difficult problem you solved recently. How did you work out what was really going on, and which options did you weigh?",
    ),
    LibraryQuestion(
        "pro-2",
        "Problem solving",
        "Tell us about a time you had to make a decision without all the information you wanted. What did you do?",
    ),
    LibraryQuestion(
        "pro-3",
        "Problem solving",
        "Describe a mistake you made at work. How did you notice it, fix it, and stop it happening again?",
    ),
    LibraryQuestion(
        "tea-1",
        "Teamwork",
        "Tell us about a time you disagreed with a teammate about how to do something. How did you resolve it?",
    ),
    LibraryQuestion(
        "tea-2",
        "Teamwork",
        "Describe a project where you helped a colleague succeed. What exactly did you do?",
    ),
    LibraryQuestion(
        "tea-3",
        "Teamwork",
        "Tell us about a team that was not working well together. What was your part in improving it?",
    ),
    LibraryQuestion(
        "cus-1",
        "Customer focus",
        "Tell us about a time you went beyond what a customer asked for. Why did you do it, and what was the result?",
    ),
    LibraryQuestion(
        "cus-2",
        "Customer focus",
        "Describe your most difficult customer conversation. How did you handle it, and what did you learn?",
    ),
    LibraryQuestion(
        "cus-3",
        "Customer focus",
        "Tell us about feedback from a customer that changed how you work.",
    ),
    LibraryQuestion(
        "own-1",
        "Ownership",
        "Tell us about something you took responsibility for that was not strictly your job. What did you do, and how did it turn out?",
    ),
    LibraryQuestion(
        "own-2",
        "Ownership",
        "Describe a time you missed a deadline or a target. What happened, and what did you do about it?",
    ),
    LibraryQuestion(
        "own-3", "Ownership", "Tell us about a process you improved without being asked."
    ),
    LibraryQuestion(
        "ada-1",
        "Adaptability",
        "Tell us about a time your priorities changed suddenly. How did you adapt, and what did you drop?",
    ),
    LibraryQuestion(
        "ada-2",
        "Adaptability",
        "Describe something new you had to learn quickly for your work. How did you go about it?",
    ),
    LibraryQuestion(
        "lea-1",
        "Leadership",
        "Tell us about a time you led a group towards a goal without formal authority. How did you get people on board?",
    ),
    LibraryQuestion(
        "lea-2",
        "Leadership",
        "Describe a time you gave someone difficult feedback. How did you prepare, and how did they respond?",
    ),
    LibraryQuestion(
        "tec-1",
        "Technical depth",
        "Describe the piece of work you are most proud of technically. What made it hard, and which trade-offs did you make?",
    ),
    LibraryQuestion(
        "tec-2",
        "Technical depth",
        "Tell us about a time something you built failed in production or in use. How did you find the cause?",
    ),
)

THEMES: tuple[str, ...] = tuple(dict.fromkeys(question.theme for question in LIBRARY))
BY_ID = {question.id: question for question in LIBRARY}


def match_competency(theme: str, competencies) -> list[str]:
    """Keys of the competencies whose name shares a word with the theme."""
    theme_words = {word.lower() for word in theme.split()}
    return [
        str(competency.key)
        for competency in competencies
        if theme_words & {word.lower() for word in competency.name.split()}
    ]
