"""Readers (txt, jsonl, csv, tsv, directories, stdin) and atomic output files."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from stance.readers import Document, Failure, Options, atomic_output, read_inputs


def read(paths, options=Options(), stdin=None):
    return list(read_inputs([str(p) for p in paths], options, stdin=stdin))


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- formats -----------------------------------------------------------------------------


def test_txt_is_one_article(tmp_path):
    p = write(tmp_path / "a.txt", "Satu.\nDua.\n")
    assert read([p]) == [Document(str(p), "Satu.\nDua.\n", str(p))]


def test_txt_with_bom_is_fine(tmp_path):
    p = write(tmp_path / "a.txt", b"\xef\xbb\xbfHalo dunia.")
    assert read([p])[0].text == "Halo dunia."


def test_unknown_extension_is_read_as_txt(tmp_path):
    p = write(tmp_path / "a.md", "Judul")
    assert read([p])[0].text == "Judul"


def test_jsonl_fields_ids_and_blank_lines(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"id": "x", "text": "Satu."}\n\n{"text": "Dua."}\n{"id": 7, "text": "Tiga."}\n')
    docs = read([p])
    assert [(d.id, d.text, d.where) for d in docs] == [
        ("x", "Satu.", f"{p}:1"), (f"{p}:3", "Dua.", f"{p}:3"), ("7", "Tiga.", f"{p}:4"),
    ]


def test_jsonl_custom_fields_and_paragraph_lists(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"url": "u1", "paragraphs": ["Satu.", "Dua."]}\n')
    (doc,) = read([p], Options(text_field="paragraphs", id_field="url"))
    assert (doc.id, doc.text) == ("u1", "Satu.\n\nDua.")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON (Expecting property name enclosed in double quotes at column 2) — write one JSON object a line"),
        ("[1, 2]", "expected a JSON object, got a JSON array — write one object a line"),
        ('{"body": "x", "id": 1}', "no 'text' field (fields: 'body', 'id') — pass --text-field NAME"),
        ('{"text": 3}', "field 'text' must be a string or a list of strings, got number — fix the row, or pass --text-field NAME"),
        ('{"text": null}', "field 'text' must be a string or a list of strings, got null — fix the row, or pass --text-field NAME"),
    ],
)
def test_jsonl_bad_rows_are_failures_and_reading_goes_on(tmp_path, line, message):
    p = write(tmp_path / "a.jsonl", f'{line}\n{{"text": "Baik."}}\n')
    assert read([p]) == [Failure(f"{p}:1", message), Document(f"{p}:2", "Baik.", f"{p}:2")]


def test_csv_and_tsv(tmp_path):
    c = write(tmp_path / "a.csv", 'id,text\n1,"Satu, dua."\n2,"Baris\nbaru"\n')
    t = write(tmp_path / "b.tsv", "judul\tisi\nA\tTiga.\n")
    docs = read([c, t], Options(text_column="text"))
    assert [(d.id, d.text) for d in docs[:2]] == [("1", "Satu, dua."), ("2", "Baris\nbaru")]
    assert docs[2] == Failure(f"{t}:1", "no column 'text' in the header ('judul', 'isi') — pass --text-column NAME")
    (doc,) = read([t], Options(text_column="isi", id_column="judul"))
    assert (doc.id, doc.text, doc.where) == ("A", "Tiga.", f"{t}:2")


def test_csv_without_id_column_uses_the_line(tmp_path):
    c = write(tmp_path / "a.csv", "text\nSatu.\n")
    assert read([c]) == [Document(f"{c}:2", "Satu.", f"{c}:2")]


def test_csv_short_row_and_empty_file(tmp_path):
    c = write(tmp_path / "a.csv", "id,text\n1\n2,Dua.\n")
    e = write(tmp_path / "e.csv", "")
    assert read([c, e]) == [
        Failure(f"{c}:2", "the row has 1 fields, no 'text' value — check the quoting and delimiters"),
        Document("2", "Dua.", f"{c}:3"),
        Failure(str(e), "the CSV file is empty (no header row) — add a header with a 'text' column"),
    ]


def test_malformed_csv_stops_that_file(tmp_path):
    c = write(tmp_path / "a.csv", 'text\n"ok"\n"bad"x"\n"never"\n')
    out = read([c])
    assert out[0] == Document(f"{c}:2", "ok", f"{c}:2")
    assert isinstance(out[1], Failure) and out[1].where == f"{c}:3"
    assert out[1].message.startswith("malformed CSV (") and out[1].message.endswith("(the rest of this file is skipped)")
    assert len(out) == 2


def test_csv_long_fields_are_allowed(tmp_path):
    c = write(tmp_path / "a.csv", "text\n" + "kata " * 60_000 + "\n")
    assert len(read([c])[0].text) == 300_000


def test_input_format_overrides_the_extension(tmp_path):
    p = write(tmp_path / "a.txt", '{"text": "Satu."}\n')
    assert read([p], Options(input_format="jsonl"))[0].text == "Satu."


def test_stdin(tmp_path):
    stdin = io.BufferedReader(io.BytesIO("Halo.\n".encode()))
    assert read(["-"], stdin=stdin) == [Document("<stdin>", "Halo.\n", "<stdin>")]
    stdin = io.BufferedReader(io.BytesIO(b'{"text": "A"}\n'))
    assert read(["-"], Options(input_format="jsonl"), stdin=stdin)[0].where == "<stdin>:1"


# -- directories -------------------------------------------------------------------------


def test_directories_are_recursive_sorted_and_skip_hidden_and_unknown(tmp_path):
    write(tmp_path / "b.txt", "B")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.jsonl", '{"text": "A"}\n')
    write(tmp_path / "notes.md", "not read")
    write(tmp_path / ".hidden.txt", "not read")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "x.txt", "not read")
    assert [d.text for d in read([tmp_path])] == ["B", "A"]


def test_glob_selects_files(tmp_path):
    write(tmp_path / "a.txt", "A")
    write(tmp_path / "b.md", "B")
    assert [d.text for d in read([tmp_path], Options(glob="*.md"))] == ["B"]
    assert [d.text for d in read([tmp_path], Options(glob="*.md, *.txt"))] == ["A", "B"]


def test_directory_without_matching_files(tmp_path):
    write(tmp_path / "a.md", "A")
    assert read([tmp_path]) == [
        Failure(str(tmp_path), "no files match *.txt, *.text, *.jsonl, *.ndjson, *.csv, *.tsv in this directory — pass --glob PATTERN")
    ]
    assert read([tmp_path], Options(glob="*.xml")) == [
        Failure(str(tmp_path), "no files match *.xml in this directory — pass --glob PATTERN")
    ]


# -- bad files -----------------------------------------------------------------------------


def test_missing_path(tmp_path):
    assert read([tmp_path / "nope.txt"]) == [Failure(str(tmp_path / "nope.txt"), "no such file or directory — check the path")]


def test_unreadable_file(tmp_path, monkeypatch):
    p = write(tmp_path / "a.txt", "A")
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    assert read([p]) == [Failure(str(p), "cannot read it (Permission denied) — check the path and its permissions")]


def test_binary_file(tmp_path):
    p = write(tmp_path / "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert read([p]) == [Failure(str(p), "binary file (it contains NUL bytes), not text — pass text files only")]


def test_utf16_file(tmp_path):
    p = write(tmp_path / "a.txt", "Halo".encode("utf-16"))
    assert read([p]) == [Failure(str(p), "the file is UTF-16, not UTF-8 — convert it: iconv -f UTF-16 -t UTF-8 FILE > NEW")]


def test_latin1_txt_names_the_line(tmp_path):
    p = write(tmp_path / "a.txt", "Satu.\nCaf\xe9.\n".encode("latin-1"))
    assert read([p]) == [Failure(f"{p}:2", "not valid UTF-8 (byte 0xe9 in column 4) — convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW")]


def test_latin1_jsonl_line_fails_alone(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"text": "ok"}\n'.encode() + '{"text": "Caf\xe9"}\n'.encode("latin-1") + b'{"text": "ok2"}\n')
    out = read([p])
    assert [type(x).__name__ for x in out] == ["Document", "Failure", "Document"]
    assert out[1].where == f"{p}:2" and out[1].message.startswith("not valid UTF-8 (byte 0xe9")


def test_latin1_csv_stops_that_file(tmp_path):
    p = write(tmp_path / "a.csv", "text\nok\n".encode() + "Caf\xe9\n".encode("latin-1"))
    out = read([p])
    assert out == [
        Document(f"{p}:2", "ok", f"{p}:2"),
        Failure(f"{p}:3", "not valid UTF-8 (byte 0xe9 in column 4) — convert the file to UTF-8, e.g. iconv -f "
                          "WINDOWS-1252 -t UTF-8 FILE > NEW (the rest of this file is skipped)"),
    ]


# -- atomic output -------------------------------------------------------------------------


def test_atomic_output_writes_whole_files(tmp_path):
    target = tmp_path / "out.jsonl"
    with atomic_output(target) as f:
        f.write("a\n")
        assert not target.exists()  # nothing visible before the end
    assert target.read_text() == "a\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_atomic_output_interrupted_keeps_the_old_file(tmp_path):
    target = write(tmp_path / "out.jsonl", "old\n")
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as f:
            f.write("half")
            raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
