"""`casebook feeds ...` and `casebook refresh`, held to the README's promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.feed_support import http, many_items, server
from tests.test_cli import (  # noqa: F401  (_isolated_env, cb: fixtures)
    CLI,
    _isolated_env,
    cb,
    one_line,
    run_module,
    subprocess_env,
)
from tui.core.subscriptions import FEEDS_FILE
from tui.feeds.progress_lines import ProgressLineError, parse_line

__all__ = ["http", "server"]  # fixtures
FIXTURES = Path(__file__).parent / "fixtures"
NEWSBOAT = FIXTURES / "newsboat-export.opml"
FEED_KEYS = {"url", "name", "tags", "articles", "unread", "last_fetch", "last_status"}


def feeds(cb: CLI) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(cb.ok("feeds", "list", "--json"))
    for item in items:
        assert set(item) == FEED_KEYS
    return items


# -- add / list / remove -------------------------------------------------------------


def test_add_list_and_remove(cb: CLI) -> None:
    assert cb.ok("feeds", "add", "https://a.example/feed", "--name", "Acme", "--tag", "eng",
                 "--tag", "go") == "subscribed to https://a.example/feed\n"
    assert cb.ok("feeds", "add", "https://a.example/feed") == (
        "already subscribed to https://a.example/feed\n"
    )
    cb.ok("feeds", "add", "http://b.example/rss")
    assert feeds(cb) == [
        {"url": "https://a.example/feed", "name": "Acme", "tags": ["eng", "go"], "articles": 0,
         "unread": 0, "last_fetch": None, "last_status": None},
        {"url": "http://b.example/rss", "name": "http://b.example/rss", "tags": [],
         "articles": 0, "unread": 0, "last_fetch": None, "last_status": None},
    ]
    table = cb.ok("feeds", "list")
    assert "Acme" in table and "never fetched" in table and "2 feeds" in table
    assert "unsubscribed from Acme" in cb.ok("feeds", "remove", "acme")
    assert [f["url"] for f in feeds(cb)] == ["http://b.example/rss"]
    assert "unsubscribed" in cb.ok("feeds", "remove", "http://b.example/rss")
    assert feeds(cb) == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://a.example/", "a.example/feed",
            "", "https://a.example/\x1b[2J"]
)
def test_add_refuses_anything_but_http(cb: CLI, url: str) -> None:
    message = cb.usage_error("feeds", "add", url)
    assert "is not an http(s) URL" in message and "\x1b" not in message
    assert not (cb.data_dir / FEEDS_FILE).exists()


def test_add_refuses_a_bad_tag(cb: CLI) -> None:
    assert "is not a tag word" in cb.usage_error("feeds", "add", "https://a.example/", "--tag",
                                                 "Not A Tag")


def test_remove_of_an_unknown_feed_is_a_usage_error(cb: CLI) -> None:
    assert "no subscription" in cb.usage_error("feeds", "remove", "nope")


def test_usage_errors(cb: CLI) -> None:
    cb.usage_error("feeds")
    cb.usage_error("feeds", "frob")
    cb.usage_error("feeds", "add")


# -- OPML ----------------------------------------------------------------------------


def test_a_newsboat_export_imports(cb: CLI) -> None:
    result = cb("feeds", "import", str(NEWSBOAT))
    assert result.out == "added 3, already subscribed 0, refused 3\n"
    assert result.code == 2  # something in the file was refused
    refused = result.err.splitlines()
    assert len(refused) == 3
    assert all("is not an http(s) URL (refused)" in line for line in refused)
    assert "'exec:~/bin/make-feed.sh'" in refused[0] and "'A local script'" in refused[0]
    subs = {f["url"]: f for f in feeds(cb)}
    assert list(subs) == [
        "https://netflixtechblog.com/feed",
        "https://blog.cloudflare.com/rss/",
        "https://www.uber.com/blog/engineering/rss/",
    ]
    assert subs["https://blog.cloudflare.com/rss/"]["tags"] == ["infra", "networking"]
    assert subs["https://www.uber.com/blog/engineering/rss/"]["name"] == "Uber Engineering & Co"
    again = cb("feeds", "import", str(NEWSBOAT))
    assert again.out == "added 0, already subscribed 3, refused 3\n"


def test_folders_become_tags_and_export_round_trips(cb: CLI, tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="Tech Blogs">
    <outline text="Databases"><outline type="rss" text="Pg" xmlUrl="https://pg.example/rss"/></outline>
    <outline type="rss" text="Go" xmlUrl="https://go.example/feed.atom"/>
  </outline>
  <outline text="Ops"><outline type="rss" text="Go" xmlUrl="https://go.example/feed.atom"/></outline>
  <outline type="rss" text="Loose" xmlUrl="http://loose.example/"/>
</body></opml>""", encoding="utf-8")
    assert cb.ok("feeds", "import", str(opml)) == "added 3, already subscribed 0\n"
    before = feeds(cb)
    assert [(f["name"], f["tags"]) for f in before] == [
        ("Pg", ["tech-blogs", "databases"]),
        ("Go", ["tech-blogs", "ops"]),
        ("Loose", []),
    ]
    out = tmp_path / "out.opml"
    assert cb.ok("feeds", "export", "-o", str(out)) == ""
    text = out.read_text(encoding="utf-8")
    assert '<opml version="2.0">' in text and 'xmlUrl="https://pg.example/rss"' in text
    assert cb.ok("feeds", "export").startswith("<?xml")  # without -o: to stdout
    other = tmp_path / "other"
    assert cb.ok("feeds", "import", str(out), data_dir=other) == "added 3, already subscribed 0\n"
    after = json.loads(cb.ok("feeds", "list", "--json", data_dir=other))
    assert [(f["url"], f["name"], f["tags"]) for f in after] == [
        (f["url"], f["name"], f["tags"]) for f in before
    ]
    assert not list(tmp_path.glob(".out.opml*"))  # the atomic write left no temp file


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b'<opml><body><outline xmlUrl="https://a.example/&x;"/></body></opml>',
         "refused: the file declares a DTD or entities"),
        (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
         b'<opml><body/></opml>', "refused: the file declares a DTD or entities"),
        (b"<opml><body><outline", "line 1: not valid XML"),
        (b"<html><body/></html>", "not an OPML file (the root element is <html>)"),
        (b"<opml><head/></opml>", "not an OPML file (no <body>)"),
        (b"\xff\xfe\x00garbage", "not valid XML"),
    ],
)
def test_bad_opml_is_one_line_and_changes_nothing(
    cb: CLI, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.opml"
    path.write_bytes(content)
    message = cb.usage_error("feeds", "import", str(path))
    assert message.startswith(f"casebook: {path}: ") and expected in message
    assert not (cb.data_dir / FEEDS_FILE).exists()


def test_bad_outlines_are_refused_with_a_clear_message(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "mixed.opml"
    path.write_text("""<opml version="2.0"><body>
<outline text="Evil\u202e Co" xmlUrl="javascript:alert(1)"/>
<outline text="File" xmlUrl="file:///etc/passwd"/>
<outline text="Data" xmlUrl="data:text/plain,x"/>
<outline xmlUrl=""/>
<outline text="Good" xmlUrl="https://good.example/feed"/>
</body></opml>""", encoding="utf-8")
    result = cb("feeds", "import", str(path))
    assert result.code == 2 and result.out == "added 1, already subscribed 0, refused 4\n"
    lines = result.err.splitlines()
    assert lines[0] == (f"casebook: {path}: outline 'Evil Co': 'javascript:alert(1)' is not an "
                        "http(s) URL (refused)")
    assert "'file:///etc/passwd'" in lines[1] and "'data:text/plain,x'" in lines[2]
    assert "without a name: 'an empty URL'" in lines[3]
    assert [f["url"] for f in feeds(cb)] == ["https://good.example/feed"]


def test_import_of_a_missing_file(cb: CLI, tmp_path: Path) -> None:
    assert "cannot read the file" in cb.usage_error("feeds", "import", str(tmp_path / "no.opml"))


# -- refresh -------------------------------------------------------------------------


def test_refresh_lines_and_exit_codes(cb: CLI, http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data(many_items(3), headers={"ETag": '"1"'})
    http.expect_request("/b").respond_with_data("gone", status=404)
    cb.ok("feeds", "add", http.url_for("/a"), "--name", "Alpha")
    assert cb.ok("refresh") == "Alpha: 3 new, 0 updated\n"
    cb.ok("feeds", "add", http.url_for("/b"), "--name", "Beta")
    result = cb("refresh")
    assert result.code == 1
    assert result.out == "Alpha: 0 new, 0 updated\nBeta: error: HTTP 404 NOT FOUND\n"
    assert result.err == ""  # no progress bar when stderr is not a terminal
    assert cb.ok("refresh", "alpha") == "Alpha: 0 new, 0 updated\n"
    listed = {f["name"]: f for f in feeds(cb)}
    assert listed["Alpha"]["articles"] == 3 and listed["Alpha"]["unread"] == 3
    assert listed["Alpha"]["last_status"] == "ok"
    assert listed["Beta"]["last_status"] == "error: HTTP 404 NOT FOUND"
    titles = [a["title"] for a in cb.articles() if a["company"] == "Alpha"]
    assert titles == ["Post 0", "Post 1", "Post 2"]


def test_refresh_progress_jsonl_is_what_the_app_reads(http: HTTPServer, tmp_path: Path) -> None:
    """The hidden mode R's child runs in: one JSON object a line, the results last, the same
    exit codes; a real process (it lowers its own CPU priority)."""
    http.expect_request("/a").respond_with_data(many_items(3))
    http.expect_request("/b").respond_with_data("gone", status=404)
    data = tmp_path / "jsonl"
    for path, name in (("/a", "Alpha"), ("/b", "Beta")):
        run_module("--data-dir", str(data), "feeds", "add", http.url_for(path), "--name", name)
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(data), "refresh", "--progress-jsonl"],
        capture_output=True, text=True, timeout=60, env=subprocess_env(),
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stderr == ""
    parsed = [parse_line(line) for line in proc.stdout.splitlines()]
    assert parsed[0] == (0, 2, None)
    steps = parsed[1:-1]
    assert [s[:2] for s in steps if isinstance(s, tuple)] == [(1, 2), (2, 2)]
    results = parsed[-1]
    assert isinstance(results, list)
    assert [r.line() for r in results] == ["Alpha: 3 new, 0 updated",
                                           "Beta: error: HTTP 404 NOT FOUND"]
    assert "--progress-jsonl" not in run_module("refresh", "--help").stdout


@pytest.mark.parametrize("line", ["", "[1]", '{"done": -1, "total": 2}', '{"done": 1}',
                                  '{"results": [{"outcome": "exploded"}]}', '{"results": 3}'])
def test_a_progress_line_of_another_shape_is_refused(line: str) -> None:
    with pytest.raises(ProgressLineError):
        parse_line(line)


def test_refresh_of_an_unknown_name_is_a_usage_error(cb: CLI) -> None:
    assert "no subscription" in cb.usage_error("refresh", "nope")


def test_refresh_without_feeds_says_how_to_add_one(cb: CLI) -> None:
    assert "casebook feeds add" in cb.ok("refresh")


def test_a_damaged_feeds_file_is_restored_from_its_backup(cb: CLI) -> None:
    cb.ok("feeds", "add", "https://a.example/feed")
    cb.ok("feeds", "add", "https://b.example/feed")
    path = cb.data_dir / FEEDS_FILE
    payload = json.loads(path.read_bytes())
    payload["tables"]["feeds"]["columns"]["url"][0] = "file:///etc/passwd"
    path.write_text(json.dumps(payload))
    result = cb("feeds", "list", "--json")
    assert result.code == 0 and "restored the last good copy" in one_line(result.err)
    assert [f["url"] for f in json.loads(result.out)] == [
        "https://a.example/feed", "https://b.example/feed"]


def test_a_real_process_shows_no_traceback(tmp_path: Path) -> None:
    env = subprocess_env(CASEBOOK_DATA_DIR=str(tmp_path / "d"))
    for args, code in ((["feeds", "add", "file:///x"], 2), (["refresh", "x"], 2),
                       (["feeds", "import", os.devnull], 2)):
        proc = subprocess.run([sys.executable, "-m", "tui", *args], env=env, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == code, proc
        one_line(proc.stderr)


def test_global_options_work_after_feed_commands_too(cb: CLI, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    assert cb.raw("feeds", "add", "https://a.example/feed", "--data-dir", str(elsewhere)).code == 0
    listed = json.loads(cb.raw("feeds", "list", "--json", "--data-dir", str(elsewhere)).out)
    assert [f["url"] for f in listed] == ["https://a.example/feed"]
    assert cb.raw("refresh", "--data-dir", str(tmp_path / "none")).code == 0
    assert not (cb.data_dir / FEEDS_FILE).exists()  # nothing went to the default store


def test_feed_commands_complete_and_suggest(cb: CLI) -> None:
    import shtab

    from tui import cli

    script = shtab.complete(cli.build_parser(), "bash")
    assert "feeds" in script and "refresh" in script
    assert "did you mean add?" in cb.usage_error("feeds", "ad", "https://a.example/")


def test_refresh_takes_its_deadline_from_the_config(cb: CLI, tmp_path: Path) -> None:
    import time

    from tests.feed_support import silent_port

    config = tmp_path / "config.toml"
    config.write_text("[feeds]\ntimeout_seconds = 1\nconcurrency = 2\n", encoding="utf-8")
    with silent_port() as port:
        cb.ok("feeds", "add", f"http://127.0.0.1:{port}/feed", "--name", "Silent")
        started = time.monotonic()
        result = cb("--config", str(config), "refresh")
        assert result.code == 1 and "Silent: error" in result.out
        assert time.monotonic() - started < 10  # the config's 1 s, not the default 20 s
    bad = tmp_path / "bad.toml"
    bad.write_text("[feeds]\ntimeout_seconds = 'soon'\n", encoding="utf-8")
    assert "bad.toml:2" in cb.usage_error("--config", str(bad), "refresh")
