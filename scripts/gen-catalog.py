#!/usr/bin/env python3
"""Rebuild assets/catalog/*.json from impact.com's published API surface (a TSV).

Usage: scripts/gen-catalog.py [assets/reference/impact-api-surface.tsv]

The output uses the same shape as the token-service's
GET {root}/APIAccessTokens/Scopes response, so one parser reads both.
Categories keep the order of their first appearance; scopes keep TSV order.
"""
import csv, json, os, sys

VERSIONS = {"agency": ["3", "2"], "brand": ["14", "13", "12", "11"], "partner": ["16", "15", "14"]}

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "assets", "reference", "impact-api-surface.tsv")
    out_dir = os.path.join(here, "..", "assets", "catalog")
    by_type = {}
    with open(src, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cats = by_type.setdefault(row["account_type"], {})
            cats.setdefault(row["category"], []).append({
                "Id": row["operation_id"], "Name": row["summary"],
                "Method": row["method"], "Path": row["path"],
            })
    for account_type, cats in by_type.items():
        ids = [s["Id"] for c in cats.values() for s in c]
        assert len(ids) == len(set(ids)), f"duplicate operation_id in {account_type}"
        doc = {"ApiVersions": VERSIONS[account_type],
               "Categories": [{"Name": n, "Scopes": s} for n, s in cats.items()]}
        with open(os.path.join(out_dir, f"{account_type}.json"), "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{account_type}: {len(ids)} scopes in {len(cats)} categories")

if __name__ == "__main__":
    main()
