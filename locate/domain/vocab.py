"""The closed vocabularies of the domain, one tuple each, shared by models, schemas and UI."""

ROLES = ("constable", "sergeant", "inspector", "coordinator", "admin", "partner")
TEAM_ROLES = ("constable", "sergeant", "inspector")
FORCE_WIDE_ROLES = ("coordinator", "admin")

# College of Policing APP grades, lowest first. "absent" is deliberately not here: it was
# withdrawn for children in 2017 and must not come back as a way to manage demand.
RISK_GRADES = ("no_apparent_risk", "low", "medium", "high")
RISK_GRADE_LABELS = {
    "no_apparent_risk": "No apparent risk",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
}

EPISODE_STATUSES = ("open", "found", "closed")

PLACEMENT_TYPES = (
    "family_home",
    "kinship_care",
    "foster_care",
    "childrens_home",
    "semi_independent",
    "secure_unit",
    "other",
)

ORGANISATION_KINDS = ("childrens_home", "foster_agency", "local_authority", "family", "rhi_provider")

PLACE_KINDS = (
    "home",
    "friend_address",
    "relative_address",
    "associate_address",
    "school",
    "shop_leisure",
    "street_park",
    "transport_hub",
    "entertainment",
    "police_office",
    "previous_placement",
    "other",
)

PLACE_SOURCES = ("philomena", "return_home_interview", "found_at", "intelligence", "sighting")

# Where children were found, as in the Grampian study categories (shared/domain.md).
FOUND_PLACE_KINDS = (
    "home",
    "friend_address",
    "street_park",
    "relative_address",
    "shop_leisure",
    "police_office",
    "transport_hub",
    "entertainment",
    "other",
)

FOUND_BY = ("returned_self", "police_patrol", "address_check", "carer", "public", "other_agency")

SIGHTING_SOURCES = ("officer", "public", "cctv", "anpr", "carer", "social_media")
CONFIDENCE = ("low", "medium", "high")

TASK_KINDS = (
    "address_check",
    "area_search",
    "route_search",
    "speak_to_associate",
    "cctv",
    "hospital_check",
    "transport_hub_check",
    "other",
)
TASK_STATUSES = (
    "unassigned",
    "assigned",
    "accepted",
    "en_route",
    "on_scene",
    "completed",
    "cancelled",
)
TASK_PRIORITIES = ("urgent", "high", "normal", "low")

ESCALATION_DIRECTIONS = ("carer_to_police", "police_to_care_provider")
ESCALATION_STATUSES = ("open", "acknowledged", "resolved")

AUDIT_ACTIONS = ("view", "create", "update", "delete", "export", "login", "login_failed", "logout")


# One display name for every value of every vocabulary above, used by every page (the phone
# app, the map, the server-rendered pages): the value with its first letter capitalised and
# underscores as spaces, except where that would be wrong ("Cctv").
_DISPLAY_NAMES = {
    **RISK_GRADE_LABELS,
    "cctv": "CCTV",
    "anpr": "ANPR",
    "rhi_provider": "Return home interview provider",
    "childrens_home": "Children's home",
    "boyfriend_girlfriend": "Boyfriend or girlfriend",
}


def display_name(value: str) -> str:
    """The one name a vocabulary value is shown by."""
    return _DISPLAY_NAMES.get(value) or value.replace("_", " ").capitalize()


def display_pairs(values) -> list[list[str]]:
    """[[value, display name], ...] for a vocabulary, in its own order (for select boxes)."""
    return [[v, display_name(v)] for v in values]


# --- Escalations, found and return home interviews (issue 10, c5) -----------------------------
# Whether the child suffered harm while missing, recorded when found: what grading is judged by.
HARM_SUFFERED = ("yes", "no", "unknown")
# What a carer disagrees with (the West Yorkshire framework: declined to respond, graded wrong).
ESCALATION_SUBJECTS = ("risk_grade", "no_police_response", "review", "search", "other")
# Who holds an escalation now: the duty inspector, then (not decided in time) a senior officer.
ESCALATION_LEVELS = ("duty_inspector", "senior")
ESCALATION_OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
ESCALATION_STEPS = ("raised", "notified", "escalated", "decided")
# --- Carers keep the Philomena profile (issue 10) ---------------------------------------------
# "Risk assessed locations" some forces keep beside Part 1: addresses assessed for the risk
# they pose to the child (a known exploiter's flat, a trap house), marked for searchers.
PLACE_KINDS = PLACE_KINDS + ("risk_assessed_location",)

# The checkboxes of the profile edit page. Stored as these phrases (what the card shows); a
# profile may also hold others a force or an older record used, which the page keeps.
PROFILE_VULNERABILITIES = (
    "self-harm history", "suicidal thoughts", "low mood", "substance misuse",
    "alcohol misuse", "ADHD", "autism spectrum condition", "learning disability",
    "eating disorder", "pregnancy", "going missing overnight",
    "online contact with unknown adults",
)
PROFILE_EXPLOITATION_MARKERS = (
    "goes missing with other children", "older associates", "unexplained money",
    "unexplained new phone", "gifts from unknown adults", "found far from home",
    "found at addresses linked to other missing children",
    "travels by train or coach alone", "known to county lines network",
    "picked up in cars by unknown adults", "CSE concern", "CCE concern",
)
# Issue 10, grading: how an assessment came about. "report" is the grade given with the report,
# "assessment" a grading again, "confirmed" and "regraded" the two outcomes of a review.
ASSESSMENT_KINDS = ("report", "assessment", "confirmed", "regraded")
# --- why a record was opened (DPA 2018 s.62), asked only outside the viewer's own work -------
# (domain/justification.py). A viewer may also write a few words of their own instead.
ACCESS_REASONS = ("welfare_concern", "new_information", "supervision", "partnership",
                  "disclosure_request", "pattern_analysis")
ACCESS_REASON_LABELS = {
    "welfare_concern": "A concern for the child's welfare now",
    "new_information": "New information about the child came in",
    "supervision": "Supervisory review or quality check",
    "partnership": "Partnership referral or strategy meeting",
    "disclosure_request": "Complaint, escalation or disclosure request",
    "pattern_analysis": "Analysis of repeat episodes",
}
