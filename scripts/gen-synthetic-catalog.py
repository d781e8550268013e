#!/usr/bin/env python3
"""Write a synthetic scope catalog for performance measurements.

Usage: scripts/gen-synthetic-catalog.py --scopes 20000 --categories 200 -o /tmp/cat20k.json
       [--seed 1] [--account-sid-segment Advertisers]

The output has the shape of the token service's
GET {root}/APIAccessTokens/Scopes response (and of assets/catalog/*.json), so
`impact-token --catalog FILE` reads it:

    {"ApiVersions": [..], "Categories": [{"Name", "Scopes": [{"Id", "Name", "Method", "Path"}]}]}

The same arguments always give the same bytes (a seeded generator, no clock,
no hash ordering). Scopes are spread over the categories as evenly as
possible (the first `scopes % categories` categories get one more); every
category has at least one scope. Ids are unique across the whole catalog.
Names, methods and paths imitate impact.com's reference: list/get/create/
update/delete operations on resources, mostly GET, with POST, PUT and DELETE
mixed in, and PATCH now and then.
"""
import argparse
import json
import random
import sys

NOUNS = [
    "Action", "Ad", "Asset", "Campaign", "Catalog", "Click", "Contract",
    "Coupon", "Deal", "Document", "Exception", "Invoice", "Job", "Lead",
    "Media Partner", "Note", "Payout", "Phone Number", "Product", "Promo Code",
    "Report", "Reversal", "Segment", "Task", "Template", "Tracking Link",
    "Transaction", "Upload", "User", "Webhook", "Withdrawal", "Balance",
    "Brand Signal", "Budget", "Conversion Path", "Dispute", "Event Type",
    "Group", "Inquiry", "Label", "Message", "Offer", "Property", "Referral",
    "Rule", "Schedule", "Subscription", "Tag", "Tier", "Vendor",
]
QUALIFIERS = [
    "", "", "", "Partner", "Program", "Contact", "Custom", "Legacy",
    "Pending", "Scheduled", "Archived", "Bulk", "Regional", "Default",
]
AREAS = [
    "Accounts", "Actions", "Ads", "Billing", "Campaigns", "Catalogs",
    "Compliance", "Contracts", "Deals", "Disputes", "Exports", "Finance",
    "Imports", "Insights", "Invoices", "Jobs", "Leads", "Marketplace",
    "Media", "Messaging", "Notes", "Partners", "Payouts", "Promotions",
    "Referrals", "Reports", "Segments", "Settings", "Tasks", "Tracking",
    "Uploads", "Users", "Webhooks", "Workflows",
]
# (weight, method, id verb, name template, path takes an id)
OPERATIONS = [
    (30, "GET", "list", "List {plural}", False),
    (25, "GET", "get", "Get a Single {noun}", True),
    (12, "POST", "create", "Create {a} {noun}", False),
    (12, "PUT", "update", "Update {a} {noun}", True),
    (8, "DELETE", "delete", "Delete {a} {noun}", True),
    (5, "POST", "submit", "Submit {plural} in Bulk", False),
    (4, "GET", "export", "Export {plural}", False),
    (2, "PATCH", "patch", "Change Part of {a} {noun}", True),
    (2, "GET", "count", "Count {plural}", False),
]
VERSIONS = ["14", "13", "12", "11"]


def plural(noun):
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def camel(words):
    parts = words.replace("-", " ").split()
    return parts[0].lower() + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def pascal(words):
    return "".join(p[:1].upper() + p[1:] for p in words.replace("-", " ").split())


def generate(scopes, categories, seed, root):
    rng = random.Random(seed)
    weights = [w for w, *_ in OPERATIONS]
    used_cat_names = set()
    used_ids = set()
    doc_categories = []
    base, extra = divmod(scopes, categories)
    for ci in range(categories):
        area = AREAS[ci % len(AREAS)]
        name = area if ci < len(AREAS) else f"{area} {ci // len(AREAS) + 1}"
        assert name not in used_cat_names
        used_cat_names.add(name)
        count = base + (1 if ci < extra else 0)
        items = []
        for k in range(count):
            method, verb, template, with_id = OPERATIONS[
                rng.choices(range(len(OPERATIONS)), weights)[0]
            ][1:]
            qualifier = rng.choice(QUALIFIERS)
            noun = (qualifier + " " + rng.choice(NOUNS)).strip()
            article = "an" if noun[0] in "AEIOU" else "a"
            scope_name = template.format(a=article, noun=noun, plural=plural(noun))
            resource = pascal(plural(noun))
            path = f"/{root}/{{AccountSID}}/{pascal(area)}/{resource}"
            if with_id:
                path += f"/{{{pascal(noun)}Id}}"
            # Readable and unique: verb, resource, then category and position.
            target = plural(noun) if template.find("{plural}") >= 0 else noun
            sid = f"{camel(verb + ' ' + target)}C{ci}N{k}"
            assert sid not in used_ids
            used_ids.add(sid)
            items.append({"Id": sid, "Name": scope_name, "Method": method, "Path": path})
        doc_categories.append({"Name": name, "Scopes": items})
    return {"ApiVersions": VERSIONS, "Categories": doc_categories}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scopes", type=int, required=True, help="number of scopes (N >= 1)")
    p.add_argument("--categories", type=int, required=True, help="number of categories (1 <= C <= N)")
    p.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--root", default="Advertisers", help="first path segment (default Advertisers)")
    a = p.parse_args(argv)
    if a.scopes < 1 or not 1 <= a.categories <= a.scopes:
        p.error("need --scopes >= 1 and 1 <= --categories <= --scopes")
    doc = generate(a.scopes, a.categories, a.seed, a.root)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
