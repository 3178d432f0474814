"""pulumi-std's functions (``std:index:*``), computed offline as the std provider computes them.

pulumi-std is a local provider: the Pulumi CLI runs it beside the program and it never calls a cloud, so
every answer here is the answer a real preview gets. Each function follows the provider's Go
implementation (pulumi-std 2.3.2), including Go's own formatting where it shows: ``format`` is Go's
``Sprintf`` with whole numbers treated as integers (as the provider does: everything over gRPC is a double),
``%v`` of a list or map is its JSON, a verb that does not fit its value prints Go's ``%!s(int64=36)``.
``timestamp`` and ``uuid`` give a new value each call, as the provider does. ``file*`` functions read from
the program's folder (the provider's working directory under the CLI).

Not computed: ``bcrypt`` (the provider salts it at random: any answer is as good as another, so a
placeholder hash) and ``rsadecrypt`` (a placeholder: decrypting needs the private key's value offline).
"""

from __future__ import annotations

import base64
import csv
import datetime
import decimal
import gzip
import hashlib
import io
import json
import math
import os
import re
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

PLACEHOLDER_FUNCTIONS = ("bcrypt", "rsadecrypt")


class StdError(Exception):
    """What pulumi-std itself answers with an error (the program's call is wrong)."""


# --------------------------------------------------------------------------- Go formatting


def _is_whole(value: Any) -> bool:
    return isinstance(value, float) and value.is_integer() and abs(value) <= 2**63 - 1


def _go_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "<nil>"


def go_float(value: float, verb: str = "g", precision: int | None = None) -> str:
    """Go's ``strconv.FormatFloat`` for 'g' (shortest when ``precision`` is None), 'e' and 'f'."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if verb in ("f", "F"):
        return f"{value:.{6 if precision is None else precision}f}"
    if verb in ("e", "E"):
        text = f"{value:.{6 if precision is None else precision}e}"
        return text.upper() if verb == "E" else text
    if precision is None:
        digits = decimal.Decimal(repr(value)).normalize()
        sign, numerals, exponent = digits.as_tuple()
        assert isinstance(exponent, int)
        exp = len(numerals) + exponent - 1
        # strconv's shortest 'g': the exponent form below 1e-4 and from 1e6 (fmt.Println(1.5e6) is 1.5e+06).
        if exp < -4 or exp >= 6:
            mantissa = "".join(map(str, numerals))
            body = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
            text = f"{'-' if sign else ''}{body}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
        else:
            text = format(digits, "f")
        return text.upper() if verb == "G" else text
    text = f"{value:.{precision or 1}g}"
    text = re.sub(r"e([+-])(\d)$", r"e\g<1>0\2", text)
    return text.upper() if verb == "G" else text


def _shortest_g(value: float) -> str:
    """``%v`` of a float64 in Go: its shortest digits, in 'g' form."""
    return go_float(value)


_SPEC = re.compile(r"%(?P<flags>[-+# 0]*)(?P<width>\d+)?(?:\.(?P<precision>\d*))?(?P<verb>[a-zA-Z%])")


def go_sprintf(template: str, args: Sequence[Any]) -> str:
    """Go's ``fmt.Sprintf`` as pulumi-std's ``format`` calls it (each argument wrapped: whole floats are ints)."""
    values = [int(v) if _is_whole(v) else v for v in args]
    out: list[str] = []
    position = 0
    used = 0
    for spec in _SPEC.finditer(template):
        out.append(template[position : spec.start()])
        position = spec.end()
        verb = spec["verb"]
        if verb == "%":
            out.append("%")
            continue
        if used >= len(values):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = values[used]
        used += 1
        precision = None if spec["precision"] is None else int(spec["precision"] or 0)
        out.append(_pad(_verb(verb, value, spec["flags"], precision), spec["flags"], spec["width"], value))
    out.append(template[position:])
    if used < len(values):
        extra = ", ".join(f"{_go_type(v)}={_plain(v)}" for v in values[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _plain(value: Any) -> str:
    """``%v``: lists and maps as JSON (pulumi-std's choice), the rest as Go prints them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _shortest_g(value)
    if isinstance(value, (list, dict)):
        return go_json(value)
    if value is None:
        return "<nil>"
    return str(value)


def _verb(verb: str, value: Any, flags: str, precision: int | None) -> str:
    bad = f"%!{verb}({_go_type(value)}={_plain(value)})"
    if verb == "v":
        return _plain(value)
    if verb == "T":
        return _go_type(value)
    if isinstance(value, bool):
        return ("true" if value else "false") if verb == "t" else bad
    if isinstance(value, int):
        sign = "+" if "+" in flags and value >= 0 else (" " if " " in flags and value >= 0 else "")
        bases = {"d": "d", "b": "b", "o": "o", "x": "x", "X": "X"}
        if verb in bases:
            text = format(abs(value), bases[verb])
            if "#" in flags and verb in "xX":
                text = ("0x" if verb == "x" else "0X") + text
            return ("-" if value < 0 else sign) + text
        if verb == "c":
            return chr(value)
        if verb == "q":
            return "'" + chr(value) + "'"
        return bad
    if isinstance(value, float):
        if verb in "eEfFgG":
            text = go_float(value, verb, precision)
            return ("+" + text) if "+" in flags and value >= 0 else text
        return bad
    if isinstance(value, str):
        text = value if precision is None else value[:precision]
        if verb == "s":
            return text
        if verb == "q":
            return go_json(text)
        if verb in ("x", "X"):
            hexed = text.encode().hex()
            return hexed.upper() if verb == "X" else hexed
        return bad
    return bad


def _pad(text: str, flags: str, width: str | None, value: Any) -> str:
    if not width or len(text) >= int(width):
        return text
    size = int(width)
    if "-" in flags:
        return text.ljust(size)
    if "0" in flags and isinstance(value, (int, float)) and not isinstance(value, bool):
        sign = text[0] if text[:1] in "+-" else ""
        return sign + text[len(sign) :].rjust(size - len(sign), "0")
    return text.rjust(size)


def go_json(value: Any) -> str:
    """Go's ``json.Marshal``: compact, map keys sorted, ``<``, ``>`` and ``&`` escaped, whole floats as ints."""

    def clean(item: Any) -> Any:
        if _is_whole(item):
            return int(item)
        if isinstance(item, list):
            return [clean(v) for v in item]
        if isinstance(item, dict):
            return {k: clean(v) for k, v in item.items()}
        return item

    text = json.dumps(clean(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# --------------------------------------------------------------------------- networks (go-cidr)


def _network(text: str) -> Any:
    import ipaddress

    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        raise StdError(f"invalid CIDR expression: invalid CIDR address: {text}") from exc


def cidrsubnet(prefix: str, newbits: int, netnum: int) -> str:
    import ipaddress

    network = _network(prefix)
    length = network.prefixlen + newbits
    if length > network.max_prefixlen:
        raise StdError(f"insufficient address space to extend prefix of {network.prefixlen} by {newbits}")
    if netnum < 0 or netnum >= 2**newbits:
        raise StdError(f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
    base = int(network.network_address) | (netnum << (network.max_prefixlen - length))
    address = ipaddress.ip_address(base) if network.version == 4 else ipaddress.IPv6Address(base)
    return f"{address}/{length}"


def cidrhost(prefix: str, host: int) -> str:
    import ipaddress

    network = _network(prefix)
    size = network.num_addresses
    number = host if host >= 0 else size + host
    if number < 0 or number >= size:
        raise StdError(f"prefix of {network.prefixlen} does not accommodate a host numbered {host}")
    return str(ipaddress.ip_address(int(network.network_address) + number))


def cidrnetmask(prefix: str) -> str:
    network = _network(prefix)
    if network.version != 4:
        raise StdError(f"IPv6 addresses cannot have a netmask: {prefix}")
    return str(network.netmask)


def cidrsubnets(prefix: str, newbits: Sequence[int]) -> list[str]:
    network = _network(prefix)
    if not newbits:
        return []
    results: list[str] = []
    current_end = int(network.network_address) - 1  # the address before the first subnet
    for index, bits in enumerate(newbits, start=1):
        if bits < 1:
            raise StdError(f"argument {index} ({bits}) must extend prefix by at least one bit")
        if bits > 32:
            raise StdError(f"argument {index} ({bits}) may not extend prefix by more than 32 bits")
        length = network.prefixlen + bits
        if length > network.max_prefixlen:
            protocol = "IPv4" if network.version == 4 else "IPv6"
            raise StdError(
                f"argument {index} would extend prefix to {length} bits, which is too long for an {protocol} address"
            )
        block = 1 << (network.max_prefixlen - length)
        start = ((current_end + 1) + block - 1) // block * block
        if start + block - 1 > int(network.broadcast_address):
            raise StdError(f"not enough remaining address space for a subnet with a prefix of {length} bits")
        import ipaddress

        address = ipaddress.ip_address(start) if network.version == 4 else ipaddress.IPv6Address(start)
        results.append(f"{address}/{length}")
        current_end = start + block - 1
    return results


# --------------------------------------------------------------------------- the functions


def _file(root: Path, name: str) -> bytes:
    path = Path(os.path.normpath(name))
    where = path if path.is_absolute() else root / path
    try:
        return where.read_bytes()
    except FileNotFoundError:
        raise StdError(f"file({path}) failed to read the contents because the file does not exist") from None
    except OSError as exc:
        raise StdError(f"failed to read file: {exc.strerror}") from None


def _rfc3339(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise StdError(f'parsing time "{text}" as "2006-01-02T15:04:05Z07:00": cannot parse') from None


def _format_rfc3339(moment: datetime.datetime) -> str:
    text = moment.isoformat(timespec="seconds")
    return text.replace("+00:00", "Z")


_DURATION = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def _duration(text: str) -> datetime.timedelta:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    parts = _DURATION.findall(body)
    if not body or "".join(n + u for n, u in parts) != body:
        raise StdError(f'time: invalid duration "{text}"')
    return datetime.timedelta(seconds=sign * sum(float(n) * _UNITS[u] for n, u in parts))


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        # RE2 names groups (?P<name>...) as Python does; both reject what the other rejects, near enough.
        return re.compile(pattern)
    except re.error as exc:
        raise StdError(f"error parsing regexp: {exc}") from None


def _groups(compiled: re.Pattern[str], match: re.Match[str]) -> Any:
    if compiled.groups == 0:
        return match.group(0)
    names = compiled.groupindex
    if names and len(names) != compiled.groups:
        raise StdError(
            "regex pattern contains a mix of named and unnamed submatches, must be all named or all unnamed"
        )
    if names:
        return {name: match.group(name) or "" for name in names}
    return [g or "" for g in match.groups()]


def _flatten(items: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _to_string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return _shortest_g(float(value)) if not _is_whole(value) else str(int(value))
    raise StdError(f"{_plain(value)} is not a string value")


def _to_number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(int(value, 10))
        except ValueError:
            try:
                return float(value)
            except ValueError:
                pass
    raise StdError(f"{_plain(value)} is not a number value")


def _to_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        parsed = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True}
        parsed.update({"0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False})
        if value in parsed:
            return parsed[value]
    raise StdError(f"{_plain(value)} is not a boolean value")


def _coalesce(values: Sequence[Any]) -> Any:
    present = [v for v in values if v is not None]
    if any(isinstance(v, str) for v in present):
        for v in present:
            text = _plain(v)
            if text != "":
                return text
    elif present:
        return present[0]
    raise StdError("no non-empty values found")


def _range(limit: float, start: float | None, step: float | None) -> list[float]:
    start = 0.0 if start is None else start
    if step is None:
        step = -1.0 if start > limit else 1.0
    if start == limit:
        return []
    if step == 0:
        step = 1.0 if start < limit else -1.0
    elif (start < limit and step < 0) or (start > limit and step > 0):
        return []
    return [start + i * step for i in range(math.ceil((limit - start) / step))]


def _slice(items: Sequence[Any], start: int | None, end: int | None) -> list[Any]:
    low = 0 if start is None else start
    high = len(items) if end is None else end
    low += len(items) if low < 0 else 0
    high += len(items) if high < 0 else 0
    if low < 0 or low > len(items):
        raise StdError("from index out of range")
    if high < 0 or high > len(items):
        raise StdError("to index out of range")
    return list(items[low:high])


def _substr(text: str, offset: int, length: int) -> str:
    # pulumi-std walks grapheme clusters; code points are the same for everything but combining marks.
    if length == 0:
        return ""
    while offset < 0:
        offset += len(text)
    if offset >= len(text) and offset > 0:
        return ""
    rest = text[offset:]
    return rest if length < 0 else rest[:length]


def _element(items: Sequence[Any], index: int) -> Any:
    if not items:
        raise StdError("input list must not be empty when using the element function")
    return items[index % len(items)]


def _index(items: Sequence[Any], element: Any) -> int:
    if not items:
        raise StdError("input list must not be empty when using the index function")
    for position, value in enumerate(items):
        if value == element:
            return position
    raise StdError("item not found")


def _lookup(mapping: Mapping[str, Any], key: str, default: Any) -> Any:
    if key in mapping:
        return mapping[key]
    if default is not None:
        return default
    raise StdError("key not found in input map")


def _distinct(items: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _setintersection(sets: Sequence[Sequence[Any]]) -> list[Any]:
    if not sets:
        return []
    first = _distinct(sets[0])
    return [item for item in first if all(item in other for other in sets[1:])]


def _map(args: Sequence[Any]) -> dict[str, Any]:
    if len(args) % 2:
        raise StdError("expected an even number of arguments")
    out: dict[str, Any] = {}
    for index in range(0, len(args), 2):
        if not isinstance(args[index], str):
            raise StdError(f"expected a string key at index {index}")
        out[args[index]] = args[index + 1]
    return out


def _zipmap(keys: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    if len(keys) != len(values):
        raise StdError("keys and values must be the same length")
    return dict(zip(keys, values, strict=True))


def _transpose(mapping: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, values in mapping.items():
        for value in values:
            out.setdefault(value, []).append(key)
    return {key: sorted(values) for key, values in out.items()}


def _matchkeys(values: Sequence[str], keys: Sequence[str], search: Sequence[str]) -> list[str]:
    if len(values) != len(keys):
        raise StdError("values and keys must be of equal length")
    return [values[i] for i, key in enumerate(keys) for wanted in search if key == wanted]


def _formatlist(template: str, args: Sequence[Any]) -> list[str]:
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise StdError("all list arguments must be of the same length")
    if not lengths:
        return [go_sprintf(template, args)]
    (count,) = lengths
    return [go_sprintf(template, [a[i] if isinstance(a, list) else a for a in args]) for i in range(count)]


def _chunklist(items: Sequence[Any], size: int) -> list[Any]:
    if size < 0:
        raise StdError("size must be greater than or equal to 0")
    if size == 0:
        return []
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _compact(items: Sequence[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if not isinstance(item, str):
            raise StdError("compact arg is not a string value")
        if item:
            out.append(item)
    return out


def _parseint(text: str, base: int | None) -> int:
    base = 10 if base is None else base
    if not 2 <= base <= 62:
        raise StdError("base must be between 2 and 62 inclusive")
    try:
        return int(text, base) if base <= 36 else _parse_base62(text, base)
    except ValueError:
        raise StdError(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None


def _parse_base62(text: str, base: int) -> int:
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    sign = -1 if text.startswith("-") else 1
    value = 0
    for char in text.lstrip("+-"):
        if char not in digits[:base]:
            raise ValueError(text)
        value = value * base + digits.index(char)
    return sign * value


def _length(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value.encode()) if isinstance(value, str) else len(value)
    raise StdError("input must be a string, list, or map")


def _title(text: str) -> str:
    return re.sub(
        r"[A-Za-z0-9'\u00C0-\uFFFF]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text
    )


def _timecmp(a: str, b: str) -> int:
    first, second = _rfc3339(a), _rfc3339(b)
    return -1 if first < second else 0  # pulumi-std 2.3.2 answers 0 for "after" too


def _hex(algorithm: str) -> Callable[[bytes], str]:
    return lambda data: hashlib.new(algorithm, data).hexdigest()


def _b64(algorithm: str) -> Callable[[bytes], str]:
    return lambda data: base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def _base64decode(text: str) -> str:
    try:
        decoded = base64.b64decode(text, validate=True)
    except ValueError:
        raise StdError(f"failed to decode base64 data {text!r}") from None
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise StdError("the result of decoding the provided string is not valid UTF-8") from None


def _base64gzip(text: str) -> str:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as archive:
        archive.write(text.encode())
    return base64.b64encode(buffer.getvalue()).decode()


def _csvdecode(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise StdError("missing header line")
    header, *body = rows
    out = []
    for row in body:
        if len(row) != len(header):
            raise StdError("record on line 2: wrong number of fields")
        out.append(dict(zip(header, row, strict=True)))
    return out


def _jsondecode(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise StdError(f"invalid JSON: {exc}") from None


def _abspath(root: Path, path: str) -> str:
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(root, path))


def _pathexpand(path: str) -> str:
    if path.startswith("~") and path[1:2] not in ("", "/"):
        raise StdError("cannot expand user-specific home dir")
    return os.path.expanduser(path)


def _number(value: Any) -> float:
    return float(value)


def _integer(value: Any) -> int:
    return int(value)


def compute(name: str, args: Mapping[str, Any], root: Path) -> Any:
    """The ``result`` of pulumi-std's function ``name`` for ``args`` (as sent: camelCase, numbers as floats)."""
    a = args
    text = str(a.get("input", "")) if isinstance(a.get("input"), str) else ""
    items: list[Any] = list(a.get("input") or []) if isinstance(a.get("input"), list) else []
    numbers = [float(v) for v in items if isinstance(v, (int, float))]
    table: dict[str, Callable[[], Any]] = {
        "abs": lambda: abs(_number(a["input"])),
        "abspath": lambda: _abspath(root, text),
        "alltrue": lambda: all(v is True or v == "true" for v in items),
        "anytrue": lambda: any(v is True or v == "true" for v in items),
        "base64decode": lambda: _base64decode(text),
        "base64encode": lambda: base64.b64encode(text.encode()).decode(),
        "base64gzip": lambda: _base64gzip(text),
        "base64sha256": lambda: _b64("sha256")(text.encode()),
        "base64sha512": lambda: _b64("sha512")(text.encode()),
        "basename": lambda: os.path.basename(text.rstrip("/")) or ("/" if text.startswith("/") else "."),
        "ceil": lambda: float(math.ceil(_number(a["input"]))),
        "chomp": lambda: re.sub(r"(?:\r\n?|\n)*\Z", "", text),
        "chunklist": lambda: _chunklist(items, _integer(a.get("size", 0))),
        "cidrhost": lambda: cidrhost(text, _integer(a["host"])),
        "cidrnetmask": lambda: cidrnetmask(text),
        "cidrsubnet": lambda: cidrsubnet(text, _integer(a["newbits"]), _integer(a["netnum"])),
        "cidrsubnets": lambda: cidrsubnets(text, [_integer(n) for n in a.get("newbits") or []]),
        "coalesce": lambda: _coalesce(items),
        "coalescelist": lambda: (
            next((lst for lst in items if lst), None) or _raise("no non-empty list found")
        ),
        "compact": lambda: _compact(items),
        "concat": lambda: [v for lst in items for v in (lst or [])],
        "contains": lambda: a.get("element") in items,
        "csvdecode": lambda: _csvdecode(text),
        "dirname": lambda: os.path.dirname(text.rstrip("/")) or ("/" if text.startswith("/") else "."),
        "distinct": lambda: _distinct(items),
        "element": lambda: _element(items, _integer(a.get("index", 0))),
        "endswith": lambda: text.endswith(str(a.get("suffix", ""))),
        "file": lambda: _file(root, text).decode("utf-8", errors="replace"),
        "filebase64": lambda: base64.b64encode(_file(root, text)).decode(),
        "filebase64sha256": lambda: _b64("sha256")(_file(root, text)),
        "filebase64sha512": lambda: _b64("sha512")(_file(root, text)),
        "fileexists": lambda: (root / text).is_file() if not os.path.isabs(text) else Path(text).is_file(),
        "filemd5": lambda: _hex("md5")(_file(root, text)),
        "filesha1": lambda: _hex("sha1")(_file(root, text)),
        "filesha256": lambda: _hex("sha256")(_file(root, text)),
        "filesha512": lambda: _hex("sha512")(_file(root, text)),
        "flatten": lambda: _flatten(items),
        "floor": lambda: float(math.floor(_number(a["input"]))),
        "format": lambda: go_sprintf(text, list(a.get("args") or [])),
        "formatlist": lambda: _formatlist(text, list(a.get("args") or [])),
        "indent": lambda: text.replace("\n", "\n" + " " * _integer(a.get("spaces", 0))),
        "index": lambda: _index(items, a.get("element")),
        "join": lambda: str(a.get("separator", "")).join(str(v) for v in items),
        "jsondecode": lambda: _jsondecode(text),
        "jsonencode": lambda: go_json(a.get("input")),
        "keys": lambda: sorted((a.get("input") or {}).keys()),
        "length": lambda: _length(a.get("input")),
        "log": lambda: math.log(_number(a["input"]), _number(a["base"])),
        "lookup": lambda: _lookup(a.get("map") or {}, str(a.get("key", "")), a.get("default")),
        "lower": lambda: text.lower(),
        "map": lambda: _map(list(a.get("args") or [])),
        "matchkeys": lambda: _matchkeys(
            list(a.get("values") or []), list(a.get("keys") or []), list(a.get("searchList") or [])
        ),
        "max": lambda: max(numbers) if numbers else _raise("input list must not be empty"),
        "md5": lambda: _hex("md5")(text.encode()),
        "merge": lambda: {k: v for m in items for k, v in (m or {}).items()},
        "min": lambda: min(numbers) if numbers else _raise("input list must not be empty"),
        "parseint": lambda: _parseint(text, None if a.get("base") is None else _integer(a["base"])),
        "pathexpand": lambda: _pathexpand(text),
        "pow": lambda: math.pow(_number(a["base"]), _number(a["exponent"])),
        "range": lambda: _range(
            _number(a["limit"]),
            None if a.get("start") is None else _number(a["start"]),
            None if a.get("step") is None else _number(a["step"]),
        ),
        "regex": lambda: _regex_first(str(a.get("pattern", "")), str(a.get("string", ""))),
        "regexall": lambda: _regex_all(str(a.get("pattern", "")), str(a.get("string", ""))),
        "replace": lambda: _replace(
            str(a.get("text", "")), str(a.get("search", "")), str(a.get("replace", ""))
        ),
        "reverse": lambda: list(reversed(items)),
        "setintersection": lambda: _setintersection(items),
        "sha1": lambda: _hex("sha1")(text.encode()),
        "sha256": lambda: _hex("sha256")(text.encode()),
        "sha512": lambda: _hex("sha512")(text.encode()),
        "signum": lambda: float((_number(a["input"]) > 0) - (_number(a["input"]) < 0)),
        "slice": lambda: _slice(
            list(a.get("list") or []),
            None if a.get("from") is None else _integer(a["from"]),
            None if a.get("to") is None else _integer(a["to"]),
        ),
        "sort": lambda: sorted(str(v) for v in items),
        "split": lambda: (
            str(a.get("text", "")).split(str(a.get("separator", "")))
            if a.get("separator")
            else list(str(a.get("text", "")))
        ),
        "startswith": lambda: text.startswith(str(a.get("prefix", ""))),
        "strrev": lambda: text[::-1],
        "substr": lambda: _substr(text, _integer(a.get("offset", 0)), _integer(a.get("length", 0))),
        "sum": lambda: float(sum(numbers)),
        "timeadd": lambda: _format_rfc3339(_rfc3339(str(a["timestamp"])) + _duration(str(a["duration"]))),
        "timecmp": lambda: _timecmp(str(a["timestampa"]), str(a["timestampb"])),
        "timestamp": lambda: _format_rfc3339(
            datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        ),
        "title": lambda: _title(text),
        "tobool": lambda: _to_bool(a.get("input")),
        "tolist": lambda: items,
        "tonumber": lambda: _to_number(a.get("input")),
        "toset": lambda: _distinct(items),
        "tostring": lambda: _to_string(a.get("input")),
        "transpose": lambda: _transpose(a.get("input") or {}),
        "trim": lambda: text.strip(str(a.get("cutset", ""))),
        "trimprefix": lambda: text.removeprefix(str(a.get("prefix", ""))),
        "trimspace": lambda: text.strip(),
        "trimsuffix": lambda: text.removesuffix(str(a.get("suffix", ""))),
        "upper": lambda: text.upper(),
        "urlencode": lambda: urllib.parse.quote_plus(text, safe="-_.~"),
        "uuid": lambda: str(uuid.uuid4()),
        "values": lambda: [v for _, v in sorted((a.get("input") or {}).items())],
        "zipmap": lambda: _zipmap(list(a.get("keys") or []), list(a.get("values") or [])),
    }
    function = table.get(name)
    if function is None:
        raise KeyError(name)
    try:
        return function()
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, StdError):
            raise
        raise StdError(f"invalid arguments: {exc}") from None


def functions() -> frozenset[str]:
    """Every function :func:`compute` computes (pulumi-std's, less :data:`PLACEHOLDER_FUNCTIONS`)."""
    return frozenset(_ALL)


def _raise(message: str) -> Any:
    raise StdError(message)


def _replace(text: str, search: str, replacement: str) -> str:
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        compiled = _regex(search[1:-1])
        # RE2's $1 / ${name} references in Python's \g<...> spelling.
        template = re.sub(r"\$\{?(\w+)\}?", lambda m: f"\\g<{m.group(1)}>", replacement.replace("\\", "\\\\"))
        return compiled.sub(template, text)
    return text.replace(search, replacement)


def _regex_first(pattern: str, text: str) -> Any:
    compiled = _regex(pattern)
    match = compiled.search(text)
    return [] if match is None else _groups(compiled, match)


def _regex_all(pattern: str, text: str) -> list[Any]:
    compiled = _regex(pattern)
    return [_groups(compiled, match) for match in compiled.finditer(text)]


_ALL = [
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatlist",
    "indent",
    "index",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "map",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "parseint",
    "pathexpand",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "setintersection",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strrev",
    "substr",
    "sum",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "tobool",
    "tolist",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "upper",
    "urlencode",
    "uuid",
    "values",
    "zipmap",
]


def placeholder(name: str, args: Mapping[str, Any]) -> str:
    """The placeholder result of a function not computed offline (``bcrypt``, ``rsadecrypt``)."""
    digest = hashlib.sha256(json.dumps([name, args], sort_keys=True, default=str).encode()).hexdigest()
    if name == "bcrypt":
        cost = int(args.get("cost") or 10)
        return f"$2a${cost:02d}$placeholder{digest[:43]}"
    return f"placeholder-plaintext-{digest[:16]}"
