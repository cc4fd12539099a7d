"""Made-up people: names, Philomena profiles, associates and the places a child goes.

Phone numbers come from Ofcom's range reserved for drama (07700 900000-900999), so none can
reach a real person; street names are generic and house numbers invented.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from .tables import choose

GIRLS = ("Jade", "Chloe", "Amelia", "Olivia", "Aisha", "Maryam", "Zara", "Leah", "Ellie", "Mia",
         "Hannah", "Kayla", "Shannon", "Courtney", "Nadia", "Amira", "Lily", "Grace", "Sophie",
         "Demi", "Tia", "Holly", "Keira", "Imogen", "Precious", "Esther", "Hafsa", "Bethany",
         "Jasmine", "Paige", "Niamh", "Roxanne", "Skye", "Maisie", "Ruby", "Layla")
BOYS = ("Kyle", "Liam", "Tyler", "Jordan", "Callum", "Mohammed", "Ibrahim", "Bilal", "Harvey",
        "Connor", "Reece", "Jayden", "Mason", "Kai", "Dylan", "Ethan", "Josh", "Aaron", "Declan",
        "Kofi", "Tobi", "Adam", "Hamza", "Zain", "Lewis", "Brandon", "Owen", "Ryan", "Kacper",
        "Jakub", "Alfie", "Charlie", "Nathan", "Marcus", "Ashton", "Levi")
SURNAMES = ("Smith", "Hussain", "Khan", "Walker", "Ali", "Taylor", "Brown", "Wilson", "Ahmed",
            "Wood", "Jones", "Thompson", "Robinson", "Clarke", "Wright", "Patel", "Mahmood",
            "Akhtar", "Green", "Hall", "Shaw", "Holmes", "Mitchell", "Kaur", "Singh", "Nowak",
            "Kowalski", "Okafor", "Mensah", "Campbell", "Lee", "Hirst", "Sutcliffe", "Haigh",
            "Barker", "Hobson", "Firth", "Oldroyd", "Pearson", "Lister", "Gallagher", "Murphy")
STREETS = ("Church Lane", "Station Road", "Victoria Road", "Park Avenue", "Mill Street",
           "Manor Road", "Back Lane", "Moor View", "Queens Road", "Chapel Street", "Albert Terrace",
           "Beech Grove", "Cross Street", "Green Lane", "Westfield Road", "Hollin Crescent",
           "Oak Road", "Springfield Place", "Ash Grove", "Kirkgate", "Northgate", "Bank Street")
ETHNICITY = {"White British": 0.62, "White Other": 0.05, "Asian British - Pakistani": 0.10,
             "Asian British - Indian": 0.03, "Asian British - Bangladeshi": 0.02,
             "Black British - Caribbean": 0.03, "Black British - African": 0.04,
             "Mixed - White and Black Caribbean": 0.05, "Mixed - White and Asian": 0.02,
             "Gypsy or Irish Traveller": 0.01, "Other ethnic group": 0.03}
PLACEMENTS = {"childrens_home": 0.38, "foster_care": 0.22, "family_home": 0.28,
              "kinship_care": 0.05, "semi_independent": 0.05, "other": 0.02}
VULNERABILITIES = ("self-harm history", "substance misuse", "ADHD", "autism spectrum condition",
                   "learning disability", "low mood", "alcohol misuse", "going missing overnight",
                   "online contact with unknown adults", "pregnancy", "eating disorder")
EXPLOITATION = ("goes missing with other children", "older associates", "unexplained money",
                "unexplained new phone", "found far from home", "found at addresses linked to "
                "other missing children", "travels by train or coach alone",
                "gifts from unknown adults", "known to county lines network")
MEDICAL = ("Asthma: carries a blue inhaler.", "Type 1 diabetes: needs insulin twice a day.",
           "Epilepsy: daily medication.", "Takes methylphenidate for ADHD.", "No known needs.",
           "Severe nut allergy: carries an adrenaline pen.", "No known needs.")
# Median height in cm by age, from the UK-WHO growth charts (RCPCH), rounded; one standard
# deviation is about 6 cm at these ages. A made-up child is drawn within two of the median.
MEDIAN_HEIGHT_CM = {
    "male": {8: 128, 9: 133, 10: 138, 11: 143, 12: 149, 13: 156, 14: 163, 15: 169, 16: 173,
             17: 175},
    "female": {8: 127, 9: 133, 10: 138, 11: 144, 12: 151, 13: 156, 14: 159, 15: 161, 16: 162,
               17: 163},
}
HEIGHT_SD_CM = 6
# The build goes with the height drawn: "tall and slim" only for the tall, "small for age"
# only for the short.
BUILD = {"short": ("small for age", "slim", "medium"), "middle": ("slim", "medium", "stocky"),
         "tall": ("tall and slim", "medium", "stocky")}
HAIR = ("short brown", "long dark brown", "black, braided", "blonde, shoulder length",
        "ginger, curly", "dark, shaved at sides", "black, short", "dyed red")
EYES = ("brown", "blue", "green", "hazel", "grey")
FEATURES = ("scar on left eyebrow", "pierced nose", "freckles", "tattoo on right wrist",
            "glasses", "braces on teeth", "mole on cheek", None, None, None)
CLOTHES = ("black North Face jacket, grey joggers, white trainers", "school uniform, navy coat",
           "red hoodie, black jeans", "white puffer jacket, black leggings", "green parka, "
           "blue jeans, black boots", "black tracksuit, bum bag", "pink hoodie, denim skirt")
TRANSPORT = ("buses into the city centre", "trains between towns", "taxis paid by others",
             "bicycle", "lifts from older friends", "walks")
PLATFORMS = ("Snapchat", "Instagram", "TikTok", "WhatsApp", "Facebook")
RELATIONS = (("friend", 0.35), ("boyfriend/girlfriend", 0.15), ("older associate", 0.15),
             ("relative", 0.2), ("former carer", 0.05), ("school friend", 0.1))
PLACE_FREQUENTS = {"friend_address": 0.22, "relative_address": 0.14, "street_park": 0.18,
                   "shop_leisure": 0.14, "school": 0.08, "transport_hub": 0.08,
                   "associate_address": 0.06, "entertainment": 0.05, "previous_placement": 0.05}
PLACE_NAMES = {"friend_address": "Friend's house", "relative_address": "Relative's house",
               "street_park": "Park", "shop_leisure": "Shopping centre", "school": "School",
               "transport_hub": "Bus station", "associate_address": "Associate's flat",
               "entertainment": "Cinema", "previous_placement": "Previous placement",
               "home": "Home", "police_office": "Police station", "other": "Other place"}
PLACE_SOURCE_SHARES = {"philomena": 0.5, "return_home_interview": 0.25, "intelligence": 0.15,
                       "sighting": 0.10}


def phone(rng: random.Random) -> str:
    return f"07700 900{rng.randrange(1000):03d}"


# Ofcom keeps only 1,000 mobile numbers for drama (07700 900000-900999). Handed out at random
# to every associate of a national force's 80,000, they made tens of thousands of children
# "share an associate's phone" by chance, and the network view drew noise. So only the older
# associates carry a number: a pool per team, each known to a handful of the team's children
# (about CHILDREN_PER_OLDER_ASSOCIATE: the exploitation pattern the network is there to show),
# numbered apart from other teams'.
CHILDREN_PER_OLDER_ASSOCIATE = 20  # children of the team per older associate in its pool


def older_associate_pool(children: int, teams: int) -> int:
    """How many older associates each team's pool holds: enough that each is known to a
    handful of children, few enough that every team's numbers stay distinct."""
    return max(1, min(1000 // max(teams, 1), round(children / max(teams, 1)
                                                   / CHILDREN_PER_OLDER_ASSOCIATE)))


def older_associate(rng: random.Random, team_id: int, town: str,
                    pool: int) -> tuple[str, int, str, str]:
    """(name, age, phone, address) of one of the team's `pool` older associates, picked by
    rng; the same team and pick always give the same person."""
    pick = rng.randrange(pool)
    person = random.Random(f"older associate {team_id} {pick}")
    first, last = name(person, person.choice(("female", "male")))
    number = (team_id * pool + pick) % 1000
    return (f"{first} {last}", person.randint(18, 30), f"07700 900{number:03d}",
            address(person, town))


def address(rng: random.Random, town: str) -> str:
    return f"{rng.randrange(1, 180)} {rng.choice(STREETS)}, {town}"


def name(rng: random.Random, sex: str) -> tuple[str, str]:
    first = rng.choice(GIRLS if sex == "female" else BOYS)
    return first, rng.choice(SURNAMES)


def child_age(rng: random.Random) -> int:
    """93% of missing children are 12 to 17 (shared/domain.md); the rest 8 to 11."""
    if rng.random() < 0.93:
        return rng.choices(range(12, 18), weights=(6, 10, 16, 22, 24, 22))[0]
    return rng.randint(8, 11)


def height_and_build(rng: random.Random, *, age: int, sex: str) -> tuple[int, str]:
    """A height plausible for the age and sex (within two standard deviations of the UK
    median) and a build that goes with it."""
    median = MEDIAN_HEIGHT_CM["female" if sex == "female" else "male"][min(max(age, 8), 17)]
    spread = max(-2.0, min(2.0, rng.gauss(0, 1)))
    height = round(median + spread * HEIGHT_SD_CM)
    band = "short" if spread < -1 else "tall" if spread > 1 else "middle"
    return height, rng.choice(BUILD[band])


def profile(rng: random.Random, *, now: datetime, sex: str, town: str, placement: str,
            home: tuple[float, float], la: str, weight: float) -> dict:
    """A complete Philomena Part 1 profile as column values."""
    age = child_age(rng)
    dob = now.date() - timedelta(days=int(age * 365.25) + rng.randrange(365))
    first, last = name(rng, sex)
    height, build = height_and_build(rng, age=age, sex=sex)
    vulns = rng.sample(VULNERABILITIES, rng.randint(1, 3))
    exploit = rng.sample(EXPLOITATION, min(len(EXPLOITATION), int(weight > 2) + rng.randint(0, 2)))
    feature = rng.choice(FEATURES)
    hair, eyes = rng.choice(HAIR), rng.choice(EYES)
    # Plain strings, as the API takes them (api/schemas_children.py) and the phone shows them.
    phones = [f"{phone(rng)} (mobile)"]
    if rng.random() < 0.3:
        phones.append(f"{phone(rng)} (second phone, recently seen)")
    social = [f"{p}: {first.lower()}{rng.randrange(100, 999)}"
              for p in rng.sample(PLATFORMS, rng.randint(1, 3))]
    placement_address = address(rng, town)
    addresses = [{"label": "placement", "address": placement_address}]
    if placement != "family_home":
        addresses.append({"label": "family (mother)", "address": address(rng, town)})
    return {
        "first_name": first, "last_name": last,
        "known_as": f"{first[:3]}" if rng.random() < 0.2 else None,
        "date_of_birth": dob, "sex": sex, "ethnicity": choose(rng, ETHNICITY),
        "height_cm": height, "build": build, "hair": hair, "eyes": eyes,
        "distinguishing_features": feature,
        "description": f"{build.capitalize()}{'' if build == 'small for age' else ' build'}, "
                       f"{height} cm, {hair} hair, {eyes} eyes"
                       + (f", {feature}" if feature else "") + ".",
        "placement_type": placement, "placement_address": placement_address,
        "placement_location": home,
        "placement_since": now.date() - timedelta(days=rng.randrange(30, 1500)),
        "responsible_local_authority": la,
        "vulnerabilities": json.dumps(vulns), "exploitation_indicators": json.dumps(exploit),
        "medical_needs": rng.choice(MEDICAL), "phones": json.dumps(phones),
        "social_media": json.dumps(social), "addresses": json.dumps(addresses),
        "transport_used": ", ".join(rng.sample(TRANSPORT, 2)),
        "missing_history": None,
    }

