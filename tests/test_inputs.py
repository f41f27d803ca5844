"""Inputs: folders and globs are walked without blocking or looping; each real file is taken once."""

import glob
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vnreport_extract.run.inputs import Task, attach_stdin, expand_inputs, folder_files

COMMAND = [sys.executable, "-m", "vnreport_extract"]
REPORT = "Doanh thu đạt 5 tỷ đồng, tăng 10% so với năm trước.\n"


def vnextract(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The command in a subprocess; a hang fails the test (TimeoutExpired) instead of blocking it."""
    return subprocess.run([*COMMAND, "-f", "jsonl", *args], capture_output=True, text=True, timeout=60,
                          check=False, **kwargs)


def sources(stdout: str) -> list[str]:
    import json

    return [json.loads(line)["source"] for line in stdout.splitlines()]


def write(path: Path, text: str = REPORT) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """d/a.txt, d/sub/b.txt and d/sub/deep/c.htm, with the current folder at tmp_path."""
    monkeypatch.chdir(tmp_path)
    for name in ("d/a.txt", "d/sub/b.txt", "d/sub/deep/c.htm"):
        write(tmp_path / name)
    return tmp_path / "d"


@pytest.fixture
def special_files(tree: Path) -> Iterator[Path]:
    """A FIFO, and a listening Unix socket, both named like reports, inside the folder."""
    os.mkfifo(tree / "x.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tree / "sub" / "s.txt"))
    server.listen()
    try:
        yield tree
    finally:
        server.close()


# --- never blocks ------------------------------------------------------------------------------------


def test_fifo_and_socket_in_a_folder_are_skipped_with_a_warning(special_files: Path) -> None:
    result = vnextract("d")
    assert result.returncode == 0, result.stderr
    assert sources(result.stdout) == ["d/a.txt", "d/sub/b.txt", "d/sub/deep/c.htm"]
    warnings = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert warnings == ["vnextract: d/sub/s.txt: skipped, a socket is not read inside a folder or a glob",
                        "vnextract: d/x.txt: skipped, a FIFO is not read inside a folder or a glob"]


def test_fifo_matched_by_a_glob_is_skipped(special_files: Path) -> None:
    result = vnextract("d/**/*.txt", "-q")
    assert result.returncode == 0
    assert sources(result.stdout) == ["d/a.txt", "d/sub/b.txt"]
    assert result.stderr == ""  # --quiet silences the warnings too


def test_a_device_in_a_folder_is_skipped(tree: Path) -> None:
    os.symlink("/dev/zero", tree / "zero.txt")
    result = vnextract("-L", "d")  # followed, the link is a character device: never read
    assert result.returncode == 0
    assert "d/zero.txt: skipped, a character device" in result.stderr


def test_a_device_named_as_input_is_read_up_to_max_bytes(tree: Path) -> None:
    result = vnextract("/dev/zero", "--max-bytes", "1k")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "vnextract: /dev/zero: input is too large (over 1000 bytes, see --max-bytes)")


# --- symbolic links -------------------------------------------------------------------------------


@pytest.fixture
def loops(tree: Path) -> Path:
    os.symlink(".", tree / "a")
    os.symlink(".", tree / "b")
    os.symlink("..", tree / "sub" / "up")
    os.symlink("a.txt", tree / "link.txt")
    return tree


@pytest.mark.parametrize("follow", [[], ["-L"], ["--follow"]])
@pytest.mark.parametrize("argument", ["d", "d/**/*.txt", "d/**"])
def test_symlink_loops_give_each_real_file_once(loops: Path, argument: str, follow: list[str]) -> None:
    result = vnextract(*follow, argument)
    assert result.returncode == 0, result.stderr
    expected = ["d/a.txt", "d/sub/b.txt"] + ([] if argument.endswith(".txt") else ["d/sub/deep/c.htm"])
    assert sources(result.stdout) == expected


def test_links_are_followed_only_with_follow(tree: Path, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "e.txt")
    os.symlink(tmp_path / "elsewhere", tree / "linked")
    os.symlink(tmp_path / "elsewhere" / "e.txt", tree / "f.txt")
    assert sources(vnextract("d").stdout) == ["d/a.txt", "d/sub/b.txt", "d/sub/deep/c.htm"]
    followed = sources(vnextract("d", "-L").stdout)
    assert followed == ["d/a.txt", "d/f.txt", "d/sub/b.txt", "d/sub/deep/c.htm"]  # linked/e.txt is f.txt


def test_a_symlink_named_on_the_command_line_is_read(loops: Path) -> None:
    assert sources(vnextract("d/link.txt").stdout) == ["d/link.txt"]
    assert sources(vnextract("d/a").stdout) == ["d/a/a.txt", "d/a/sub/b.txt", "d/a/sub/deep/c.htm"]


def test_the_same_real_file_under_two_names_is_taken_once(tree: Path) -> None:
    assert [task.source for task in expand_inputs(["d/a.txt", "./d/a.txt", "d"])] == [
        "d/a.txt", "d/sub/b.txt", "d/sub/deep/c.htm"]


# --- OS errors are reported ---------------------------------------------------------------------------


def test_a_folder_too_deep_to_open_is_an_error_not_silence(tree: Path) -> None:
    """Nested folders whose path passes PATH_MAX: listing the deepest fails with ENAMETOOLONG, even for root."""
    name = "n" * 250
    descriptor = os.open(tree, os.O_RDONLY)
    try:
        for _ in range(18):
            os.mkdir(name, dir_fd=descriptor)
            deeper = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = deeper
        with open(os.open("z.txt", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor), "w", encoding="utf-8") as f:
            f.write(REPORT)
    finally:
        os.close(descriptor)
    result = vnextract("d")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "File name too long" in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"vnextract: d/{name}/{name}/")
    found = sources(result.stdout)
    assert [source for source in found if name not in source] == ["d/a.txt", "d/sub/b.txt", "d/sub/deep/c.htm"]
    assert len(found) == 4  # and the error record, in its place


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_an_unreadable_folder_is_an_error(tree: Path) -> None:
    (tree / "sub").chmod(0)
    try:
        result = vnextract("d")
    finally:
        (tree / "sub").chmod(0o755)
    assert result.returncode == 1
    assert "vnextract: d/sub: cannot open folder: Permission denied" in result.stderr.splitlines()


# --- globs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["d/*.txt", "d/**/*.txt", "d/*/*.t?t", "d/**/deep/*", "d/s[u]b/*.txt",
                                     "*/a.txt", "d/**/.h*", "d/*"])
def test_glob_takes_the_files_python_glob_takes(tree: Path, pattern: str) -> None:
    write(tree / ".hidden" / "h.txt")
    write(tree / ".hx.txt")
    (tree / "notes.md").write_text("x", encoding="utf-8")
    files = [path for path in glob.glob(pattern, recursive=True) if os.path.isfile(path)]
    folders = [path for path in glob.glob(pattern, recursive=True) if os.path.isdir(path)]
    expected = set(files) | {path for folder in folders for path in folder_files(folder)}
    got = [task.source for task in expand_inputs([pattern])]
    assert set(got) == expected
    assert got == sorted(got, key=lambda path: Path(path).parts)


def test_glob_without_match_and_empty_folder(tree: Path) -> None:
    (tree / "empty").mkdir()
    assert expand_inputs(["d/*.pdf", "d/empty", "nowhere/*.txt"]) == [
        Task("d/*.pdf", problem="no file matches this pattern"),
        Task("d/empty", problem="folder has no .txt, .html, .htm, .pdf, .docx or .xlsx file"),
        Task("nowhere/*.txt", problem="no file matches this pattern"),
    ]


# --- standard input ---------------------------------------------------------------------------------


def test_stdin_is_refused_at_max_bytes_while_reading() -> None:
    """`yes` never ends: the run can only finish if reading stops at the limit."""
    yes = subprocess.Popen(["yes", "Doanh thu đạt 5 tỷ đồng."], stdout=subprocess.PIPE)
    try:
        result = vnextract("-", "--max-bytes", "100k", stdin=yes.stdout)
    finally:
        yes.kill()
        yes.wait()
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "vnextract: -: input is too large (over 100000 bytes, see --max-bytes)"


def test_closed_stdin_is_an_error_record() -> None:
    result = subprocess.run(f"{' '.join(COMMAND)} - <&-", shell=True, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "vnextract: -: standard input is closed"
    assert "Traceback" not in result.stderr


def test_attach_stdin_without_a_dash_reads_nothing() -> None:
    tasks = [Task("a.txt")]
    assert attach_stdin(tasks, 10) is tasks
