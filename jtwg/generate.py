"""Synthetic, deterministic groups for scale tests: a regional network of JTWGs built through the demo loader."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from jtwg.db import transaction
from jtwg.models import Actor
from jtwg.store.records import Cursor

GENERATOR_ACTOR = Actor.system("generator")
GENERATED_CODE = re.compile(r"^G\d{2,}-[A-Z]{2}-[A-Z]{2}$")

# ECOWAS member states with the city that hosts their side of a group and their working language.
COUNTRIES = [
    ("BJ", "Cotonou", "fr"), ("BF", "Ouagadougou", "fr"), ("CV", "Praia", "en"), ("CI", "Abidjan", "fr"),
    ("GM", "Banjul", "en"), ("GH", "Accra", "en"), ("GN", "Conakry", "fr"), ("GW", "Bissau", "fr"),
    ("LR", "Monrovia", "en"), ("ML", "Bamako", "fr"), ("NE", "Niamey", "fr"), ("NG", "Abuja", "en"),
    ("SN", "Dakar", "fr"), ("SL", "Freetown", "en"), ("TG", "Lomé", "fr"),
]
SUBCOMMITTEES = [
    ("PV", "prevention", "Prevention and awareness", "Prévention et sensibilisation"),
    ("PR", "protection", "Protection and repatriation", "Protection et rapatriement"),
    ("IP", "prosecution", "Investigation and prosecution", "Enquêtes et poursuites"),
    ("PRM", "partnership", "Partnership and resource mobilisation", "Partenariat et mobilisation des ressources"),
]
FIRST_NAMES = ["Aïcha", "Amadou", "Kofi", "Fatou", "Ngozi", "Oumar", "Adjoa", "Ibrahima", "Esi", "Mariam",
               "Kwame", "Seydou", "Chiamaka", "Binta", "Yaw", "Awa", "Tunde", "Salif", "Efua", "Moussa"]
LAST_NAMES = ["Diallo", "Mensah", "Traoré", "Okonkwo", "Sow", "Boateng", "Keïta", "Adeyemi", "Camara",
              "Owusu", "Touré", "Nwosu", "Barry", "Asante", "Coulibaly", "Eze", "Ndiaye", "Agyeman"]

# Bilingual phrase parts for action points, activities and discussion; each is a real sentence in both languages.
ACTION_VERBS = [
    ("to share", "communique"), ("to finalise", "finalise"), ("to circulate", "fait circuler"),
    ("to validate", "valide"), ("to organise", "organise"), ("to prepare", "prépare"),
]
ACTION_OBJECTS = [
    ("the list of focal points with both parties", "la liste des points focaux aux deux parties"),
    ("the draft standard operating procedures", "le projet de procédures opérationnelles normalisées"),
    ("the joint referral form", "le formulaire conjoint de référencement"),
    ("the shelter capacity report", "le rapport sur les capacités d'accueil"),
    ("the training plan for border officials", "le plan de formation des agents frontaliers"),
    ("the data-sharing protocol", "le protocole de partage des données"),
    ("the awareness campaign materials", "le matériel de la campagne de sensibilisation"),
    ("the budget of the next work plan", "le budget du prochain plan de travail"),
]
ACTIVITY_TITLES = [
    ("Joint training of border officials", "Formation conjointe des agents frontaliers"),
    ("Awareness campaign in border communities", "Campagne de sensibilisation dans les communautés frontalières"),
    ("Mapping of shelters along the corridor", "Cartographie des centres d'accueil le long du corridor"),
    ("Joint investigation workshop", "Atelier d'enquête conjointe"),
    ("Exchange visit between agencies", "Visite d'échange entre les agences"),
    ("Review of referral procedures", "Révision des procédures de référencement"),
]
DISCUSSION = [
    ("The delegations exchanged on progress since the last meeting.", "Les délégations ont échangé sur les progrès accomplis depuis la dernière réunion."),
    ("Participants noted delays in the implementation of the work plan.", "Les participants ont noté des retards dans la mise en œuvre du plan de travail."),
    ("The secretariat presented the status of the action points.", "Le secrétariat a présenté l'état des points d'action."),
    ("Both parties underlined the need for regular information sharing.", "Les deux parties ont souligné la nécessité d'un partage régulier d'informations."),
]
ACTION_STATUSES = ["open"] * 4 + ["in_progress"] * 3 + ["done"] * 4 + ["cancelled"]
ACTIVITY_STATUSES = ["not_started", "in_progress", "in_progress", "completed", "delayed", "on_hold", "cancelled"]
COMMITMENT_STATUSES = ["not_started", "in_progress", "in_progress", "fulfilled", "partially_fulfilled"]


@dataclass(frozen=True)
class Plan:
    """How much to generate: `actions` action items in all, spread evenly over groups and meetings."""

    groups: int
    meetings_per_group: int
    actions: int
    seed: int = 1
    activities_per_group: int = 100
    provisions_per_group: int = 12
    start: date = date(2016, 1, 18)


def _b(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _spread(total: int, parts: int, index: int) -> int:
    """Part `index` of `total` split into `parts` nearly equal whole numbers."""
    return total // parts + (1 if index < total % parts else 0)


def group_data(plan: Plan, index: int, rng: random.Random, *, existing_acronyms: set[str]) -> dict[str, Any]:
    """One group's content in the demo files' shape (group, meetings, workplan, mou)."""
    (a_cc, a_city, a_lang), (b_cc, b_city, _) = rng.sample(COUNTRIES, 2)
    code = f"G{index + 1:02d}-{a_cc}-{b_cc}"
    tag = f"{index + 1:02d}"
    agency_a, agency_b, secretariat, donor = f"ATP-{a_cc}{tag}", f"ATP-{b_cc}{tag}", f"SEC{tag}", f"DON{tag}"
    organisations = [
        {"acronym": agency_a, "country": a_cc, "org_type": "government",
         "name": _b(f"National anti-trafficking agency of {a_cc} ({agency_a})", f"Agence nationale de lutte contre la traite du {a_cc} ({agency_a})")},
        {"acronym": agency_b, "country": b_cc, "org_type": "government",
         "name": _b(f"National anti-trafficking agency of {b_cc} ({agency_b})", f"Agence nationale de lutte contre la traite du {b_cc} ({agency_b})")},
        {"acronym": secretariat, "org_type": "multilateral", "name": _b(f"Secretariat {tag}", f"Secrétariat {tag}")},
        {"acronym": donor, "org_type": "donor", "name": _b(f"Donor {tag}", f"Bailleur {tag}")},
    ]
    organisations = [o for o in organisations if o["acronym"] not in existing_acronyms]
    owners = [agency_a, agency_b, secretariat]
    people, memberships = [], []
    for n, (org, delegation, role) in enumerate([
        (agency_a, a_cc, "co_chair"), (agency_b, b_cc, "co_chair"), (secretariat, "secretariat", "secretariat"),
        (agency_a, a_cc, "focal_point"), (agency_b, b_cc, "focal_point"),
    ]):
        ref = f"g{tag}-p{n + 1}"
        people.append({"ref": ref, "display_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                       "org": org, "publish_name": True, "position": _b("Officer", "Chargé de dossier")})
        memberships.append({"person": ref, "delegation": delegation, "role": role})
    established = plan.start + timedelta(days=index * 29)
    group = {
        "as_of": None,
        "organisations": organisations,
        "project": {"title": _b(f"Cooperation against trafficking {a_cc}–{b_cc}", f"Coopération contre la traite {a_cc}–{b_cc}"),
                    "donor": donor, "implementer": secretariat, "planned_start": established,
                    "planned_end": established + timedelta(days=365 * 6)},
        "group": {"code": code, "host_rotation": [b_city, a_city], "established_on": established,
                  "party_a": agency_a, "party_b": agency_b, "secretariat": secretariat,
                  "name": _b(f"{a_cc}–{b_cc} Joint Technical Working Group on Trafficking in Persons",
                             f"Groupe de travail technique conjoint {a_cc}–{b_cc} sur la traite des personnes")},
        "subcommittees": [{"code": c, "pillar": p, "name": _b(en, fr)} for c, p, en, fr in SUBCOMMITTEES],
        "people": people, "memberships": memberships, "protected_cases": [],
    }
    meetings = _meetings(plan, index, rng, established, owners, (b_city, a_city), (b_cc, a_cc), (agency_b, agency_a))
    return {"group": group, "meetings": {"external_events": [], "meetings": meetings},
            "workplan": _workplans(plan, tag, rng, established, owners),
            "mou": _mou(plan, tag, rng, established, owners)}


def _meetings(plan, index, rng, established, owners, cities, countries, hosts) -> list[dict]:
    total = _spread(plan.actions, plan.groups, index % plan.groups)
    meetings = []
    for m in range(plan.meetings_per_group):
        start = established + timedelta(days=m * 120)
        end = start + timedelta(days=1)
        per_meeting = _spread(total, plan.meetings_per_group, m)
        items = [{"label": "a", "kind": "opening", "confidentiality": "public",
                  "title": _b("Opening remarks", "Allocutions d'ouverture")}]
        per_item = 25
        for i in range(max(1, -(-per_meeting // per_item))):
            sub_code = SUBCOMMITTEES[i % len(SUBCOMMITTEES)][0]
            actions = []
            for k in range(_spread(per_meeting, max(1, -(-per_meeting // per_item)), i)):
                status = rng.choice(ACTION_STATUSES)
                verb, obj = rng.choice(ACTION_VERBS), rng.choice(ACTION_OBJECTS)
                owner = rng.choice(owners)
                due = end + timedelta(days=rng.randint(7, 240))
                action = {"code": f"G{index + 1:02d}-M{m + 1:02d}-{i + 1:02d}{k + 1:02d}", "owner": owner,
                          "subcommittee": sub_code, "due_date": due, "status": status,
                          "text": _b(f"{owner} {verb[0]} {obj[0]}.", f"{owner} {verb[1]} {obj[1]}.")}
                if status == "done":
                    action["done_on"] = min(due, end + timedelta(days=rng.randint(1, 200)))
                if status == "in_progress":
                    action["progress_pct"] = rng.choice([10, 25, 50, 75])
                actions.append(action)
            en, fr = rng.choice(DISCUSSION)
            items.append({"label": str(i + 1), "kind": "substantive",
                          "confidentiality": "public" if i % 3 == 0 else "restricted",
                          "title": _b(f"Report of the {SUBCOMMITTEES[i % 4][2]} sub-committee",
                                      f"Rapport du sous-comité {SUBCOMMITTEES[i % 4][3]}"),
                          "entries": [{"text": _b(en, fr)}],
                          "decisions": [{"type": "agreed", "mode": "consensus",
                                         "text": _b("The report was noted and its recommendations agreed.",
                                                    "Le rapport a été pris en note et ses recommandations approuvées.")}],
                          "actions": actions})
        meetings.append({"sequence_no": m + 1, "kind": "ordinary" if m else "inaugural", "start_date": start,
                         "end_date": end, "city": cities[m % 2], "host_country": countries[m % 2], "host": hosts[m % 2],
                         "status": "held", "venue": "Conference centre",
                         "minutes": [{"version_no": 1, "status": "adopted", "prepared_by": owners[2],
                                      "place_of_issue": cities[m % 2], "date_of_issue": end + timedelta(days=6)}],
                         "agenda": items})
    return meetings


def _workplans(plan, tag, rng, established, owners) -> dict:
    workplans = []
    for s, (code, _pillar, en, fr) in enumerate(SUBCOMMITTEES):
        activities = []
        for n in range(_spread(plan.activities_per_group, len(SUBCOMMITTEES), s)):
            start = established + timedelta(days=rng.randint(0, 365 * 5))
            status = rng.choice(ACTIVITY_STATUSES)
            title = rng.choice(ACTIVITY_TITLES)
            activity = {"code": f"G{tag}-{code}-{n + 1:03d}", "title": _b(title[0], title[1]),
                        "lead": rng.choice(owners[:2]), "partners": [owners[2]],
                        "planned_start": start, "planned_end": start + timedelta(days=rng.randint(30, 300)),
                        "status": status, "budget_amount": rng.randint(5, 80) * 1000, "currency": "EUR"}
            if status == "in_progress":
                activity["progress_pct"] = rng.choice([10, 30, 50, 70, 90])
            activities.append(activity)
        workplans.append({"subcommittee": code, "title": _b(f"{en} work plan", f"Plan de travail {fr}"),
                          "period_start": established, "period_end": established + timedelta(days=365 * 6),
                          "status": "validated", "activities": activities})
    return {"workplans": workplans}


def _mou(plan, tag, rng, established, owners) -> dict:
    provisions = []
    for p in range(plan.provisions_per_group):
        code, pillar, en, fr = SUBCOMMITTEES[p % len(SUBCOMMITTEES)]
        commitments = [{"code": f"G{tag}-C-{p + 1}.{c + 1}", "responsible": owners[:2],
                        "status": rng.choice(COMMITMENT_STATUSES),
                        "due_date": established + timedelta(days=rng.randint(180, 1500)),
                        "description": _b(f"Carry out the {en.lower()} measures agreed.",
                                          f"Mettre en œuvre les mesures convenues ({fr.lower()})."),
                        "activities": [f"G{tag}-{code}-{rng.randint(1, plan.activities_per_group // 4):03d}"]}
                       for c in range(rng.randint(2, 5))]
        provisions.append({"article": str(p + 3), "pillar": pillar, "subcommittee": code,
                           "heading": _b(en, fr),
                           "text": _b(f"The Parties shall cooperate on {en.lower()}.", f"Les Parties coopèrent en matière de {fr.lower()}."),
                           "commitments": commitments})
    return {"mou": {"title": _b("Memorandum of Understanding", "Protocole d'accord"), "signed_on": established,
                    "in_force_from": established, "duration_months": 60, "illustrative": True},
            "provisions": provisions}


def _bulk_actions(cur: Cursor, content: dict[str, Any]) -> list[tuple[str, int, str, list[dict]]]:
    """Take the action points out of the content (they are loaded in bulk after their agenda items)."""
    taken = []
    for meeting in content["meetings"]["meetings"]:
        for item in meeting["agenda"]:
            if item.get("actions"):
                taken.append((meeting["sequence_no"], item["label"], item.pop("actions")))
    return taken


def generate(cur: Cursor, *, plan: Plan, actor: Actor = GENERATOR_ACTOR, progress=None) -> list[str]:
    """Add `plan.groups` groups to the database, each in its own transaction; return their codes.

    Groups, meetings, work plans and MoU go through the demo loader (the store's create functions);
    action items, the bulk of the data, through the store's bulk creation under the same model rules.
    """
    from jtwg import demo
    from jtwg.models import ActionItemCreate
    from jtwg.store import actions, groups, meetings

    rng = random.Random(plan.seed)
    codes = []
    # A second run adds further groups rather than colliding with the first run's codes.
    first = sum(1 for g in groups.list_groups(cur) if GENERATED_CODE.match(g.code))
    for index in range(first, first + plan.groups):
        existing = {o.acronym for o in groups.list_organisations(cur)}
        content = group_data(plan, index, rng, existing_acronyms=existing)
        pending = _bulk_actions(cur, content)
        with transaction(cur):
            code = demo.load_content(cur, content, actor=actor)
            group_id = groups.get_group(cur, code=code).id
            items = []
            for seq, label, raw_actions in pending:
                meeting_id = meetings.meeting_id(cur, group_id=group_id, sequence_no=seq)
                item_id = next(i.id for i in meetings.list_agenda_items(cur, meeting_id=meeting_id) if i.label == label)
                for raw in raw_actions:
                    data = ActionItemCreate(**demo.rename(raw, owner="owner_acronym", subcommittee="subcommittee_code"),
                                            meeting_seq=seq)
                    items.append((data, item_id))
            actions.create_action_items(cur, group_id=group_id, items=items, actor=actor)
        codes.append(code)
        if progress:
            progress(index + 1, plan.groups)
    return codes
