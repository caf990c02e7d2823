"""Who is in the demo: its two jobs and their candidates, each at a stage of the process,
with what they say in their recordings. Invented people; every address is under
demo.palantrix.test, which receives no mail."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    name: str
    email: str
    stage: str
    # One script per question, in order; fewer scripts: the interview is unfinished.
    answers: tuple[str, ...] = ()
    # A voice per answer where it is not English (espeak-ng voice names).
    voices: dict[int, str] = field(default_factory=dict)
    ai_assessment: bool = True
    sex: str = "prefer_not"
    race_ethnicity: str = "prefer_not"


INVITED, IN_PROGRESS, SCORED = "invited", "in_progress", "scored"
NEEDS_REVIEW, HUMAN_ONLY, ADVANCED, REJECTED = "needs_review", "human_only", "advanced", "rejected"
STAGES = (INVITED, IN_PROGRESS, SCORED, NEEDS_REVIEW, HUMAN_ONLY, ADVANCED, REJECTED)

# The customer success job (three questions: a customer close to leaving, explaining an
# unwelcome change, a launch that depends on a broken feature).
CUSTOMER_SUCCESS = (
    Candidate("Noah Fischer", "noah.fischer@demo.palantrix.test", INVITED),
    Candidate(
        "Lena Okafor",
        "lena.okafor@demo.palantrix.test",
        IN_PROGRESS,
        answers=(
            "Last year a retail customer wanted to cancel because their stores could not "
            "print reports. I visited two stores, watched the staff try, and found the "
            "printer setting that broke it. I fixed it with their IT team that afternoon, "
            "and they renewed two months later.",
        ),
    ),
    Candidate(
        "Priya Raman",
        "priya.raman@demo.palantrix.test",
        SCORED,
        answers=(
            "Last spring our largest logistics customer told me they would not renew, because "
            "their weekly reports took three days to arrive. I set up a call with their "
            "operations lead the same week, and found that they exported everything by hand. "
            "I built them a scheduled export, trained two of their planners, and checked in "
            "every Friday for a month. They renewed for two years, and since then I ask every "
            "new customer how they use reports in their first month.",
            "When we removed the old billing screen, one customer was angry because his team "
            "had used it for years. I called him before the change, explained why we removed "
            "it, and showed him the new screen on his own data. I asked him to try one invoice "
            "while I watched, and wrote a one page guide for his team. He later told us the "
            "new screen saved his team an hour a week.",
            "First I would call the customer to understand exactly what their launch needs, "
            "because often only one part of a feature matters. Then I would bring the details "
            "to our engineers that same afternoon and agree what can be fixed before Monday. "
            "If the fix is not possible, I would offer a workaround and write down the plan, "
            "and I would check with them on Sunday evening that everything works.",
        ),
        sex="female",
        race_ethnicity="asian",
    ),
    Candidate(
        "Tom Becker",
        "tom.becker@demo.palantrix.test",
        SCORED,
        answers=(
            "We had a customer who was not happy and wanted to leave. I talked to them a few "
            "times and tried to help them with their problems. In the end they stayed with us, "
            "I think because they liked the service and we gave them a small discount.",
            "I have explained changes to customers many times. Usually I send an email and "
            "tell them about the new features, and most customers understand it after a while. "
            "Some customers do not like change, but that is normal.",
            "I would tell the customer that we are working on it and escalate the ticket to "
            "the engineering team. Then I would wait for an update and let the customer know "
            "when it is fixed.",
        ),
        sex="male",
        race_ethnicity="white",
    ),
    Candidate(
        "Jonas Weber",
        "jonas.weber@demo.palantrix.test",
        NEEDS_REVIEW,
        answers=(
            "A software customer of ours was ready to leave because their invoices were often "
            "wrong. I went through six months of their invoices myself, found that a tax rule "
            "was set up wrongly, and had it corrected. I then sent them a corrected statement "
            "and they stayed with us.",
            "Letztes Jahr wollte ein Kunde die neue Preisstruktur nicht akzeptieren. Ich habe "
            "ihn angerufen, ihm die Gründe in Ruhe erklärt und ihm einen Übergang von drei "
            "Monaten angeboten. Am Ende hat er den Vertrag verlängert und sich für das offene "
            "Gespräch bedankt.",
            "I would first find out which part of the feature their launch really depends on, "
            "then ask engineering for an honest estimate. I would tell the customer the truth "
            "on Friday, offer a workaround for Monday, and follow up after the launch.",
        ),
        voices={1: "de"},
        sex="male",
        race_ethnicity="white",
    ),
    Candidate(
        "Sofia Costa",
        "sofia.costa@demo.palantrix.test",
        HUMAN_ONLY,
        answers=(
            "A hotel group was close to leaving because bookings were lost between our system "
            "and theirs. I organised a call with both technical teams, we traced the lost "
            "bookings to a timeout, and I reported progress to the customer every day until it "
            "was fixed. They renewed and added three hotels.",
            "When we moved to a new mobile app, a customer refused to switch. I sat with their "
            "team leads for an hour, showed them how their daily tasks work in the new app, "
            "and agreed a month with both apps. They switched in three weeks.",
            "I would gather the facts about the broken feature, agree a plan with engineering "
            "for the weekend, and be honest with the customer about the risk. I would also "
            "prepare a manual workaround, so that their launch can go ahead either way.",
        ),
        ai_assessment=False,
        sex="female",
        race_ethnicity="hispanic_latino",
    ),
    Candidate(
        "Amara Nwosu",
        "amara.nwosu@demo.palantrix.test",
        ADVANCED,
        answers=(
            "In my last role a clinic chain wanted to leave us after a painful data migration. "
            "I asked for a meeting with their practice managers, listened to every complaint, "
            "and made a list of eleven problems with a date for each. I fixed the first three "
            "myself that week and reported on the rest every Monday. After two months they "
            "renewed, and I now run a check-in call after every migration because of it.",
            "When we raised our prices, a small customer felt betrayed. I called her before the "
            "email went out, explained the reasons honestly, and showed her which plan fitted "
            "how her team really used the product. She moved to a smaller plan and paid less "
            "than before. I learned to tell customers about changes myself, not by email.",
            "I would call the customer right away to learn what exactly the launch needs, and "
            "agree with our engineers what can be fixed by Sunday. I would give the customer "
            "an honest plan in writing on Friday, with a workaround in case the fix slips, "
            "and I would join their launch call on Monday morning to make sure it works.",
        ),
        sex="female",
        race_ethnicity="black",
    ),
    Candidate(
        "Mark Ellis",
        "mark.ellis@demo.palantrix.test",
        REJECTED,
        answers=(
            "I am very good with customers and I always put the customer first. Customer "
            "success is about making customers happy, and I am a people person, so customers "
            "usually like working with me.",
            "Communication is very important in customer success. I always communicate "
            "clearly and I make sure everybody is informed about everything that happens.",
            "I would escalate it to my manager, because that is the process. The manager "
            "knows best what to do in a situation like that.",
        ),
        sex="male",
        race_ethnicity="white",
    ),
)

# The software engineering job (four questions from its template).
SOFTWARE_ENGINEERING = (
    Candidate(
        "Wei Chen",
        "wei.chen@demo.palantrix.test",
        SCORED,
        answers=(
            "I rebuilt our search service when queries took four seconds. I measured where "
            "the time went, found that we loaded every product for each query, and moved the "
            "filtering into the database with two indexes. I chose indexes over a cache "
            "because prices change every minute. Queries dropped to two hundred milliseconds.",
            "A release of mine broke checkout for customers with saved cards. I rolled it back "
            "within ten minutes, then reproduced the bug with a test and found that I had "
            "changed a date format. I fixed it, added the test to our suite, and wrote a short "
            "note for the team on how we now check formats before a release.",
            "My teammate wanted to rewrite a service in a new language and I disagreed. I "
            "suggested we list what we needed, and we built a small prototype each in one day. "
            "We compared them on speed and on how easy they were to change, and chose to keep "
            "the old language with a better structure.",
            "First I would compare the slow page with a fast one and look at the logs and "
            "timings, because something must have changed even if nobody changed the page. I "
            "would check the database, the data size and recent releases of shared libraries, "
            "then test my best guess on a copy before I fix anything.",
        ),
        sex="male",
        race_ethnicity="asian",
    ),
    Candidate(
        "Grace Miller",
        "grace.miller@demo.palantrix.test",
        SCORED,
        answers=(
            "I worked on a web shop for a year and I am proud of it. It used a lot of modern "
            "technologies and the team worked well together. It was hard at times but we got "
            "it done in the end.",
            "Once something I worked on had a bug in production. We looked at it as a team and "
            "found the problem after a while, and then we fixed it and deployed again.",
            "I disagreed with a teammate about a library. We talked about it and in the end we "
            "used his choice, which was fine, because it is important to work as a team.",
            "I would look at the logs and see what is wrong, and maybe ask a colleague who "
            "knows the page better. Then I would fix the problem and test it.",
        ),
        sex="female",
        race_ethnicity="white",
    ),
)
