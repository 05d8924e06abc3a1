"""Validates `rampart posture scan` output the way its consumers would.

  posture_formats_check.py sarif FILE   SARIF 2.1.0: against the OASIS JSON schema (sarif-schema-2.1.0.json, which
                                        no wheel ships: scripts/test takes it from sarif-pydantic's source
                                        distribution on PyPI, checks its SHA-256, and names it in
                                        RAMPART_SARIF_SCHEMA), with jsonschema (PyPI).
  posture_formats_check.py asff FILE    ASFF: each finding against botocore's AwsSecurityFinding shape (types,
                                        required members and the model's enums) and the whole list as
                                        BatchImportFindings requests (AWS's own SDK validation).

Prints "ok N" or the problems, and exits 1 on any.
"""
import json
import os
import sys

def check_sarif(document):
    """Against the OASIS SARIF 2.1.0 JSON schema (draft-07), with formats checked."""
    import jsonschema
    path = os.environ.get("RAMPART_SARIF_SCHEMA")
    if not path or not os.path.exists(path):
        return [f"the SARIF schema is not at RAMPART_SARIF_SCHEMA ({path}); scripts/test fetches it"], 0
    with open(path) as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    problems = [f"{'/'.join(map(str, error.absolute_path)) or '$'}: {error.message[:300]}" for error in validator.iter_errors(document)]
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
