"""What the assistant says beyond the domain's responses (`content/conversation.yml`), as
typed sections of Templates.

The actions, the booking form's checks (records/), the chat channel (addons/) and the page
(web/) say nothing typed in Python: each sentence is a field here, with the placeholders it may use. `{hospital}` and
`{appointment_line}` are filled in by `Site.say` (core/site.py) from this deployment's
settings; `{emergency}` and `{crisis_line}` are the numbers of content/site.yml; every other
placeholder is filled in by the action that says the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checking import Checker
from core.paths import CONVERSATION_FILE
from core.wording import Template, parse_wording, says

SITE = ("hospital", "appointment_line")  # filled in by Site.say
# Who an appointment request is for, as records/ stores it.
FOR_SELF = "self"
FOR_CHILD = "child"
FOR_SOMEONE_ELSE = "someone else"


@dataclass(frozen=True)
class ForWhom:
    """One wording for each answer to "who is the appointment for?"."""

    me: Template = says()
    child: Template = says()
    someone_else: Template = says()

    def of(self, booking_for: str | None) -> Template:
        """The wording for who it is for; "someone else" when that is not known yet."""
        return {FOR_SELF: self.me, FOR_CHILD: self.child}.get(str(booking_for), self.someone_else)


@dataclass(frozen=True)
class NamedForWhom(ForWhom):
    """The same, each with the {name} typed."""

    me: Template = says("name")
    child: Template = says("name")
    someone_else: Template = says("name")


@dataclass(frozen=True)
class WillAsk(ForWhom):
    unknown: Template = says()  # not said yet


@dataclass(frozen=True)
class Details:
    """A detail of the request, as a reply names it ("let's change the phone number")."""

    booking_for: Template = says()
    patient_name: ForWhom
    contact_name: Template = says()
    phone: Template = says()
    email: Template = says()
    preferred_time: Template = says()


@dataclass(frozen=True)
class Summary:
    title: Template = says()
    for_whom: Template = says("who")
    patient_name: NamedForWhom
    contact_name: Template = says("name")
    phone: Template = says("number")
    email: Template = says("email")
    no_email: Template = says()
    preferred_time: Template = says("time")
    question: Template = says(*SITE)


@dataclass(frozen=True)
class BookingButtons:
    send: Template = says()
    change: Template = says()
    cancel: Template = says()
    nothing_to_change: Template = says()
    answer_label: Template = says()
    answer_placeholder: Template = says()


@dataclass(frozen=True)
class Booking:
    start: Template = says(*SITE, "page_promise", "will_ask")
    will_ask: WillAsk
    summary: Summary
    who_labels: ForWhom
    details: Details
    detail_buttons: Details
    buttons: BookingButtons
    what_to_change: Template = says()
    which_detail: Template = says()
    changing: Template = says("detail")
    already_started: Template = says("problem")
    same_person: Template = says()
    yes_or_no: Template = says()
    send_change_or_cancel: Template = says()
    back_to_the_form: Template = says()
    cannot_help_here: Template = says()
    not_covered_here: Template = says("topic")
    no_consent: Template = says(*SITE)
    not_saved: Template = says(*SITE)
    page_promise: Template = says("promise")
    sent: Template = says(*SITE, "reference", "page_promise", needs=("reference",))
    cancelled: Template = says(*SITE)


@dataclass(frozen=True)
class Ago:
    just_now: Template = says()
    minute: Template = says("count")
    minutes: Template = says("count")
    hour: Template = says("count")
    hours: Template = says("count")
    day: Template = says("count")
    days: Template = says("count")


@dataclass(frozen=True)
class BookingStatus:
    ago: Ago
    when: Template = says("ago", "date", "clock", "zone")
    one_sent: Template = says("when", "reference", needs=("reference",))
    many_sent: Template = says("count", "listed", needs=("listed",))
    listed: Template = says("reference", "when", needs=("reference",))
    earlier_one_sent: Template = says("when", "reference", needs=("reference",))
    earlier_many_sent: Template = says("count", "listed", needs=("listed",))
    team_will_call: Template = says(*SITE, "sent")
    not_found: Template = says(*SITE)
    not_sent_yet: Template = says()
    cancel_after_sent: Template = says(*SITE, "reference", needs=("reference",))
    change_after_sent: Template = says(*SITE, "reference", needs=("reference",))
    cancel_outside_form: Template = says(*SITE)
    change_outside_form: Template = says(*SITE)
    offer: Template = says(*SITE)


@dataclass(frozen=True)
class Whose:
    patient: Template = says()
    contact: Template = says()


@dataclass(frozen=True)
class FormChecks:
    """Why a typed answer is asked for again (records/booking_fields.py, booking_people.py)."""

    who: Template = says()
    phone_too_short: Template = says()
    phone_too_long: Template = says()
    phone_not_a_number: Template = says()
    phone_country_code: Template = says("region")
    phone_just_one: Template = says()
    phone_wrong_length: Template = says()
    phone_not_in_use: Template = says()
    email_needs_at: Template = says()
    email_just_one: Template = says()
    email_nothing_before_at: Template = says()
    email_domain: Template = says()
    email_not_right: Template = says()
    time_too_long: Template = says()
    time_not_caught: Template = says()
    whose_name: Whose
    name_why: Whose
    name_letters: Template = says("whose")
    name_just_the_name: Template = says("whose")
    name_no_numbers: Template = says("whose")
    name_punctuation: Template = says()
    name_too_long: Template = says("whose")
    name_too_short: Template = says("whose")


@dataclass(frozen=True)
class People:
    person: Template = says(*SITE)
    phone: Template = says(*SITE)
    no_phone: Template = says(*SITE)


@dataclass(frozen=True)
class NotCovered:
    other_disease: Template = says("diseases")
    other_diseases: Template = says("diseases")
    lacking: Template = says("lacking")
    topic: Template = says("topic")
    any_topic: Template = says()
    doctor_can: Template = says(*SITE)
    english_only: Template = says(*SITE, "emergency_hint")
    not_caught: Template = says()


@dataclass(frozen=True)
class Fallback:
    not_sure: Template = says()
    did_you_mean: Template = says()
    still_no_match: Template = says()


@dataclass(frozen=True)
class Answers:
    """Around the page's answers: words of connection, never a fact (the page holds those)."""

    page_review: Template = says("review_policy", "reviewer", "reviewer_role", "date",
                                 needs=("reviewer", "date"))
    other_diseases_note: Template = says("diseases")
    which_topic: Template = says()
    doctor_can_tell_more: Template = says(*SITE)
    symptom_reminder: Template = says()
    symptoms_listed: Template = says("symptoms")
    symptoms_not_listed: Template = says("symptoms")
    spread_named: Template = says("places")
    spread_elsewhere: Template = says("place")
    spread_nowhere: Template = says("places")
    what_it_says: Template = says("said")
    not_mentioned: Template = says("names")
    not_a_treatment: Template = says("names")
    what_it_says_on_treatment: Template = says("said")
    half_answer_alone: Template = says("lacks", "offer")
    half_answer_with_page: Template = says("lacks")
    any_group: Template = says()


@dataclass(frozen=True)
class Safety:
    no_diagnosis: Template = says()
    symptoms_listed: Template = says("symptoms")
    others_not_listed: Template = says("symptoms")
    question_kept: Template = says()
    answer_anyway: Template = says()
    not_an_emergency: Template = says(*SITE)


@dataclass(frozen=True)
class Technical:
    """Said by the chat channel and the page, not by an action."""

    ask_for_a_question: Template = says()
    too_long: Template = says("length", "limit")
    apology: Template = says(*SITE, "emergency_hint", needs=("emergency_hint",))
    lost_track: Template = says(*SITE)
    unreachable: Template = says(*SITE)


@dataclass(frozen=True)
class Conversation:
    booking: Booking
    booking_status: BookingStatus
    form_checks: FormChecks
    people: People
    not_covered: NotCovered
    fallback: Fallback
    answers: Answers
    safety: Safety
    technical: Technical


def parse_conversation(raw: Any, numbers: dict[str, str], path: Path = CONVERSATION_FILE) -> Conversation:
    check = Checker(path)
    conversation = parse_wording(Conversation, check, raw, numbers)
    check.raise_if_any()
    return conversation
