"""The other commands (explain, parties, info, train, evaluate), --help/--version, the docs,
and the installed ``stance`` console script (start-up time, lazy imports)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stance import __version__
from stance.cli import build_parser
from tests.test_cli import write
from tests.tiny_model import default_model_or_skip

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ["score", "explain", "parties", "info", "train", "evaluate"]


def console_script() -> Path:
    script = Path(sys.executable).parent / "stance"
    if not script.exists():
        pytest.skip(f"the console script is not installed beside {sys.executable}: run pip install -e .")
    return script


def test_commands_are_the_documented_ones():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == COMMANDS


def test_every_command_is_in_docs_cli_md():
    doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert re.search(rf"^## `stance {command}", doc, re.M), f"docs/cli.md has no section for 'stance {command}'"
    for flag in re.findall(r"--[a-z][a-z-]+", " ".join(a.option_strings[-1] for a in _score_actions())):
        assert flag in doc, f"docs/cli.md does not mention {flag}"


def _score_actions():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return [a for a in sub.choices["score"]._actions if a.option_strings]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_has_an_example(stance_cli, command):
    run = stance_cli(*([command] if command else []), "--help", model=False)
    assert run.code == 0
    assert "example:\n  stance " in run.out


def test_version(stance_cli):
    run = stance_cli("--version", model=False)
    assert (run.code, run.out) == (0, f"stance {__version__}\n")


# -- explain, parties, info ---------------------------------------------------------------------


def test_explain(stance_cli):
    run = stance_cli("explain", "Xi dan Putin mengecam dominasi Barat.", "-k", "3")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].strip() == "Xi dan Putin mengecam dominasi Barat."
    assert lines[2].startswith("sentiment: ")
    assert lines[3].lstrip().startswith("margin ")
    assert sum(line.startswith("stance toward ") for line in lines) == 3
    assert lines[-1].startswith("model tiny-test-")


def test_explain_json_from_stdin(stance_cli):
    run = stance_cli("explain", "-", "--json", "--parties", "west", stdin="Hujan turun.")
    row = json.loads(run.out)
    assert row["paragraphs"][0]["stances"]["west"]["label"] == "absent"
    assert len(row["paragraphs"][0]["sentiment"]["explanation"]["positive"]) <= 8


def test_explain_empty_text(stance_cli):
    run = stance_cli("explain", "  ")
    assert run.code == 1
    assert run.err == "error: The 'text' parameter of score: empty text (no non-blank paragraph) — remove it, or give it text\n"


def test_parties(stance_cli, tmp_path):
    run = stance_cli("parties")
    assert run.code == 0
    assert [line.split()[0] for line in run.out.splitlines() if line and not line.startswith(" ")][:3] == ["china", "russia", "west"]
    assert "Tiongkok" in run.out
    reg = write(tmp_path / "r.toml", '[[party]]\nid = "asean"\nname = "ASEAN"\naliases = ["ASEAN"]\n')
    data = json.loads(stance_cli("parties", "--registry", reg, "--json").out)
    assert [p["id"] for p in data["parties"]] == ["china", "russia", "west", "asean"]


def test_parties_missing_registry(stance_cli, tmp_path):
    run = stance_cli("parties", "--registry", tmp_path / "none.toml")
    assert run.code == 1 and run.err.startswith("error: ") and str(tmp_path / "none.toml") in run.err


def test_info(stance_cli, tiny_model_dir):
    run = stance_cli("info")
    assert run.code == 0
    assert run.out.splitlines()[0].startswith("model_id:         tiny-test-2026-01-01-")
    assert "versions:          stance " + __version__ in run.out
    data = json.loads(stance_cli("info", "--json").out)
    assert data["model"] == str(tiny_model_dir) and data["parties"] == ["china", "russia", "west"]
    assert data["models"] == ["sentiment", "stance"]  # the tiny model has no span-target model
    assert "models:           sentiment, stance\n" in run.out


def test_info_without_a_model(stance_cli, tmp_path):
    run = stance_cli("info", "--model", tmp_path)
    assert run.code == 1 and run.err.startswith(f"error: {tmp_path / 'model.json'}: file not found (") and " — pass " in run.err


# -- evaluate, train ------------------------------------------------------------------------------


def test_evaluate_sentiment_table_and_json(stance_cli, tmp_path):
    data = write(tmp_path / "s.jsonl", '{"text": "Perang menewaskan warga.", "label": "negative"}\n'
                                       '{"text": "Ekonomi tumbuh pesat.", "label": "positive"}\n'
                                       '{"text": "Rapat digelar Senin.", "label": "neutral"}\n')
    run = stance_cli("evaluate", "--task", "sentiment", "--data", data)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("task sentiment   n 3   macro-F1 ")
    assert lines[1].split() == ["class", "precision", "recall", "f1", "support"]
    assert [line.split()[0] for line in lines[2:5]] == ["negative", "neutral", "positive"]
    assert lines[5] == "confusion (rows: gold, columns: predicted)"
    report = json.loads(stance_cli("evaluate", "--task", "sentiment", "--data", data, "--json").out)
    assert set(report) >= {"task", "n", "macro_f1", "accuracy", "per_class", "confusion"}


def test_evaluate_stance_and_detect(stance_cli, tmp_path):
    data = write(tmp_path / "st.jsonl", '{"text": "AS menjatuhkan sanksi kepada Rusia.", "target": "russia", "label": "negative"}\n')
    run = stance_cli("evaluate", "--task", "stance", "--data", data)
    assert run.code == 0 and run.out.startswith("task stance   n 1")
    det = write(tmp_path / "d.jsonl", '{"text": "Rusia dan AS.", "russia": true, "west": true, "china": false}\n')
    run = stance_cli("evaluate", "--task", "detect", "--data", det, model=False)
    assert run.code == 0 and run.out.startswith("task detect   n 1   micro-F1 1.000")


def test_evaluate_prints_the_ece_and_puts_it_in_the_json(stance_cli, tmp_path):
    data = write(tmp_path / "s.jsonl", '{"text": "Perang menewaskan warga.", "label": "negative"}\n'
                                       '{"text": "Ekonomi tumbuh pesat.", "label": "positive"}\n')
    run = stance_cli("evaluate", "--task", "sentiment", "--data", data)
    assert run.code == 0, run.err
    assert re.fullmatch(r"task sentiment   n 2   macro-F1 \d\.\d{3}   accuracy \d\.\d{3}   ECE \d\.\d{3}", run.out.splitlines()[0])
    report = json.loads(stance_cli("evaluate", "--task", "sentiment", "--data", data, "--json").out)
    assert 0.0 <= report["calibration"]["ece"] <= 1.0 and isinstance(report["calibration"]["reliability"], list)
    st = write(tmp_path / "st.jsonl", '{"text": "AS menjatuhkan sanksi kepada Rusia.", "target": "russia", "label": "negative"}\n')
    run = stance_cli("evaluate", "--task", "stance", "--data", st)
    assert re.fullmatch(r"task stance   n 1   macro-F1 \d\.\d{3}   accuracy \d\.\d{3}   ECE \d\.\d{3}", run.out.splitlines()[0])
    none = write(tmp_path / "none.jsonl", '{"text": "Hujan turun.", "target": "china", "label": "neutral"}\n')
    run = stance_cli("evaluate", "--task", "stance", "--data", none)
    assert re.search(r"   ECE \d\.\d{3}$", run.out.splitlines()[0])
    assert "targets the registry does not find in their paragraph: 1 (scored from the paragraph" in run.out


def test_evaluate_detect_csv_with_true_false_columns(stance_cli, tmp_path):
    det = write(tmp_path / "d.csv", "id,text,china,russia,west\n1,Rusia dan AS.,FALSE,TRUE,TRUE\n")
    run = stance_cli("evaluate", "--task", "detect", "--data", det, model=False)
    assert run.code == 0 and run.out.startswith("task detect   n 1   micro-F1 1.000")


def test_evaluate_detect_bad_value(stance_cli, tmp_path):
    det = write(tmp_path / "d.jsonl", '{"text": "Rusia dan AS.", "russia": "ya"}\n')
    run = stance_cli("evaluate", "--task", "detect", "--data", det, model=False)
    assert (run.code, run.err) == (1, f"error: {det}:1: party 'russia' must be true or false, got 'ya' — "
                                      "write true or false (or an annotation label: absent, negative, neutral, positive)\n")


def test_evaluate_bad_file(stance_cli, tmp_path):
    data = write(tmp_path / "s.jsonl", '{"text": "x", "label": "meh"}\n')
    run = stance_cli("evaluate", "--task", "sentiment", "--data", data)
    assert run.code == 1 and run.err.startswith(f"error: {data}:1") and "Traceback" not in run.err


def test_train_bad_config(stance_cli, tmp_path):
    config = write(tmp_path / "c.json", "[1]")
    run = stance_cli("train", "--task", "sentiment", "--data", tmp_path / "x.jsonl", "--out", tmp_path / "m",
                     "--config", config)
    assert (run.code, run.err) == (1, f"error: {config}: the config must be an object (a table), got list — "
                                      "write the settings as keys of one JSON object or TOML table\n")


def test_train_toml_config_is_read(stance_cli, tmp_path):
    # read as TOML (through tomli on Python 3.10): a syntax error is the config's error, a good file passes
    config = write(tmp_path / "c.toml", "folds = [")
    run = stance_cli("train", "--task", "sentiment", "--data", tmp_path / "x.jsonl", "--out", tmp_path / "m",
                     "--config", config)
    assert run.code == 1 and run.err.startswith(f"error: {config}: not a valid config (") and "TOML" in run.err
    config = write(tmp_path / "ok.toml", "folds = 2\n")
    run = stance_cli("train", "--task", "sentiment", "--data", tmp_path / "x.jsonl", "--out", tmp_path / "m",
                     "--config", config)
    assert run.code == 1 and "x.jsonl" in run.err and "valid config" not in run.err  # the config passed; the data is missing


def test_train_missing_data(stance_cli, tmp_path):
    run = stance_cli("train", "--task", "sentiment", "--data", tmp_path / "x.jsonl", "--out", tmp_path / "m")
    assert run.code == 1 and run.err.startswith("error: ") and "Traceback" not in run.err


def test_train_then_score_with_the_new_model(stance_cli, tmp_path):
    default_model_or_skip()  # train() completes the directory with the shipped model's other half
    from tests.tiny_model import SENTIMENT

    data = write(tmp_path / "s.jsonl", "".join(json.dumps({"text": t, "label": l}) + "\n" for t, l in SENTIMENT * 3))
    config = write(tmp_path / "c.json", json.dumps({"folds": 2}))
    run = stance_cli("train", "--task", "sentiment", "--data", data, "--out", tmp_path / "m", "--config", config)
    assert run.code == 0, run.err
    assert run.out.startswith(f"wrote {tmp_path / 'm'} (task sentiment)")
    scored = stance_cli("score", "-", "--model", tmp_path / "m", stdin="Ekonomi tumbuh pesat.")
    assert scored.code == 0 and scored.rows[0]["model_id"].startswith("stance-custom-")


# -- the installed console script ---------------------------------------------------------------


def test_console_script_scores_and_reports_errors(tmp_path, tiny_model_dir):
    script = console_script()
    article = write(tmp_path / "a.txt", "Xi dan Putin mengecam dominasi Barat.\nHujan turun.")
    done = subprocess.run([script, "score", article, tmp_path / "missing.txt", "--model", tiny_model_dir],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert json.loads(done.stdout)["id"] == str(article)
    assert done.stderr == f"error: {tmp_path / 'missing.txt'}: no such file or directory — check the path\n"


def test_console_script_usage_error_and_version():
    script = console_script()
    done = subprocess.run([script, "score", "--format", "xml"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("error: stance score: argument --format") and "Traceback" not in done.stderr
    done = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"stance {__version__}\n")


def test_help_and_scoring_import_no_heavy_module(tmp_path, tiny_model_dir):
    article = write(tmp_path / "a.txt", "Xi dan Putin mengecam dominasi Barat.")
    code = (
        "import sys; from stance.cli import main;"
        "main(sys.argv[1:]);"
        "print(sorted(m for m in ('sklearn', 'scipy', 'joblib', 'pandas') if m in sys.modules), file=sys.stderr)"
    )
    for args in (["--help"], ["score", str(article), "--model", str(tiny_model_dir)]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert done.stderr == "[]\n", args


def test_start_up_time(tmp_path, tiny_model_dir):
    """One article through the console script, wall clock (goal: < 0.5 s; checked loosely for CI noise)."""
    script = console_script()
    article = write(tmp_path / "a.txt", "Xi dan Putin mengecam dominasi Barat.\nHujan turun di Jakarta.")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([script, "score", article, "--model", tiny_model_dir, "-o", tmp_path / "o.jsonl"], check=True)
        times.append(time.perf_counter() - start)
    assert min(times) < 1.5, f"stance score took {min(times):.2f} s (goal 0.5 s)"
