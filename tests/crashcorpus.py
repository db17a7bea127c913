"""A made-up corpus for the store's crash tests: `EVENTS` events, each reported by `OUTLETS` outlets in short
articles worded differently, written as one JSON Lines file `newsweave ingest` reads. Names, places and numbers
are built from syllables by a seeded generator, so the corpus is the same on every machine and names no one."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

EVENTS = 20
OUTLETS = 10

SYLLABLES = ["bar", "dun", "kel", "mor", "vin", "tas", "lor", "fen", "gra", "hol", "pem", "rask", "sul", "tor",
             "wen", "zal", "crag", "ost", "bri", "nay"]

HAPPENINGS = [
    ("A fire broke out at the {org} warehouse in {place}", "firefighters", "hours to bring the blaze under control"),
    ("Floodwater cut off the {place} valley after the {org} dam overflowed", "residents", "homes were evacuated"),
    ("Dock workers at the {org} port in {place} walked out over pay", "workers", "ships waited offshore"),
    ("A power cut left {place} in the dark after a fault at the {org} substation", "households",
     "streets were without light"),
    ("A bridge on the {place} river road collapsed under a {org} lorry", "vehicles", "drivers were diverted"),
    ("A landslide above {place} buried the road to the {org} quarry", "villagers", "tonnes of rock fell"),
    ("A chemical leak at the {org} plant in {place} forced schools to close", "pupils", "litres of solvent escaped"),
    ("A {org} freight train derailed near {place}", "wagons", "metres of track were torn up"),
    ("Ballots in the {place} mayoral race were recounted at the {org} hall", "ballots", "votes separated the two"),
    ("The new {org} hospital in {place} opened its doors", "beds", "nurses were hired"),
    ("Tap water in {place} was declared unsafe after tests at the {org} works", "households",
     "samples failed the test"),
    ("A {org} coach overturned on the mountain road near {place}", "passengers", "were taken to hospital"),
    ("The {org} textile mill in {place} announced it would close", "jobs", "years of weaving ended"),
    ("Miners trapped at the {org} colliery near {place} were brought to the surface", "miners",
     "hours were spent underground"),
    ("The {place} harvest festival was called off after {org} withdrew its sponsorship", "tickets",
     "stalls were cancelled"),
    ("Flights at {place} airport were grounded after a {org} radar failure", "flights", "travellers were stranded"),
    ("Teachers in {place} walked out of {org} schools over class sizes", "teachers", "classes were cancelled"),
    ("A storm tore roofs off homes across {place} and felled {org} power lines", "homes", "trees came down"),
    ("Two wolves escaped from the {org} wildlife park in {place}", "visitors", "hectares were searched"),
    ("The ferry {org} ran aground near {place} with passengers on board", "passengers", "lifeboats were launched"),
]

OUTLET_NAMES = ["Northern Ledger", "Valley Courier", "Coastline Times", "Morning Dispatch", "Harbour Herald",
                "Upland Gazette", "Riverside Post", "Evening Wire", "County Chronicle", "Plains Observer"]

ROLES = ["mayor", "fire chief", "police spokesperson", "regional governor", "site manager"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def articles() -> list[dict[str, str]]:
    """`EVENTS * OUTLETS` article records (title, outlet, published, text), events on consecutive days."""
    records = []
    for e, (happening, counted, detail) in enumerate(HAPPENINGS[:EVENTS]):
        rng = random.Random(e)
        place, org = _name(rng, 2), _name(rng, 2)
        official = f"{_name(rng, 2)} {_name(rng, 3)}"
        role = rng.choice(ROLES)
        count, other = rng.randint(20, 900), rng.randint(3, 60)
        day = date(2031, 3, 2) + timedelta(days=2 * e)
        lead = happening.format(org=org, place=place)
        surname = official.split()[1]
        for o, outlet in enumerate(OUTLET_NAMES[:OUTLETS]):
            figure = count + (o % 3 == 2)  # some outlets report a later, slightly higher count
            sentences = [
                f"{lead} on {day:%A}, {role} {official} said.",
                f"{figure} {counted} were affected, and {other} {detail}.",
                f'"We will not rest until everyone in {place} is safe," {surname} told {outlet}.',
                f"{org} said it was working with the authorities in {place}.",
                f"Reporting for {outlet} from {place}, update {o + 1} of the day.",
            ]
            order = sentences[:1] + (sentences[1:4] if o % 2 else sentences[3:0:-1]) + sentences[4:]
            records.append({
                "title": f"{lead.split(' in ')[0]} ({outlet})" if o % 2 else f"{place}: {lead}",
                "outlet": outlet,
                "published": (day + timedelta(days=o % 2)).isoformat(),
                "text": " ".join(order),
            })
    return records


def write_corpus(folder: Path) -> Path:
    """The corpus as `folder/articles.jsonl`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in articles()), encoding="utf-8")
    return folder
