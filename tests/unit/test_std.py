"""pulumi-std's functions computed offline: the answers pulumi-std's own Go implementation gives.

Expected values are the examples in pulumi-std's function descriptions and what its Go code does (Go's
fmt verbs, go-cidr's subnetting, strings.Split, ...); numbers arrive as doubles, as they do over gRPC.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from retail_ai_components.preview.answers import std
from retail_ai_components.preview.datasources import DataSourceRejected, DataSources

HERE = Path(".")


def run(name: str, **args):
    return std.compute(name, args, HERE)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        # the descriptions' own examples
        ("abs", {"input": -3.14}, 3.14),
        ("cidrhost", {"input": "10.0.0.0/8", "host": 2.0}, "10.0.0.2"),
        ("cidrhost", {"input": "10.0.0.0/8", "host": -2.0}, "10.255.255.254"),
        ("cidrnetmask", {"input": "10.0.0.0/8"}, "255.0.0.0"),
        ("cidrsubnet", {"input": "10.0.0.0/8", "newbits": 8.0, "netnum": 2.0}, "10.2.0.0/16"),
        (
            "cidrsubnet",
            {"input": "2607:f298:6051:516c::/64", "newbits": 8.0, "netnum": 2.0},
            "2607:f298:6051:516c:200::/72",
        ),
        (
            "cidrsubnets",
            {"input": "10.1.0.0/16", "newbits": [4.0, 4.0, 8.0, 4.0]},
            ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"],
        ),
        # Go's fmt through pulumi-std's wrapper: whole doubles print as integers
        ("format", {"input": "%s-%d", "args": ["web", 36.0]}, "web-36"),
        ("format", {"input": "%v", "args": [[1.0, "a"]]}, '[1,"a"]'),
        ("format", {"input": "%v/%v", "args": [{"b": 2.0, "a": True}, 2.5]}, '{"a":true,"b":2}/2.5'),
        ("format", {"input": "%s", "args": [36.0]}, "%!s(int64=36)"),
        ("format", {"input": "%d", "args": ["x"]}, "%!d(string=x)"),
        ("format", {"input": "%05.1f|%-4d|%x|%q", "args": [3.14159, 7.0, 255.0, "hi"]}, '003.1|7   |ff|"hi"'),
        ("format", {"input": "%s %s", "args": ["a"]}, "a %!s(MISSING)"),
        ("format", {"input": "100%%", "args": []}, "100%"),
        ("formatlist", {"input": "%s-%d", "args": [["a", "b"], 1.0]}, ["a-1", "b-1"]),
        # strings
        ("substr", {"input": "hello world", "offset": 1.0, "length": 3.0}, "ell"),
        ("substr", {"input": "hello world", "offset": -5.0, "length": -1.0}, "world"),
        ("replace", {"text": "hello world", "search": "o", "replace": "0"}, "hell0 w0rld"),
        ("replace", {"text": "a-1 b-2", "search": "/([a-z])-(\\d)/", "replace": "$2$1"}, "1a 2b"),
        ("split", {"separator": ",", "text": "a,,b"}, ["a", "", "b"]),
        ("join", {"separator": "-", "input": ["a", "b"]}, "a-b"),
        ("chomp", {"input": "text\r\n\n"}, "text"),
        ("indent", {"input": "a\nb", "spaces": 2.0}, "a\n  b"),
        ("title", {"input": "hello world"}, "Hello World"),
        ("trim", {"input": "?!hello?!", "cutset": "!?"}, "hello"),
        ("trimprefix", {"input": "helloworld", "prefix": "hello"}, "world"),
        ("strrev", {"input": "abc"}, "cba"),
        ("length", {"input": "héllo"}, 6),  # Go's len: bytes
        ("urlencode", {"input": "a b&c"}, "a+b%26c"),
        # collections
        ("element", {"input": ["a", "b", "c"], "index": 4.0}, "b"),
        ("lookup", {"map": {"a": "x"}, "key": "b", "default": "d"}, "d"),
        ("toset", {"input": ["a", "b", "a"]}, ["a", "b"]),
        ("distinct", {"input": ["a", "b", "a"]}, ["a", "b"]),
        ("concat", {"input": [["a"], ["b", "c"]]}, ["a", "b", "c"]),
        ("flatten", {"input": [["a", ["b"]], "c"]}, ["a", "b", "c"]),
        ("keys", {"input": {"b": 1.0, "a": 2.0}}, ["a", "b"]),
        ("values", {"input": {"b": 1.0, "a": 2.0}}, [2.0, 1.0]),
        ("compact", {"input": ["a", "", "b"]}, ["a", "b"]),
        ("chunklist", {"input": ["a", "b", "c"], "size": 2.0}, [["a", "b"], ["c"]]),
        ("slice", {"list": ["a", "b", "c"], "from": 1.0, "to": 3.0}, ["b", "c"]),
        ("range", {"limit": 3.0}, [0.0, 1.0, 2.0]),
        ("range", {"limit": 1.0, "start": 3.0}, [3.0, 2.0]),
        ("zipmap", {"keys": ["a", "b"], "values": [1.0, 2.0]}, {"a": 1.0, "b": 2.0}),
        ("transpose", {"input": {"a": ["1", "2"], "b": ["2"]}}, {"1": ["a"], "2": ["a", "b"]}),
        ("matchkeys", {"values": ["i-1", "i-2"], "keys": ["us", "eu"], "searchList": ["eu"]}, ["i-2"]),
        ("setintersection", {"input": [["a", "b"], ["b", "c"]]}, ["b"]),
        ("coalesce", {"input": ["", "b"]}, "b"),
        ("contains", {"input": ["a"], "element": "a"}, True),
        ("index", {"input": ["a", "b"], "element": "b"}, 1),
        ("merge", {"input": [{"a": 1.0}, {"a": 2.0, "b": 3.0}]}, {"a": 2.0, "b": 3.0}),
        # conversions, numbers, encodings, time
        ("parseint", {"input": "FF", "base": 16.0}, 255),
        ("tostring", {"input": 36.0}, "36"),
        ("tonumber", {"input": "36"}, 36.0),
        ("tobool", {"input": "true"}, True),
        ("max", {"input": [1.0, 5.0, 3.0]}, 5.0),
        ("signum", {"input": -2.0}, -1.0),
        ("pow", {"base": 2.0, "exponent": 10.0}, 1024.0),
        ("jsonencode", {"input": {"b": "<x>", "a": 1.0}}, '{"a":1,"b":"\\u003cx\\u003e"}'),
        ("jsondecode", {"input": '{"a": [1, 2]}'}, {"a": [1, 2]}),
        ("base64encode", {"input": "hello"}, "aGVsbG8="),
        ("base64decode", {"input": "aGVsbG8="}, "hello"),
        ("sha256", {"input": "hello"}, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
        ("regex", {"pattern": "(\\d+)-(\\d+)", "string": "10-20"}, ["10", "20"]),
        ("regex", {"pattern": "(?P<a>\\d+)", "string": "x7"}, {"a": "7"}),
        ("regexall", {"pattern": "\\d", "string": "a1b2"}, ["1", "2"]),
        ("timeadd", {"timestamp": "2017-11-22T00:00:00Z", "duration": "10m"}, "2017-11-22T00:10:00Z"),
        ("timeadd", {"timestamp": "2017-11-22T00:00:00Z", "duration": "-1h30m"}, "2017-11-21T22:30:00Z"),
    ],
)
def test_function_answers_as_pulumi_std(name, args, expected):
    assert run(name, **args) == expected


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("cidrsubnet", {"input": "10.0.0.0/30", "newbits": 8.0, "netnum": 0.0}, "insufficient address space"),
        ("cidrsubnet", {"input": "not-a-cidr", "newbits": 8.0, "netnum": 0.0}, "invalid CIDR expression"),
        ("element", {"input": [], "index": 0.0}, "must not be empty"),
        ("lookup", {"map": {}, "key": "a"}, "key not found in input map"),
        ("file", {"input": "no-such-file.txt"}, "the file does not exist"),
    ],
)
def test_what_pulumi_std_rejects_is_rejected(name, args, message):
    with pytest.raises(std.StdError, match=message):
        run(name, **args)


def test_files_are_read_from_the_programs_folder(tmp_path):
    (tmp_path / "user-data.sh").write_text("#!/bin/sh\n")
    sources = DataSources("cn-hangzhou", program_dir=tmp_path)
    assert sources.invoke("std:index:file", {"input": "user-data.sh"}) == {"result": "#!/bin/sh\n"}
    assert sources.invoke("std:index:filemd5", {"input": "./user-data.sh"})["result"] == (
        __import__("hashlib").md5(b"#!/bin/sh\n").hexdigest()
    )


def test_an_error_of_pulumi_std_stops_the_run_naming_the_function_not_the_preview():
    with pytest.raises(DataSourceRejected) as caught:
        DataSources("cn-hangzhou").invoke(
            "std:index:cidrsubnet", {"input": "10.0.0.0/30", "newbits": 8.0, "netnum": 0.0}
        )
    assert str(caught.value).startswith(
        "data source std.cidrsubnet (std:index:cidrsubnet): insufficient address space"
    )
    assert str(caught.value).endswith("(pulumi-std rejects it)")


def test_std_answers_are_notes_of_exact_computation_not_placeholders():
    sources = DataSources("cn-hangzhou")
    sources.invoke("std:index:format", {"input": "%s", "args": ["a"]})
    assert sources.placeholders() == []
    assert sources.notes() == [
        "Data source std.format(args=['a'], input='%s') [std:index:format]: answered from the pulumi-std function, "
        "computed offline as the std provider computes it (exact)"
    ]


def test_every_std_function_of_the_sdk_is_computed_or_a_named_placeholder():
    import pulumi_std

    exported = {name for name in dir(pulumi_std) if not name.startswith("_") and name.endswith("_output")}
    names = {name.removesuffix("_output") for name in exported}
    assert names == set(std.functions()) | set(std.PLACEHOLDER_FUNCTIONS)
