#!/usr/bin/env python3
"""Checks that stdin is a SARIF 2.1.0 log as `retort lint --format sarif` writes it: the parts of
the OASIS SARIF 2.1.0 schema that the log uses (version, runs, tool.driver with its rules, results
with ruleId, ruleIndex, level, message.text and a physical location with a region), validated
with jsonschema, plus the cross-references the schema cannot state (ruleIndex points at the rule
named by ruleId). Prints "sarif: N result(s), M rule(s)" or the problems, exit 1."""
import json
import sys

import jsonschema

MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
SCHEMA = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": MESSAGE,
                                                "fullDescription": MESSAGE,
                                                "help": MESSAGE,
                                                "helpUri": {"type": "string"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": {"enum": [
                                                        "none", "note", "warning", "error"]}},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                        "properties": {"uri": {"type": "string"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "properties": {
                                                            "startLine": {"type": "integer",
                                                                          "minimum": 1},
                                                            "startColumn": {"type": "integer",
                                                                            "minimum": 1},
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "properties": {"type": "object"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def main() -> int:
    log = json.load(sys.stdin)
    problems = [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(log)]
    results = rules = 0
    for run in log.get("runs", []):
        driver_rules = run["tool"]["driver"].get("rules", [])
        rules += len(driver_rules)
        for r in run.get("results", []):
            results += 1
            if driver_rules[r["ruleIndex"]]["id"] != r["ruleId"]:
                problems.append("ruleIndex %d is not %s" % (r["ruleIndex"], r["ruleId"]))
    for p in problems:
        print("sarif: " + p)
    if problems:
        return 1
    print("sarif: %d result(s), %d rule(s)" % (results, rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
