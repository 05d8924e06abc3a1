"""Validates `rampart posture scan` output the way its consumers would.

  posture_formats_check.py sarif FILE   SARIF 2.1.0: parsed with sarif-pydantic's models (PyPI), then held to the
                                        constraints the OASIS SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json)
                                        puts on every object Rampart writes, transcribed below (the schema file
                                        itself is not on PyPI, so it cannot be installed here).
  posture_formats_check.py asff FILE    ASFF: each finding against botocore's AwsSecurityFinding shape (types,
                                        required members and the model's enums) and the whole list as
                                        BatchImportFindings requests (AWS's own SDK validation).

Prints "ok N" or the problems, and exits 1 on any.
"""
import json
import re
import sys

URI_REFERENCE = re.compile(r"^[^\s]*$")
LEVELS = {"none", "note", "warning", "error"}
KINDS = {"notApplicable", "pass", "fail", "review", "open", "informational"}


def check_sarif(document):
    from sarif_pydantic import Sarif
    Sarif.model_validate(document)
    problems = []

    def need(condition, where, what):
        if not condition:
            problems.append(f"{where}: {what}")

    # sarifLog: required version (enum "2.1.0") and runs; $schema a URI.
    need(document.get("version") == "2.1.0", "$", "version must be \"2.1.0\"")
    need(isinstance(document.get("runs"), list), "$", "runs must be an array")
    need(isinstance(document.get("$schema", ""), str), "$", "$schema must be a string (uri)")
    for r, run in enumerate(document.get("runs") or []):
        where = f"runs[{r}]"
        driver = (run.get("tool") or {}).get("driver")
        need(isinstance(driver, dict), where, "tool.driver is required")
        driver = driver or {}
        need(isinstance(driver.get("name"), str) and driver["name"], f"{where}.tool.driver", "name is required")
        rules = driver.get("rules", [])
        ids = [rule.get("id") for rule in rules]
        need(len(ids) == len(set(map(str, ids))), f"{where}.tool.driver.rules", "items must be unique")
        for i, rule in enumerate(rules):
            at = f"{where}.tool.driver.rules[{i}]"
            need(isinstance(rule.get("id"), str), at, "id is required")
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    need(isinstance(rule[key].get("text"), str), f"{at}.{key}", "text is required (multiformatMessageString)")
            level = (rule.get("defaultConfiguration") or {}).get("level", "warning")
            need(level in LEVELS, f"{at}.defaultConfiguration.level", f"{level!r} is not one of {sorted(LEVELS)}")
            tags = (rule.get("properties") or {}).get("tags", [])
            need(len(tags) == len(set(tags)) and all(isinstance(t, str) for t in tags), f"{at}.properties.tags", "unique strings")
        for i, result in enumerate(run.get("results") or []):
            at = f"{where}.results[{i}]"
            message = result.get("message")
            need(isinstance(message, dict) and ("text" in message or "id" in message), at, "message with text or id is required")
            need(result.get("level", "warning") in LEVELS, at, "level enum")
            need(result.get("kind", "fail") in KINDS, at, "kind enum")
            index = result.get("ruleIndex", -1)
            need(isinstance(index, int) and index >= -1, at, "ruleIndex is an integer >= -1")
            if isinstance(index, int) and index >= 0:
                need(index < len(rules) and rules[index].get("id") == result.get("ruleId"), at, "ruleIndex names the rule of ruleId")
            for j, location in enumerate(result.get("locations") or []):
                physical = location.get("physicalLocation")
                if physical is not None:
                    need("artifactLocation" in physical or "address" in physical, f"{at}.locations[{j}]", "physicalLocation needs artifactLocation or address")
                    uri = (physical.get("artifactLocation") or {}).get("uri", "")
                    need(isinstance(uri, str) and URI_REFERENCE.match(uri.replace(" ", "%20")), f"{at}.locations[{j}]", "uri is a uri-reference")
                    region = physical.get("region")
                    if region is not None:
                        need(isinstance(region.get("startLine"), int) and region["startLine"] >= 1, f"{at}.locations[{j}].region", "startLine >= 1")
            for key, value in (result.get("partialFingerprints") or {}).items():
                need(isinstance(value, str), f"{at}.partialFingerprints.{key}", "values are strings")
    return problems, sum(len(run.get("results") or []) for run in document.get("runs") or [])


def check_asff(findings):
    import botocore.session
    from botocore.validate import ParamValidator
    session = botocore.session.get_session()
    client = session.create_client("securityhub", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    model = client.meta.service_model
    problems = []
    shape = model.shape_for("AwsSecurityFinding")

    def enums(value, shape, where):
        # botocore's validator checks types and required members; the service model's enums are checked here.
        if shape.type_name == "structure" and isinstance(value, dict):
            for name, member in shape.members.items():
                if name in value:
                    enums(value[name], member, f"{where}.{name}")
        elif shape.type_name == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                enums(item, shape.member, f"{where}[{i}]")
        elif shape.type_name == "string" and getattr(shape, "enum", None) and value not in shape.enum:
            problems.append(f"{where}: {value!r} is not one of {shape.enum}")

    for finding in findings:
        report = ParamValidator().validate(finding, shape)
        if report.has_errors():
            problems.append(f"{finding.get('Id')}: {report.generate_report()[:400]}")
        enums(finding, shape, finding.get("Id", "?"))
    for start in range(0, len(findings), 100):
        report = ParamValidator().validate({"Findings": findings[start:start + 100]}, model.operation_model("BatchImportFindings").input_shape)
        if report.has_errors():
            problems.append(f"batch {start // 100}: {report.generate_report()[:400]}")
    return problems, len(findings)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path) as handle:
        document = json.load(handle)
    problems, count = check_sarif(document) if kind == "sarif" else check_asff(document)
    if problems or count == 0:
        print("\n".join(problems[:20]) or "no results to check")
        return 1
    print(f"ok {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
