"""``stance score`` in-process through ``main(argv)``: inputs, outputs, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from tests.test_results import check_schema

ARTICLE = "Xi dan Putin mengecam dominasi Barat.\nHujan turun di Jakarta.\nIndonesia memuji bantuan Tiongkok."


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# -- inputs ------------------------------------------------------------------------------------


def test_txt_file_to_jsonl_when_piped(stance_cli, tmp_path):
    p = write(tmp_path / "a.txt", ARTICLE)
    run = stance_cli("score", p)
    assert (run.code, run.err) == (0, "")
    (row,) = run.rows
    assert row["id"] == str(p) and len(row["paragraphs"]) == 3
    check_schema(row)


def test_blank_line_separated_txt(stance_cli, tmp_path):
    p = write(tmp_path / "a.txt", "Satu baris\nmasih satu.\n\nDua.\n")
    assert [x["text"] for x in stance_cli("score", p).rows[0]["paragraphs"]] == ["Satu baris\nmasih satu.", "Dua."]


def test_stdin(stance_cli):
    run = stance_cli("score", "-", stdin=ARTICLE)
    assert run.code == 0 and run.rows[0]["id"] == "<stdin>"
    assert stance_cli("score", stdin=ARTICLE).rows[0]["id"] == "<stdin>"  # no path: stdin


def test_stdin_jsonl(stance_cli):
    run = stance_cli("score", "-", "--input-format", "jsonl", stdin='{"id": "a", "text": "Rusia."}\n')
    assert [r["id"] for r in run.rows] == ["a"]


def test_jsonl_with_fields(stance_cli, tmp_path):
    p = write(tmp_path / "a.jsonl", '{"url": "u1", "body": ["Rusia.", "AS."]}\n{"url": "u2", "body": "China."}\n')
    run = stance_cli("score", p, "--text-field", "body", "--id-field", "url")
    assert [(r["id"], len(r["paragraphs"])) for r in run.rows] == [("u1", 2), ("u2", 1)]


def test_csv_and_tsv_with_columns(stance_cli, tmp_path):
    c = write(tmp_path / "a.csv", 'key,isi\nk1,"Rusia, lagi."\n')
    t = write(tmp_path / "b.tsv", "key\tisi\nk2\tChina.\n")
    run = stance_cli("score", c, t, "--text-column", "isi", "--id-column", "key")
    assert [r["id"] for r in run.rows] == ["k1", "k2"]


def test_directory_recursive_with_glob(stance_cli, tmp_path):
    write(tmp_path / "a.txt", "Rusia.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.txt", "China.")
    write(tmp_path / "sub" / "c.md", "AS.")
    assert [Path(r["id"]).name for r in stance_cli("score", tmp_path).rows] == ["a.txt", "b.txt"]
    assert [Path(r["id"]).name for r in stance_cli("score", tmp_path, "--glob", "*.md").rows] == ["c.md"]


# -- outputs -----------------------------------------------------------------------------------


def test_json_output_is_one_array(stance_cli, tmp_path):
    a, b = write(tmp_path / "a.txt", "Rusia."), write(tmp_path / "b.txt", "China.")
    data = json.loads(stance_cli("score", a, b, "--format", "json").out)
    assert [Path(d["id"]).name for d in data] == ["a.txt", "b.txt"]
    for d in data:
        check_schema(d)


def test_json_output_with_no_article(stance_cli, tmp_path):
    run = stance_cli("score", write(tmp_path / "e.jsonl", ""), "--format", "json")
    assert (run.code, json.loads(run.out)) == (0, [])


def test_csv_output(stance_cli, tmp_path):
    rows = list(csv.DictReader(io.StringIO(stance_cli("score", write(tmp_path / "a.txt", ARTICLE), "--format", "csv").out)))
    assert list(rows[0]) == ["id", "paragraph", "start", "end", "sentiment", "sentiment_score", "china", "china_score",
                             "china_mentions", "russia", "russia_score", "russia_mentions", "west", "west_score",
                             "west_mentions", "text"]
    assert [r["paragraph"] for r in rows] == ["0", "1", "2"]
    assert rows[1]["china"] == "absent" and rows[1]["china_score"] == ""


def test_csv_summary_output(stance_cli, tmp_path):
    out = stance_cli("score", write(tmp_path / "a.txt", ARTICLE), "--format", "csv", "--summary", "--parties", "russia").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["target"] for r in rows] == ["sentiment", "russia"]
    assert rows[1]["paragraphs"] == "1" and rows[1]["stderr"] == ""


def test_table_output(stance_cli, tmp_path):
    run = stance_cli("score", write(tmp_path / "a.txt", ARTICLE), "--format", "table")
    lines = run.out.splitlines()
    assert lines[0].endswith("(3 paragraphs, model " + run.out.split("model ")[1].split(")")[0] + ")")
    assert lines[1].split() == ["#", "sentiment", "china", "russia", "west", "text"]
    assert lines[3].split()[3:6] == ["-", "-", "-"]  # paragraph 2 mentions no party
    assert lines[5].split()[:3] == ["summary", "score", "95%"]
    assert [line.split()[0] for line in lines[6:]] == ["sentiment", "china", "russia", "west"]


def test_summary_only_jsonl(stance_cli, tmp_path):
    row = stance_cli("score", write(tmp_path / "a.txt", ARTICLE), "--summary").rows[0]
    assert "paragraphs" not in row and set(row["summary"]["parties"]) == {"china", "russia", "west"}
    check_schema(row)


def test_explain_and_parties(stance_cli, tmp_path):
    row = stance_cli("score", write(tmp_path / "a.txt", ARTICLE), "--explain", "2", "--parties", "west,russia").rows[0]
    assert row["parties"] == ["west", "russia"]
    first = row["paragraphs"][0]
    assert list(first["stances"]) == ["west", "russia"]
    e = first["stances"]["west"]["explanation"]
    assert len(e["positive"]) <= 2 and len(e["negative"]) <= 2
    check_schema(row)


def test_output_file_format_from_extension(stance_cli, tmp_path):
    src = write(tmp_path / "a.txt", ARTICLE)
    for name, check in (("o.json", lambda t: json.loads(t)[0]["id"]), ("o.jsonl", lambda t: json.loads(t)["id"]),
                        ("o.csv", lambda t: next(csv.DictReader(io.StringIO(t)))["id"])):
        run = stance_cli("score", src, "-o", tmp_path / name)
        assert (run.code, run.out) == (0, "")
        assert check((tmp_path / name).read_text()) == str(src)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "o.csv", "o.json", "o.jsonl"]  # no temp files left


def test_registry_file(stance_cli, tmp_path):
    reg = write(tmp_path / "r.toml", '[[party]]\nid = "asean"\nname = "ASEAN"\naliases = ["ASEAN"]\n')
    row = stance_cli("score", "-", "--registry", reg, stdin="ASEAN bertemu.").rows[0]
    assert row["parties"] == ["china", "russia", "west", "asean"]
    assert row["paragraphs"][0]["stances"]["asean"]["label"] != "absent"


def test_jobs_gives_the_same_output(stance_cli, tmp_path):
    p = write(tmp_path / "a.jsonl", "".join(json.dumps({"text": f"Rusia {i}.\n\nAS {i}."}) + "\n" for i in range(30)))
    serial = stance_cli("score", p, "--batch-size", "4").out
    assert stance_cli("score", p, "--jobs", "2", "--batch-size", "4").out == serial


# -- errors --------------------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_the_rest_is_scored(stance_cli, tmp_path):
    good = write(tmp_path / "good.txt", "Rusia.")
    empty = write(tmp_path / "empty.txt", "\n \n")
    binary = write(tmp_path / "bin.txt", b"\x00\x01\x02")
    jsonl = write(tmp_path / "a.jsonl", '{"text": "AS."}\n{"txt": "x"}\n{oops\n')
    long = write(tmp_path / "long.txt", "kata " * 25_000)
    run = stance_cli("score", good, empty, binary, tmp_path / "missing.txt", jsonl, long)
    assert run.code == 1
    assert [Path(r["id"]).name for r in run.rows] == ["good.txt", "a.jsonl:1"]
    assert run.err.splitlines() == [
        f"error: {empty}: empty text (no non-blank paragraph) — remove it, or give it text",
        f"error: {binary}: binary file (it contains NUL bytes), not text — pass text files only",
        f"error: {tmp_path / 'missing.txt'}: no such file or directory — check the path",
        f"error: {jsonl}:2: no 'text' field (fields: 'txt') — pass --text-field NAME",
        f"error: {jsonl}:3: not valid JSON (Expecting property name enclosed in double quotes at column 2) — write one JSON object a line",
        f"error: {long}: paragraph 1 has 124,999 characters, more than the maximum of 100,000 — split it into paragraphs "
        "(one a line, or blank lines between them)",
    ]


def test_encodings(stance_cli, tmp_path):
    bom = write(tmp_path / "bom.txt", b"\xef\xbb\xbfRusia.")
    latin = write(tmp_path / "latin.txt", "Caf\xe9 Rusia.".encode("latin-1"))
    utf16 = write(tmp_path / "u16.txt", "Rusia.".encode("utf-16"))
    run = stance_cli("score", bom, latin, utf16)
    assert run.code == 1 and len(run.rows) == 1 and run.rows[0]["paragraphs"][0]["text"] == "Rusia."
    assert run.err.splitlines() == [
        f"error: {latin}:1: not valid UTF-8 (byte 0xe9 in column 4) — convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW",
        f"error: {utf16}: the file is UTF-16, not UTF-8 — convert it: iconv -f UTF-16 -t UTF-8 FILE > NEW",
    ]


def test_malformed_csv_and_missing_column(stance_cli, tmp_path):
    bad = write(tmp_path / "bad.csv", 'text\n"ok"\n"a"b"\n')
    nocol = write(tmp_path / "nocol.csv", "body\nx\n")
    run = stance_cli("score", bad, nocol)
    assert run.code == 1 and len(run.rows) == 1
    assert run.err.splitlines()[0].startswith(f"error: {bad}:3: malformed CSV (")
    assert run.err.splitlines()[1] == f"error: {nocol}:1: no column 'text' in the header ('body') — pass --text-column NAME"


def test_directory_without_matches(stance_cli, tmp_path):
    run = stance_cli("score", tmp_path)
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith(f"error: {tmp_path}: no files match *.txt")


def test_strict_stops_at_the_first_failure_and_writes_no_file(stance_cli, tmp_path):
    a, b = write(tmp_path / "a.txt", "Rusia."), write(tmp_path / "b.txt", "")
    c = write(tmp_path / "c.txt", "AS.")
    run = stance_cli("score", a, b, c, "--strict", "-o", tmp_path / "out.jsonl")
    assert run.code == 1 and run.err.count("error:") == 1
    assert not (tmp_path / "out.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_failures_still_write_the_output_file(stance_cli, tmp_path):
    a = write(tmp_path / "a.txt", "Rusia.")
    run = stance_cli("score", a, tmp_path / "nope.txt", "-o", tmp_path / "out.jsonl")
    assert run.code == 1 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_unwritable_output(stance_cli, tmp_path):
    run = stance_cli("score", "-", "-o", tmp_path / "no" / "dir" / "out.jsonl", stdin="Rusia.")
    assert run.code == 1
    assert run.err == f"error: {tmp_path / 'no' / 'dir' / 'out.jsonl'}: cannot write (No such file or directory) — check the path and free space\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--format", "xml"], "stance score: argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'jsonl', 'csv') — see 'stance score --help'"),
        (["score", "--explain", "-1"], "stance score: argument --explain: expected 0 or more, got -1 — see 'stance score --help'"),
        (["score", "--jobs", "0"], "stance score: argument --jobs: expected 1 or more, or -1 for all CPUs, got 0 — see 'stance score --help'"),
        (["score", "--batch-size", "x"], "stance score: argument --batch-size: expected a whole number, got 'x' — see 'stance score --help'"),
        (["score", "-", "--parties", "usa"], "--parties: unknown party 'usa' — use ids of the registry: china, russia, west"),
        (["score", "-", "--parties", ","], "--parties: no party given — use ids of the registry: china, russia, west"),
        (["explain", "Rusia.", "--parties", "usa"], "--parties: unknown party 'usa' — use ids of the registry: china, russia, west"),
        (["score", "-", "-", "--quiet"], "stance score: '-' (stdin) is given more than once — give it once"),
        (["frobnicate"], "stance: argument COMMAND: invalid choice: 'frobnicate' (choose from 'score', 'explain', 'parties', 'info', 'train', 'evaluate') — see 'stance --help'"),
        ([], "stance: the following arguments are required: COMMAND — see 'stance --help'"),
    ],
)
def test_usage_errors_exit_2(stance_cli, args, message):
    run = stance_cli(*args, stdin="Rusia.", model="score" in args or "explain" in args)
    assert (run.code, run.out, run.err) == (2, "", f"error: {message}\n")


def test_no_input_on_a_terminal_is_a_usage_error(stance_cli, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    run = stance_cli("score")
    assert (run.code, run.err) == (2, "error: stance score: no input — pass files or directories, or pipe text to 'stance score -'\n")


def test_corrupt_model(stance_cli, tmp_path):
    (tmp_path / "model.json").write_text("{not json")
    (tmp_path / "model.npz").write_bytes(b"")
    run = stance_cli("score", "-", "--model", tmp_path, stdin="Rusia.")
    assert run.code == 1 and run.out == ""
    assert run.err.startswith(f"error: {tmp_path / 'model.json'}: not valid JSON (")
    assert "Traceback" not in run.err


def test_missing_model(stance_cli, tmp_path):
    run = stance_cli("score", "-", "--model", tmp_path / "none", stdin="Rusia.")
    assert run.code == 1 and run.err.startswith(f"error: {tmp_path / 'none' / 'model.json'}: file not found (")
    assert run.err.endswith(" — pass the directory written by `stance train`, or rebuild it with `python -m training.build` "
                            "(default model) or `stance train`\n")


def test_bad_registry_file(stance_cli, tmp_path):
    reg = write(tmp_path / "r.toml", "[[party]\n")
    run = stance_cli("score", "-", "--registry", reg, stdin="Rusia.")
    assert run.code == 1 and run.err.startswith("error: ") and "Traceback" not in run.err


def test_interrupt_leaves_no_output_file(stance_cli, tmp_path, monkeypatch):
    import stance.writers

    def boom(self, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(stance.writers.JsonlWriter, "write_text", boom)
    run = stance_cli("score", "-", "-o", tmp_path / "out.jsonl", stdin="Rusia.")
    assert (run.code, run.err) == (130, "error: interrupted\n")
    assert list(tmp_path.iterdir()) == []
