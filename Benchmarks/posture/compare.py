"""Times Rampart's and Checkov's posture scans of the same corpora and checks that Rampart finds every failure
Checkov reports for a check a Rampart rule lists as the same (see Benchmarks/posture/run.sh)."""
import argparse
import json
import re
import statistics
import subprocess
import time


# Failures Checkov reports that Rampart does not, each checked by hand and explained: Checkov is wrong on these.
EXPLAINED = {
    ("CKV_AZURE_238", "azurerm_cognitive_account.openai", "azure-secure.plan.json"):
        "the key is set by a separate azurerm_cognitive_account_customer_managed_key resource, which Checkov does not read",
}


def timed(command, runs):
    times, output = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        output = result.stdout
    return statistics.median(times), output


def resource_key(path, name):
    return (re.sub(r"^.*/(cloudformation|terraform)/", r"\1/", path), name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rampart", required=True)
    parser.add_argument("--checkov", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    print(f"| Corpus | Files | Rampart (median of {args.runs}) | Checkov (median of {args.runs}) | Checkov / Rampart | Checkov failures on shared checks | found by Rampart |")
    print("|---|---|---|---|---|---|---|")
    misses_all, explained = [], set()
    for corpus in args.corpora:
        rampart_time, rampart_out = timed([args.rampart, "posture", "scan", corpus, "--format", "json"], args.runs)
        checkov_time, checkov_out = timed([args.checkov, "-d", corpus, "--skip-download", "--framework", "cloudformation", "terraform_plan",
                                           "-o", "json", "--quiet", "--compact"], args.runs)
        report = json.loads(rampart_out)
        # Checkov ids a rule lists as the same check ("Checkov CKV_AWS_7").
        same = {}
        for rule in report["rules"]:
            for framework in rule["frameworks"]:
                if framework.startswith("Checkov "):
                    same.setdefault(framework.split(" ", 1)[1], set()).add(rule["id"])
        failed = {(r["rule"],) + resource_key(r["resource"]["file"], r["resource"]["name"]) for r in report["results"] if r["status"] == "failed"}
        checkov = json.loads(checkov_out or "[]")
        checkov = checkov if isinstance(checkov, list) else [checkov]
        shared, misses = 0, []
        for part in checkov:
            for failure in part.get("results", {}).get("failed_checks", []):
                rules = same.get(failure["check_id"])
                if not rules:
                    continue
                shared += 1
                name = failure["resource"]
                if "::" in name.split(".")[0]:  # CloudFormation: AWS::S3::Bucket.Logical
                    name = name.split(".", 1)[1]
                key = resource_key(corpus + failure["file_path"], name)
                if not any((rule,) + key in failed for rule in rules):
                    reason = EXPLAINED.get((failure["check_id"], failure["resource"], failure["file_path"].rsplit("/", 1)[-1]))
                    if reason:
                        explained.add(f"{failure['check_id']} on {failure['resource']}: {reason}")
                        shared -= 1
                        continue
                    misses.append(f"{failure['check_id']} {failure['resource']} {failure['file_path']}")
        misses_all += misses
        files = len(report["inputs"])
        print(f"| {corpus.rstrip('/').split('/')[-1]} | {files} | {rampart_time * 1000:.0f} ms | {checkov_time * 1000:.0f} ms | "
              f"{checkov_time / rampart_time:.1f}x | {shared} | {shared - len(misses)} |")
    for miss in misses_all:
        print(f"missed: {miss}")
    for reason in sorted(explained):
        print(f"not counted, Checkov is wrong: {reason}")


if __name__ == "__main__":
    main()
