"""Validates OCSF events (JSON lines, or JSON arrays one per line) the way a SIEM's schema check would.

Detection Finding (2004) and Compliance Finding (2003) are validated with the models of py-ocsf-models (PyPI).
That package has no models for API Activity (6003), Authentication (3002) or Data Security Finding (2006); those
are validated with its base event model plus the attributes OCSF 1.6.0 marks required for each class, transcribed
here from the schema (events/application/api_activity.json, events/iam/authentication.json,
events/findings/data_security_finding.json), with the schema's at-least-one constraints on the objects.

Usage: ocsf_check.py FILE...   Prints "ok N CLASS:COUNT..." or the first problems, and exits 1 on any.
"""
import collections
import json
import sys
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, model_validator
from py_ocsf_models.events.base_event import BaseEvent
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from py_ocsf_models.objects.api import API
from py_ocsf_models.objects.finding_info import FindingInformation


def at_least_one(*names):
    def check(self):
        if not any(getattr(self, name, None) for name in names):
            raise ValueError(f"needs at least one of {', '.join(names)}")
        return self
    return model_validator(mode="after")(check)


class User(BaseModel):
    model_config = ConfigDict(extra="allow")
    uid: Optional[str] = None
    name: Optional[str] = None
    type_id: Optional[int] = None
    _one = at_least_one("uid", "name")


class Actor(BaseModel):
    model_config = ConfigDict(extra="allow")
    user: Optional[User] = None
    app_name: Optional[str] = None
    app_uid: Optional[str] = None
    _one = at_least_one("user", "app_name", "app_uid")


class Endpoint(BaseModel):
    model_config = ConfigDict(extra="allow")
    ip: Optional[str] = None
    hostname: Optional[str] = None
    name: Optional[str] = None
    uid: Optional[str] = None
    svc_name: Optional[str] = None
    _one = at_least_one("ip", "hostname", "name", "uid", "svc_name")


class Service(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: Optional[str] = None
    uid: Optional[str] = None
    _one = at_least_one("name", "uid")


class Classified(BaseEvent):
    model_config = ConfigDict(extra="allow")
    activity_id: int
    category_uid: int
    class_uid: int
    type_uid: int
    time: int


class APIActivity(Classified):
    category_uid: Literal[6]
    class_uid: Literal[6003]
    activity_id: Literal[0, 1, 2, 3, 4, 99]
    actor: Actor
    api: API
    src_endpoint: Endpoint


class Authentication(Classified):
    category_uid: Literal[3]
    class_uid: Literal[3002]
    activity_id: Literal[0, 1, 2, 3, 4, 5, 99]
    user: User
    service: Optional[Service] = None
    dst_endpoint: Optional[Endpoint] = None
    _one = at_least_one("service", "dst_endpoint")


class DataSecurityFinding(Classified):
    category_uid: Literal[2]
    class_uid: Literal[2006]
    activity_id: Literal[0, 1, 2, 3, 99]
    finding_info: FindingInformation


MODELS = {2003: ComplianceFinding, 2004: DetectionFinding, 2006: DataSecurityFinding, 3002: Authentication, 6003: APIActivity}


def check(event: dict[str, Any]) -> Optional[str]:
    model = MODELS.get(event.get("class_uid"))
    if model is None:
        return f"class_uid {event.get('class_uid')} is not one Rampart exports"
    try:
        model.model_validate(event)
    except Exception as error:  # pydantic's ValidationError, with every field that failed
        return str(error).replace("\n", " | ")[:600]
    if event["type_uid"] != event["class_uid"] * 100 + event["activity_id"]:
        return "type_uid is not class_uid * 100 + activity_id"
    if event["metadata"].get("version") != "1.6.0":
        return "metadata.version is not 1.6.0"
    if not event["metadata"].get("uid"):
        return "metadata.uid is missing (receivers deduplicate by it)"
    return None


def main() -> int:
    counts = collections.Counter()
    problems = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                if not line.strip():
                    continue
                value = json.loads(line)
                for event in value if isinstance(value, list) else [value]:
                    counts[event.get("class_uid")] += 1
                    problem = check(event)
                    if problem:
                        problems.append(f"{path}:{number}: class {event.get('class_uid')}: {problem}")
    if problems:
        print("\n".join(problems[:10]))
        return 1
    print("ok", sum(counts.values()), " ".join(f"{k}:{v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
