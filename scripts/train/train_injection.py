"""Trains Rampart's prompt-injection detector offline: logistic regression on hashed word unigrams and bigrams of
token windows (features in injection_features.py, mirrored in Swift), with multiple-instance learning so that a long
attack teaches the model its attacking window, not its padding.

Usage: [SOURCES_AT=COMMIT] scripts/train/train_injection.py [EVALDATA_DIR] [OUT_FILE]
  EVALDATA_DIR  default ../shared/evaldata (the development sets; never special-cased, only learned from). The
                prompt-injection files give attacks and benign prompts; the secrets files give code and configuration,
                all benign; benign-extra.txt beside this script adds benign texts written for training, and
                Rampart's own Swift sources add code (the files that quote attacks left out).
  OUT_FILE      default Sources/RampartDetectors/Resources/injection-model.bin
  SOURCES_AT    the commit whose Swift sources are read as benign code; default SHIPPED_SOURCES, the commit the
                shipped model learned from. The sources change with every commit: read from the working tree, they
                would give another model (on 2026-12-06, BIPIA recall 0.981 -> 0.960 on all rows). With the default,
                any later tree retrains the shipped model byte for byte; pass SOURCES_AT=HEAD to learn from today's.

Prints held-out precision/recall/FPR (70/30 split by row id) before training the shipped model on all rows.
Deterministic: the same data gives the same bytes.
"""
import hashlib
import json
import os
import struct
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from injection_features import BUCKETS, STRIDE, WINDOW, features, tokens, windows  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "evaldata")
out_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "Sources", "RampartDetectors", "Resources", "injection-model.bin")


def load(name):
    with open(os.path.join(data_dir, name)) as f:
        return [json.loads(line) for line in f]


def as_benign(rows):
    """Rows of another task (code and configuration holding credentials, or not) as texts that are not injection."""
    return [{"text": r["text"], "label": 0, "id": r["id"]} for r in rows]


ATTACK_WORDS = ("previous instructions", "system prompt", "ignore all", "jailbreak", "developer mode", "reveal", "disregard")


# The commit whose sources the shipped model (Resources/injection-model.bin) learned from.
SHIPPED_SOURCES = "a82d90c"


def git(*args):
    result = subprocess.run(["git", "-C", root, *args], capture_output=True)
    if result.returncode != 0:
        sys.exit(f"git {' '.join(args)}: {result.stderr.decode().strip()} (a full clone is needed to retrain the shipped model)")
    return result.stdout


def own_code(commit):
    """Rampart's own Swift sources at `commit` (the first 4,000 characters of each file) as benign code, leaving out
    files that talk about attacks (the detectors, demos and policies quote them). In the order a walk of the
    directories visits them, each directory's files (sorted) before its subdirectories (sorted)."""
    paths = [p for p in git("ls-tree", "-r", "--name-only", commit, "Sources").decode().splitlines() if p.endswith(".swift")]
    paths.sort(key=lambda p: (tuple(p.split("/")[:-1]), p.split("/")[-1]))
    rows = []
    for path in paths:
        text = git("show", f"{commit}:{path}").decode("utf-8").replace("\r\n", "\n")[:4000]
        if any(w in text.lower() for w in ATTACK_WORDS):
            continue
        rows.append({"text": text, "label": 0, "id": path})
    return rows


def load_extra():
    """benign-extra.txt: benign texts written for training, one a line with `\\n` for a line break; `#` starts a comment."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "benign-extra.txt")) as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    return [{"text": line.replace("\\n", "\n"), "label": 0, "id": f"extra-{i}"} for i, line in enumerate(lines)]


# The weight of a code or written-extra negative against a benign prompt's. At 1 the model unlearns the words that
# attacks share with code ("configuration", "API keys", "print") and misses more attacks on held-out rows. At 0.25,
# with Rampart's own sources among the negatives, 0.6% of 14,427 chunks of the Swift and Python packages Rampart
# builds and tests with is flagged (4.3% before code negatives) for 1.5 points of held-out recall on direct attacks.
SIDE_WEIGHT = 0.25


def held_out(row) -> bool:
    # Split by attack for the indirect set (its attacks repeat across documents): a held-out attack is unseen.
    key = row.get("attack") or row.get("id")
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 >= 7


class Example:
    """A document: its windows' feature lists and its label. `carrier` marks a document with an attack inserted:
    its own windows are mostly the document, so it teaches only through its best window, never all of them."""
    def __init__(self, text, label, group, carrier=False):
        self.windows = [np.array(features(w), dtype=np.int64) for w in windows(tokens(text))]
        self.label = label
        self.group = group
        self.carrier = carrier
        self.weight = SIDE_WEIGHT if group in ("code", "extra") else 1.0


def examples(rows_and_groups):
    out = []
    for row, group in rows_and_groups:
        out.append(Example(row["text"], row["label"], group, carrier=bool(row["label"] == 1 and row.get("attack"))))
        if row["label"] == 1 and row.get("attack"):
            out.append(Example(row["attack"], 1, group + "_attack_text"))
    return out


def logit(w, b, feats):
    return b + w[feats].sum() if len(feats) else b


def doc_score(w, b, ex):
    return max(logit(w, b, f) for f in ex.windows)


def train(exs, epochs=2, rounds=3, l2=3e-4, lr=0.1):
    rng = np.random.default_rng(7)
    w = np.zeros(BUCKETS, dtype=np.float64)
    g2 = np.full(BUCKETS, 1e-8)
    b, gb = 0.0, 1e-8
    positives = sum(1 for e in exs if e.label == 1)
    negatives = len(exs) - positives
    for round_ in range(rounds):
        # Instances: every window of a negative; for a positive, all its windows in the first round, then only
        # the window the model scores highest (multiple-instance learning).
        instances = []
        balance = positives / max(1, negatives)
        for e in exs:
            if e.label == 0:
                # Every window of a negative must score low (a document's score is its highest window), and the
                # highest-scoring one most of all (hard-negative mining after the first round).
                instances += [(f, 0, balance * e.weight) for f in e.windows]
                if round_ > 0:
                    instances.append((max(e.windows, key=lambda f: logit(w, b, f)), 0, 3 * balance * e.weight))
            elif round_ == 0:
                if e.carrier:
                    continue
                weight = 1.0 / len(e.windows)
                instances += [(f, 1, weight) for f in e.windows]
            else:
                best = max(e.windows, key=lambda f: logit(w, b, f))
                instances.append((best, 1, 1.0))
        order = np.arange(len(instances))
        for _ in range(epochs):
            rng.shuffle(order)
            for i in order:
                feats, y, weight = instances[i]
                z = logit(w, b, feats)
                p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
                g = (p - y) * weight
                if len(feats):
                    grad = g + l2 * w[feats]
                    g2[feats] += grad * grad
                    w[feats] -= lr * grad / np.sqrt(g2[feats])
                gb += g * g
                b -= lr * g / np.sqrt(gb)
    return w, b


def threshold_for(w, b, exs, fpr=0.01):
    scores = sorted((doc_score(w, b, e) for e in exs if e.label == 0), reverse=True)
    k = int(len(scores) * fpr)
    return scores[k] + 1e-6 if scores else 0.0


REPORT = []


def say(line):
    print(line)
    REPORT.append(line)


def report(w, b, t, exs, title):
    say(title)
    groups = sorted({e.group for e in exs})
    for group in groups:
        es = [e for e in exs if e.group == group]
        flagged = [doc_score(w, b, e) >= t for e in es]
        pos = [f for f, e in zip(flagged, es) if e.label == 1]
        neg = [f for f, e in zip(flagged, es) if e.label == 0]
        say(f"  {group:32s} n={len(es):5d} recall={sum(pos) / len(pos) if pos else float('nan'):.3f} "
            f"fpr={sum(neg) / len(neg) if neg else float('nan'):.3f}")


def main():
    direct, benign, bipia = load("pi_attacks_direct.jsonl"), load("pi_benign_prompts.jsonl"), load("pi_indirect_bipia.jsonl")
    # Code and configuration are benign too: without them the model reads "password" and "secret" as attacks.
    code = as_benign(load("secrets_noseyparker.jsonl") + load("secrets_synthetic_gateway.jsonl")) + own_code(os.environ.get("SOURCES_AT", SHIPPED_SOURCES))
    tagged = [(r, "direct") for r in direct] + [(r, "benign") for r in benign] + [(r, "bipia") for r in bipia] \
        + [(r, "code") for r in code] + [(r, "extra") for r in load_extra()]
    train_rows = [(r, g) for r, g in tagged if not held_out(r)]
    test_rows = [(r, g) for r, g in tagged if held_out(r)]
    train_ex, test_ex = examples(train_rows), [e for e in examples(test_rows) if not e.group.endswith("_attack_text")]
    w, b = train(train_ex)
    # The threshold is set on the prompts and documents alone: code and the written extras are easy negatives, and
    # counting them would lower the threshold and raise false positives on prompts.
    t = threshold_for(w, b, [e for e in test_ex if e.group in ("benign", "bipia", "direct")])
    report(w, b, t, test_ex, f"held-out 30% (trained on 70%, threshold {t:.3f} at 1% held-out FPR):")
    # The shipped model learns from every row and keeps the held-out threshold: a threshold fitted on rows the
    # model has seen would be far too low for rows it has not.
    all_ex = examples(tagged)
    w, b = train(all_ex)
    report(w, b, t, [e for e in all_ex if not e.group.endswith("_attack_text")], f"shipped model on all rows (threshold {t:.3f}):")
    os.makedirs(os.path.dirname(out_file), exist_ok=True)
    with open(out_file, "wb") as f:
        f.write(b"RMPI")
        f.write(struct.pack("<IIIff", BUCKETS, WINDOW, STRIDE, b, t))
        f.write(w.astype("<f4").tobytes())
    print(f"wrote {out_file} ({os.path.getsize(out_file)} bytes)")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "training-report.txt"), "w") as f:
        f.write("\n".join(REPORT) + "\n")


main()
